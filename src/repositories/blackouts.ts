import { sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { notifyBlackoutCancellations } from './notifications.js'
import { holdsTimeAt } from './reservations.js'

export interface Blackout {
  id: string
  instrumentId: string
  start: number
  end: number
  reason: string
}

const toBlackout = (row: {
  id: string
  instrument_id: string
  start_ms: number
  end_ms: number
  reason: string
}): Blackout => ({
  id: row.id,
  instrumentId: row.instrument_id,
  start: row.start_ms,
  end: row.end_ms,
  reason: row.reason,
})

/**
 * Adds a blackout and cancels every pending or confirmed reservation it overlaps that has not ended, in one atomic
 * batch: the blackout is refused (nothing written) while an in-use reservation that has not ended overlaps it.
 * A reservation whose end has passed is history (a confirmed one is a use that took place): a blackout placed
 * over the past never touches it. A use whose charge is
 * already final is left alone too (a blackout never costs, nor refunds, anything); a run of a sample order, which is
 * never charged, is cancelled like any booking that has not ended. Returns the cancelled reservation
 * ids, or null when refused.
 */
export async function insertBlackoutCancelling(
  db: Db,
  batch: Batch,
  blackout: Blackout,
  actorId: string,
  now: number,
): Promise<string[] | null> {
  const overlapping = sql`r.instrument_id = ${blackout.instrumentId} AND r.start_ms < ${blackout.end} AND r.end_ms > ${blackout.start}
    AND r.end_ms > ${now}`
  const reason = `blackout: ${blackout.reason}`.slice(0, 500)
  // a run of a sample order is never charged (its money is closed when booked), yet a blackout frees it like a booking
  const notFinal = sql`(r.charged_at IS NULL OR r.order_id IS NOT NULL)`
  const cancelled = sql`${overlapping} AND ${holdsTimeAt(now)} AND r.status != 'in_use' AND ${notFinal}
    AND EXISTS (SELECT 1 FROM blackouts WHERE id = ${blackout.id})`
  const results = await batch([
    sql`INSERT INTO blackouts (id, instrument_id, start_ms, end_ms, reason, created_by, created_at)
        SELECT ${blackout.id}, ${blackout.instrumentId}, ${blackout.start}, ${blackout.end}, ${blackout.reason}, ${actorId}, ${now}
        WHERE NOT EXISTS (SELECT 1 FROM reservations r WHERE ${overlapping} AND r.status = 'in_use')`.compile(db),
    sql`INSERT INTO reservation_events (reservation_id, actor_id, at, from_status, to_status, reason, detail)
        SELECT r.id, ${actorId}, ${now}, r.status, 'cancelled', ${reason}, ${JSON.stringify({ blackoutId: blackout.id })}
        FROM reservations r
        WHERE ${cancelled}`.compile(db),
    // each researcher is told, in the same batch (DOMAIN.md "Notifications")
    notifyBlackoutCancellations(db, blackout.id, cancelled, blackout.reason, now),
    sql`UPDATE reservations AS r SET status = 'cancelled', status_reason = ${reason}, version = version + 1, updated_at = ${now}
        WHERE ${cancelled}
        RETURNING id`.compile(db),
  ])
  if (results[0]?.changes !== 1) return null
  return (results[3]?.rows ?? []).map((row) => String(row.id)).sort()
}

/** The in-use reservations (not yet ended) that keep a blackout from being added: its 409 names their times. */
export async function listInUseOverlapping(db: Db, instrumentId: string, start: number, end: number, now: number) {
  const rows = await db
    .selectFrom('reservations')
    .select(['start_ms', 'end_ms'])
    .where('instrument_id', '=', instrumentId)
    .where('status', '=', 'in_use')
    .where('start_ms', '<', end)
    .where('end_ms', '>', start)
    .where('end_ms', '>', now)
    .orderBy('start_ms')
    .execute()
  return rows.map((row) => ({ start: row.start_ms, end: row.end_ms }))
}

export async function listBlackouts(db: Db, instrumentId: string, from?: number, to?: number): Promise<Blackout[]> {
  let query = db.selectFrom('blackouts').selectAll().where('instrument_id', '=', instrumentId)
  if (from !== undefined) query = query.where('end_ms', '>', from)
  if (to !== undefined) query = query.where('start_ms', '<', to)
  return (await query.orderBy('start_ms').orderBy('id').execute()).map(toBlackout)
}

export async function findBlackout(db: Db, instrumentId: string, id: string): Promise<Blackout | null> {
  const row = await db
    .selectFrom('blackouts')
    .selectAll()
    .where('instrument_id', '=', instrumentId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toBlackout(row) : null
}

/**
 * Lifts a blackout without changing the past: one that has not begun is deleted; one under way ends now, so the
 * time it already kept the instrument closed stays on record; one that has ended is history and stays. Each write
 * is guarded by the time it applies to. Returns what happened ('unchanged' also when the blackout is gone).
 */
export async function liftBlackout(db: Db, id: string, now: number): Promise<'deleted' | 'ended' | 'unchanged'> {
  const deleted = await db.deleteFrom('blackouts').where('id', '=', id).where('start_ms', '>=', now).executeTakeFirst()
  if (Number(deleted.numDeletedRows) === 1) return 'deleted'
  const ended = await db
    .updateTable('blackouts')
    .set({ end_ms: now })
    .where('id', '=', id)
    .where('start_ms', '<', now)
    .where('end_ms', '>', now)
    .executeTakeFirst()
  return Number(ended.numUpdatedRows) === 1 ? 'ended' : 'unchanged'
}
