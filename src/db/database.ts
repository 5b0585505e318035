import type { Generated, Kysely } from 'kysely'
import type { InstrumentFieldColumns } from './instrument-columns.js'

/** Row types of schema/*.sql, as Kysely sees them (snake_case, as stored). */
export interface CitiesTable {
  code: string
  name: string
}

export interface InstitutionsTable {
  id: string
  name: string
  city: string
  kind: string
}

export interface UsersTable {
  id: string
  email: string
  name: string
  password_hash: string
  role: string
  institution_id: string | null
  active: Generated<number>
  feed_key: string
  created_at: number
  language: Generated<string>
}

export interface TokensTable {
  token_hash: string
  user_id: string
  created_at: number
  expires_at: number
}

/** Sign-in attempts, reserved before the password is checked; a success deletes its own (schema/0004). */
export interface LoginFailuresTable {
  id: Generated<number>
  /** the account's e-mail, or a key of another limit (` address …`, ` device …`): see services/auth.ts */
  email: string
  at: number
}

export interface SignInDevicesTable {
  token_hash: string
  email: string
  created_at: number
  expires_at: number
}

/** The instrument's own fields come from db/instrument-columns.ts, where each one's column is declared once. */
export interface InstrumentsTable extends InstrumentFieldColumns {
  id: string
  institution_id: string
  version: Generated<number>
  created_at: number
  updated_at: number
}

export interface ReservationsTable {
  id: string
  instrument_id: string
  user_id: string
  user_institution_id: string
  start_ms: number
  end_ms: number
  hold_end_ms: number
  status: string
  purpose: Generated<string>
  recorded: Generated<number>
  recognition_id: string | null
  /** a run of this sample order (schema/0008): never a use, never charged */
  order_id: Generated<string | null>
  actual_start_ms: number | null
  actual_end_ms: number | null
  status_reason: string | null
  decided_by: string | null
  decided_at: number | null
  ics_uid: string
  version: Generated<number>
  created_at: number
  updated_at: number
  price_class: Generated<string>
  rates: Generated<string>
  voucher_id: string | null
  fund_account: Generated<string>
  billable: Generated<number>
  billed_minutes: number | null
  charge_fen: number | null
  deduction_fen: number | null
  payable_fen: number | null
  fee_fen: number | null
  charged_at: number | null
}

export interface ReservationEventsTable {
  id: Generated<number>
  reservation_id: string
  actor_id: string | null
  at: number
  from_status: string | null
  to_status: string
  reason: string | null
  detail: string | null
}

export interface InstrumentEventsTable {
  id: Generated<number>
  instrument_id: string
  actor_id: string | null
  at: number
  changes: string
}

export interface BlackoutsTable {
  id: string
  instrument_id: string
  start_ms: number
  end_ms: number
  reason: Generated<string>
  created_by: string | null
  created_at: number
}

export interface QualificationsTable {
  instrument_id: string
  user_id: string
  granted_by: string | null
  granted_at: number
  expires_at: number | null
  recognition_id: string | null
}

export interface IdempotencyKeysTable {
  user_id: string
  key: string
  request_hash: string
  status: number | null
  body: string | null
  created_at: number
}

export interface TargetsTable {
  year: number
  target: number
  set_by: string | null
  set_at: number
}

/** schema/0003: work one process at a time may do, and the presence of running servers. */
export interface LeasesTable {
  name: string
  holder: string
  expires_at: number
}

export interface RecognitionsTable {
  id: string
  instrument_id: string
  issuing_institution_id: string
  created_by: string | null
  created_at: number
  expires_at: number | null
  revoked_by: string | null
  revoked_at: number | null
}

export interface RecognitionEventsTable {
  id: Generated<number>
  recognition_id: string
  actor_id: string | null
  at: number
  action: string
  reservation_id: string | null
  user_id: string | null
}

export interface EvaluationMeansTable {
  year: number
  effective_hours: number
  external_hours: number
  set_by: string | null
  set_at: number
}

export interface VoucherProgramsTable {
  id: string
  name: string
  city: string
  coverage_percent: number
  full_coverage_below_fen: number | null
  per_use_cap_fen: number | null
  per_holder_year_cap_fen: number | null
  holder_kinds: string
  provider_cities: string | null
  valid_from: string
  valid_to: string
  created_by: string | null
  created_at: number
}

export interface VouchersTable {
  id: string
  program_id: string
  holder_institution_id: string
  amount_fen: number
  expires_at: number
  granted_by: string | null
  granted_at: number
}

export interface VoucherLedgerTable {
  id: Generated<number>
  voucher_id: string
  program_id: string
  holder_institution_id: string
  provider_institution_id: string
  reservation_id: string | null
  order_id: string | null
  deduction_fen: number
  counted_year: number
  at: number
}

export interface BillingEntriesTable {
  id: Generated<number>
  kind: string
  reservation_id: string | null
  order_id: string | null
  provider_institution_id: string
  payer_institution_id: string
  instrument_id: string
  user_id: string
  use_start_ms: number
  month_ord: number
  price_class: string
  unit: string
  quantity_units: number
  unit_price_fen: number
  fee_percent: number | null
  charge_fen: number
  deduction_fen: number
  payable_fen: number
  fund_account: Generated<string>
  voucher_id: string | null
  reverses_id: number | null
  statement_id: string | null
  created_at: number
}

export interface StatementsTable {
  id: string
  provider_institution_id: string
  payer_institution_id: string
  month: string
  month_ord: number
  status: Generated<string>
  created_by: string | null
  created_at: number
  issued_at: number | null
  issued_by: string | null
  paid_at: number | null
  dispute_reason: string | null
  disputed_at: number | null
  answer_note: string | null
  answered_at: number | null
  version: Generated<number>
  updated_at: number
}

export interface StatementEventsTable {
  id: Generated<number>
  statement_id: string
  actor_id: string | null
  at: number
  from_status: string | null
  to_status: string
  note: string | null
}

export interface StatementLinesTable {
  statement_id: string
  entry_id: number
  kind: string
  source: string
  use_start_ms: number
  reservation_id: string | null
  order_id: string | null
  instrument_id: string
  instrument_name: string
  user_id: string
  user_name: string
  fund_account: string
  price_class: string
  unit: string
  quantity_units: number
  unit_price_fen: number
  fee_percent: number | null
  charge_fen: number
  deduction_fen: number
  payable_fen: number
}

/** Sample orders (schema/0008). */
export interface OrdersTable {
  id: string
  instrument_id: string
  user_id: string
  user_institution_id: string
  status: string
  samples: number
  received_samples: number | null
  sample_description: string
  sample_form: string | null
  hazard: string
  tests: string
  turnaround_days: number | null
  delivery: string
  tracking_number: string | null
  status_reason: string | null
  sample_disposal: string | null
  report_note: string | null
  report_key: string | null
  report_bytes: number | null
  reported_at: number | null
  completed_at: number | null
  price_class: string
  rates: string
  voucher_id: string | null
  fund_account: Generated<string>
  quote_fen: number
  charge_fen: number | null
  deduction_fen: number | null
  payable_fen: number | null
  charged_at: number | null
  version: Generated<number>
  created_at: number
  updated_at: number
}

export interface OrderEventsTable {
  id: Generated<number>
  order_id: string
  actor_id: string | null
  at: number
  from_status: string | null
  to_status: string
  reason: string | null
  detail: string | null
}

/** Ratings after a use (schema/0008). */
export interface RatingsTable {
  id: string
  instrument_id: string
  user_id: string
  reservation_id: string | null
  order_id: string | null
  timeliness: number
  quality: number
  staff: number
  comment: Generated<string>
  use_at: number
  created_at: number
}

export interface JobLeasesTable {
  name: string
  holder: string
  expires_at: number
  last_run_at: number | null
}

export interface NotificationsTable {
  id: string
  user_id: string
  kind: string
  params: string
  created_at: number
  read_at: number | null
  mail_status: Generated<string>
  mail_due_at: number
  mail_attempts: Generated<number>
  mail_claimed_at: number | null
  mail_sent_at: number | null
  mail_error: string | null
}

export interface Database {
  cities: CitiesTable
  institutions: InstitutionsTable
  users: UsersTable
  tokens: TokensTable
  login_failures: LoginFailuresTable
  sign_in_devices: SignInDevicesTable
  instruments: InstrumentsTable
  reservations: ReservationsTable
  reservation_events: ReservationEventsTable
  instrument_events: InstrumentEventsTable
  blackouts: BlackoutsTable
  qualifications: QualificationsTable
  idempotency_keys: IdempotencyKeysTable
  targets: TargetsTable
  leases: LeasesTable
  recognitions: RecognitionsTable
  recognition_events: RecognitionEventsTable
  evaluation_means: EvaluationMeansTable
  voucher_programs: VoucherProgramsTable
  vouchers: VouchersTable
  voucher_ledger: VoucherLedgerTable
  billing_entries: BillingEntriesTable
  statements: StatementsTable
  statement_events: StatementEventsTable
  statement_lines: StatementLinesTable
  job_leases: JobLeasesTable
  orders: OrdersTable
  order_events: OrderEventsTable
  ratings: RatingsTable
  notifications: NotificationsTable
}

export type Db = Kysely<Database>
