import type { Selectable } from 'kysely'
import type { PriceClass, RateCard } from '../domain/money/rates.js'
import type { Delivery, Hazard, Order, OrderStatus, SampleDisposal, SampleForm } from '../domain/orders.js'
import type { Instrument, Reservation, ReservationStatus, Role, User } from '../domain/types.js'
import type { InstrumentsTable, OrdersTable, ReservationsTable, UsersTable } from './database.js'
import { instrumentColumnValues, instrumentFieldsOf } from './instrument-columns.js'

/** Row ↔ domain mapping: the only place that knows snake_case columns and 0/1 booleans. */
export const userFromRow = (
  row: Pick<Selectable<UsersTable>, 'id' | 'email' | 'name' | 'role' | 'institution_id' | 'active' | 'language'>,
): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  institutionId: row.institution_id,
  active: row.active === 1,
  language: row.language === 'en' ? 'en' : 'zh',
})

export const instrumentFromRow = (row: Selectable<InstrumentsTable>): Instrument => ({
  id: row.id,
  institutionId: row.institution_id,
  ...instrumentFieldsOf(row),
  version: row.version,
})

export const instrumentToRow = (instrument: Instrument, now: number): Selectable<InstrumentsTable> =>
  ({
    id: instrument.id,
    institution_id: instrument.institutionId,
    ...instrumentColumnValues(instrument),
    version: instrument.version,
    created_at: now,
    updated_at: now,
  }) as Selectable<InstrumentsTable>

export const reservationFromRow = (row: Selectable<ReservationsTable>): Reservation => ({
  id: row.id,
  instrumentId: row.instrument_id,
  userId: row.user_id,
  userInstitutionId: row.user_institution_id,
  start: row.start_ms,
  end: row.end_ms,
  holdEnd: row.hold_end_ms,
  status: row.status as ReservationStatus,
  purpose: row.purpose,
  recorded: row.recorded === 1,
  recognitionId: row.recognition_id,
  orderId: row.order_id,
  actualStart: row.actual_start_ms,
  actualEnd: row.actual_end_ms,
  statusReason: row.status_reason,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  icsUid: row.ics_uid,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  priceClass: row.price_class as PriceClass,
  rates: JSON.parse(row.rates) as RateCard,
  voucherId: row.voucher_id,
  fundAccount: row.fund_account,
  billable: row.billable === 1,
  billedMinutes: row.billed_minutes,
  chargeFen: row.charge_fen,
  deductionFen: row.deduction_fen,
  payableFen: row.payable_fen,
  feeFen: row.fee_fen,
  chargedAt: row.charged_at,
})

export const orderFromRow = (row: Selectable<OrdersTable>): Order => ({
  id: row.id,
  instrumentId: row.instrument_id,
  userId: row.user_id,
  userInstitutionId: row.user_institution_id,
  status: row.status as OrderStatus,
  samples: row.samples,
  receivedSamples: row.received_samples,
  sampleDescription: row.sample_description,
  sampleForm: row.sample_form as SampleForm | null,
  hazard: row.hazard as Hazard,
  tests: row.tests,
  turnaroundDays: row.turnaround_days,
  delivery: row.delivery as Delivery,
  trackingNumber: row.tracking_number,
  statusReason: row.status_reason,
  sampleDisposal: row.sample_disposal as SampleDisposal | null,
  reportNote: row.report_note,
  reportKey: row.report_key,
  reportBytes: row.report_bytes,
  reportedAt: row.reported_at,
  completedAt: row.completed_at,
  priceClass: row.price_class as PriceClass,
  rates: JSON.parse(row.rates) as RateCard,
  voucherId: row.voucher_id,
  fundAccount: row.fund_account,
  quoteFen: row.quote_fen,
  chargeFen: row.charge_fen,
  deductionFen: row.deduction_fen,
  payableFen: row.payable_fen,
  chargedAt: row.charged_at,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})
