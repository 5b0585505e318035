import type { Db } from '../../src/db/database.js'
import type { OrderStatus } from '../../src/domain/orders.js'
import { runsMillis, type UseRecord } from '../../src/domain/sharing/counting.js'
import type { ReservationStatus } from '../../src/domain/types.js'

/**
 * Every reservation and every sample order as a record, whatever its status: the pure counting path does all the
 * filtering (runs of orders included: they are never uses). An order's machine time is summed here from its runs by
 * the domain's `runsMillis`, not by SQL.
 */
export async function allUseRecords(db: Db): Promise<UseRecord[]> {
  const rows = await db
    .selectFrom('reservations as r')
    .innerJoin('instruments as i', 'i.id', 'r.instrument_id')
    .selectAll('r')
    .select(['i.name as instrument_name', 'i.category', 'i.institution_id'])
    .execute()
  const reservations = rows.map(
    (row): UseRecord => ({
      kind: row.recorded === 1 ? 'recorded' : 'reservation',
      reservationId: row.id,
      start: row.start_ms,
      end: row.end_ms,
      status: row.status as ReservationStatus,
      actualStart: row.actual_start_ms,
      actualEnd: row.actual_end_ms,
      runOf: row.order_id,
      runMillis: 0,
      samples: null,
      instrumentId: row.instrument_id,
      instrumentName: row.instrument_name,
      category: row.category,
      providerInstitutionId: row.institution_id,
      userInstitutionId: row.user_institution_id,
    }),
  )
  const orders = await db
    .selectFrom('orders as o')
    .innerJoin('instruments as i', 'i.id', 'o.instrument_id')
    .selectAll('o')
    .select(['i.name as instrument_name', 'i.category', 'i.institution_id'])
    .execute()
  const runsOf = (orderId: string) =>
    rows
      .filter((row) => row.order_id === orderId)
      .map((row) => ({
        start: row.start_ms,
        end: row.end_ms,
        actualStart: row.actual_start_ms,
        actualEnd: row.actual_end_ms,
        status: row.status as ReservationStatus,
      }))
  return [
    ...reservations,
    ...orders.map(
      (row): UseRecord => ({
        kind: 'order',
        reservationId: row.id,
        // an order never reported has no date as a use: its submission stands in (the rule counts it by status)
        start: row.reported_at ?? row.created_at,
        end: row.reported_at ?? row.created_at,
        status: row.status as OrderStatus,
        actualStart: null,
        actualEnd: null,
        runOf: null,
        runMillis: runsMillis(runsOf(row.id)),
        samples: row.received_samples ?? row.samples,
        instrumentId: row.instrument_id,
        instrumentName: row.instrument_name,
        category: row.category,
        providerInstitutionId: row.institution_id,
        userInstitutionId: row.user_institution_id,
      }),
    ),
  ]
}
