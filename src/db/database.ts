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
  actual_start_ms: number | null
  actual_end_ms: number | null
  status_reason: string | null
  decided_by: string | null
  decided_at: number | null
  ics_uid: string
  version: Generated<number>
  created_at: number
  updated_at: number
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
  recognitions: RecognitionsTable
  recognition_events: RecognitionEventsTable
  evaluation_means: EvaluationMeansTable
}

export type Db = Kysely<Database>
