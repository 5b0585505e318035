import type { Db } from '../../src/db/database.js'
import type { UseRecord } from '../../src/domain/sharing/counting.js'
import type { ReservationStatus } from '../../src/domain/types.js'

/** Every reservation as a record, whatever its status: the pure counting path does all the filtering. */
export async function allUseRecords(db: Db): Promise<UseRecord[]> {
  const rows = await db
    .selectFrom('reservations as r')
    .innerJoin('instruments as i', 'i.id', 'r.instrument_id')
    .selectAll('r')
    .select(['i.name as instrument_name', 'i.category', 'i.institution_id'])
    .execute()
  return rows.map((row) => ({
    reservationId: row.id,
    start: row.start_ms,
    end: row.end_ms,
    status: row.status as ReservationStatus,
    actualStart: row.actual_start_ms,
    actualEnd: row.actual_end_ms,
    instrumentId: row.instrument_id,
    instrumentName: row.instrument_name,
    category: row.category,
    providerInstitutionId: row.institution_id,
    userInstitutionId: row.user_institution_id,
    recorded: row.recorded === 1,
  }))
}
