import type { Generated, Kysely } from 'kysely'

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

export interface LoginFailuresTable {
  id: Generated<number>
  email: string
  at: number
}

export interface InstrumentsTable {
  id: string
  institution_id: string
  name: string
  model: Generated<string>
  manufacturer: Generated<string>
  category: string
  original_value: number | null
  location: Generated<string>
  specs: Generated<string>
  functions: Generated<string>
  contact: Generated<string>
  status: Generated<string>
  mode: Generated<string>
  timezone: Generated<string>
  opening_hours: string
  slot_minutes: number
  min_minutes: number
  max_minutes: number
  buffer_minutes: number
  notice_minutes: number
  horizon_days: number
  requires_approval: number
  requires_qualification: number
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

export interface Database {
  cities: CitiesTable
  institutions: InstitutionsTable
  users: UsersTable
  tokens: TokensTable
  login_failures: LoginFailuresTable
  instruments: InstrumentsTable
  reservations: ReservationsTable
  reservation_events: ReservationEventsTable
  instrument_events: InstrumentEventsTable
  blackouts: BlackoutsTable
  qualifications: QualificationsTable
  idempotency_keys: IdempotencyKeysTable
  targets: TargetsTable
  leases: LeasesTable
}

export type Db = Kysely<Database>
