import { type CompiledQuery, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { reservationFromRow } from '../db/rows.js'
import { type ActionWindow, ALWAYS_HELD_STATUSES, type WindowBound } from '../domain/lifecycle.js'
import type { HeldInterval, Reservation, ReservationMoney, ReservationStatus } from '../domain/types.js'
import { recognitionStillInForce } from './recognitions.js'

/**
 * No reservation or recorded use may last longer than this (rules cap maxMinutes at 30 days,
 * buffers at one day). It bounds every overlap search from below, so the check reads a few
 * index entries around the requested time however long the instrument's history grows.
 */
export const MAX_SPAN_MS = 31 * 24 * 3600_000

/**
 * The domain's `holdsTimeAt` as SQL over `reservations AS r`. The statuses are written as literals so that SQLite
 * may use the partial indexes on status.
 */
export const holdsTimeAt = (now: number): Expression<SqlBool> =>
  sql<SqlBool>`(r.status IN (${sql.join(ALWAYS_HELD_STATUSES.map((s) => sql.lit(s)))}) OR (r.status = 'pending' AND r.start_ms > ${now}))`

const boundSql = (bound: WindowBound) =>
  sql`${bound.anchor === 'start' ? sql`r.start_ms` : sql`r.end_ms`} + ${bound.offsetMs}`
const notAfter = (inclusive: boolean) => (inclusive ? sql`<=` : sql`<`)

/** The domain's `isWithinWindow` as SQL over `reservations AS r`: the guard of a move's write. */
export function withinWindow(window: ActionWindow | null, now: number): Expression<SqlBool> {
  const guards = []
  if (window?.opens) guards.push(sql`${boundSql(window.opens)} ${notAfter(window.opens.inclusive)} ${now}`)
  if (window?.closes) guards.push(sql`${now} ${notAfter(window.closes.inclusive)} ${boundSql(window.closes)}`)
  return guards.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(guards, sql` AND `)})`
}

/**
 * A reservation as first written: what the database fills in (version, times, decisions) left out, and its money,
 * which repositories/charges.ts writes (this module only carries it along, see WriteExtras).
 */
export type NewReservation = Omit<
  Reservation,
  'statusReason' | 'decidedBy' | 'decidedAt' | 'version' | 'createdAt' | 'updatedAt' | keyof ReservationMoney
>

/**
 * More columns for a write, and statements that follow it in the same batch: how the money of a reservation
 * (repositories/charges.ts) joins a booking, a recorded use or a move without this module knowing its rules.
 */
export interface WriteExtras {
  /** `(col, col…)` and `(value, value…)` of an insert, in the same order, each starting with a comma */
  columns?: RawBuilder<unknown>
  values?: RawBuilder<unknown>
  /** `, col = value…` of an update */
  set?: RawBuilder<unknown>
  /**
   * The event's notification (repositories/notifications.ts): run right after the audit event, guarded by
   * `changes() = 1` of that event, so it exists exactly when the write did
   */
  notify?: CompiledQuery
  followedBy?: CompiledQuery[]
}

export interface EventInput {
  actorId: string | null
  fromStatus: ReservationStatus | null
  toStatus: ReservationStatus
  reason?: string | null
  detail?: Record<string, unknown> | null
}

/** An audit event that is written only if the statement just before it changed a row. */
export const eventIfChanged = (db: Db, reservationId: string, now: number, event: EventInput): CompiledQuery =>
  sql`INSERT INTO reservation_events (reservation_id, actor_id, at, from_status, to_status, reason, detail)
      SELECT ${reservationId}, ${event.actorId}, ${now}, ${event.fromStatus}, ${event.toStatus}, ${event.reason ?? null},
             ${event.detail ? JSON.stringify(event.detail) : null}
      WHERE changes() = 1`.compile(db)

/**
 * Inserts the reservation only if nothing overlaps it, in one statement: the check and the write
 * are atomic on SQLite and on D1, under any number of concurrent requests and processes.
 * A booking must keep clear of held reservations including every buffer (its own and theirs)
 * and of blackouts; a recorded use only of held or completed reservations, without buffers.
 */
export async function insertReservationIfFree(
  db: Db,
  batch: Batch,
  r: NewReservation,
  now: number,
  event: EventInput,
  extras: WriteExtras = {},
): Promise<boolean> {
  // a booking under a recognition needs it still in force when it is written (a revocation stops new bookings)
  const recognitionGone =
    r.recognitionId !== null && !r.recorded ? sql`OR NOT ${recognitionStillInForce(r.recognitionId, now)}` : sql``
  const otherIsInTheWay = r.recorded
    ? sql`EXISTS (SELECT 1 FROM reservations r
          WHERE r.instrument_id = ${r.instrumentId} AND r.start_ms < ${r.end} AND r.start_ms > ${r.start - MAX_SPAN_MS}
            AND r.end_ms > ${r.start} AND (${holdsTimeAt(now)} OR r.status = 'completed'))`
    : sql`EXISTS (SELECT 1 FROM reservations r
          WHERE r.instrument_id = ${r.instrumentId} AND r.start_ms < ${r.holdEnd} AND r.start_ms > ${r.start - MAX_SPAN_MS}
            AND r.hold_end_ms > ${r.start} AND ${holdsTimeAt(now)})
        OR EXISTS (SELECT 1 FROM blackouts b
          WHERE b.instrument_id = ${r.instrumentId} AND b.start_ms < ${r.end} AND b.end_ms > ${r.start})`
  const [insert] = await batch([
    sql`INSERT INTO reservations (id, instrument_id, user_id, user_institution_id, start_ms, end_ms, hold_end_ms, status,
          purpose, recorded, recognition_id, actual_start_ms, actual_end_ms, ics_uid, version, created_at,
          updated_at${extras.columns ?? sql``})
        SELECT ${r.id}, ${r.instrumentId}, ${r.userId}, ${r.userInstitutionId}, ${r.start}, ${r.end}, ${r.holdEnd},
          ${r.status}, ${r.purpose}, ${r.recorded ? 1 : 0}, ${r.recognitionId}, ${r.actualStart}, ${r.actualEnd},
          ${r.icsUid}, 1, ${now}, ${now}${extras.values ?? sql``}
        WHERE NOT (${otherIsInTheWay} ${recognitionGone})`.compile(db),
    eventIfChanged(db, r.id, now, event),
    ...(extras.notify ? [extras.notify] : []),
    ...(extras.followedBy ?? []),
  ])
  return insert?.changes === 1
}

/**
 * Moves a reservation to a new time if nothing else overlaps it (ignoring itself), guarded by
 * the version the caller saw and by the statuses it may be moved from: one atomic statement.
 */
export async function rescheduleIfFree(
  db: Db,
  batch: Batch,
  change: {
    id: string
    instrumentId: string
    version: number
    fromStatuses: ReservationStatus[]
    start: number
    end: number
    holdEnd: number
    status: ReservationStatus
    purpose: string
  },
  now: number,
  event: EventInput,
): Promise<boolean> {
  const [update] = await batch([
    sql`UPDATE reservations SET start_ms = ${change.start}, end_ms = ${change.end}, hold_end_ms = ${change.holdEnd},
          status = ${change.status}, purpose = ${change.purpose}, version = version + 1, updated_at = ${now}
        WHERE id = ${change.id} AND version = ${change.version} AND status IN (${sql.join(change.fromStatuses)})
          AND NOT EXISTS (SELECT 1 FROM reservations r
            WHERE r.instrument_id = ${change.instrumentId} AND r.id != ${change.id}
              AND r.start_ms < ${change.holdEnd} AND r.start_ms > ${change.start - MAX_SPAN_MS}
              AND r.hold_end_ms > ${change.start} AND ${holdsTimeAt(now)})
          AND NOT EXISTS (SELECT 1 FROM blackouts b
            WHERE b.instrument_id = ${change.instrumentId} AND b.start_ms < ${change.end} AND b.end_ms > ${change.start})`.compile(
      db,
    ),
    eventIfChanged(db, change.id, now, event),
  ])
  return update?.changes === 1
}

export interface TransitionWrite {
  id: string
  fromStatuses: ReservationStatus[]
  toStatus: ReservationStatus
  /** the move's time window (lifecycle.ts), checked again by the write itself */
  window: ActionWindow | null
  set?: {
    actualStart?: number
    actualEnd?: number
    decidedBy?: string
    decidedAt?: number
    statusReason?: string | null
  }
}

/** A guarded state change (`… WHERE status IN (…)`): of two concurrent deciders only one succeeds. */
export async function transition(
  db: Db,
  batch: Batch,
  write: TransitionWrite,
  now: number,
  event: EventInput,
  extras: WriteExtras = {},
) {
  const set = write.set ?? {}
  const [update] = await batch([
    sql`UPDATE reservations AS r SET status = ${write.toStatus}, version = version + 1, updated_at = ${now},
          actual_start_ms = COALESCE(${set.actualStart ?? null}, actual_start_ms),
          actual_end_ms = COALESCE(${set.actualEnd ?? null}, actual_end_ms),
          decided_by = COALESCE(${set.decidedBy ?? null}, decided_by),
          decided_at = COALESCE(${set.decidedAt ?? null}, decided_at),
          status_reason = ${set.statusReason === undefined ? sql`status_reason` : set.statusReason}${extras.set ?? sql``}
        WHERE r.id = ${write.id} AND r.status IN (${sql.join(write.fromStatuses)}) AND ${withinWindow(write.window, now)}`.compile(
      db,
    ),
    eventIfChanged(db, write.id, now, event),
    ...(extras.notify ? [extras.notify] : []),
    ...(extras.followedBy ?? []),
  ])
  return update?.changes === 1
}

export async function findReservation(db: Db, id: string): Promise<Reservation | null> {
  const row = await db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? reservationFromRow(row) : null
}

/** Held reservations and blackouts of an instrument near [from, to): what the engine needs. */
export async function listHeldAndBlackouts(
  db: Db,
  instrumentId: string,
  from: number,
  to: number,
  now: number,
  excludeId?: string,
): Promise<{ held: HeldInterval[]; blackouts: { start: number; end: number }[] }> {
  let heldQuery = db
    .selectFrom('reservations as r')
    .select(['r.start_ms', 'r.end_ms', 'r.hold_end_ms'])
    .where('r.instrument_id', '=', instrumentId)
    .where('r.start_ms', '<', to)
    .where('r.start_ms', '>', from - MAX_SPAN_MS)
    .where('r.hold_end_ms', '>', from)
    .where(holdsTimeAt(now))
    .orderBy('r.start_ms')
  if (excludeId) heldQuery = heldQuery.where('r.id', '!=', excludeId)
  const held = await heldQuery.execute()
  const blackouts = await db
    .selectFrom('blackouts')
    .select(['start_ms', 'end_ms'])
    .where('instrument_id', '=', instrumentId)
    .where('start_ms', '<', to)
    .where('end_ms', '>', from)
    .orderBy('start_ms')
    .execute()
  return {
    held: held.map((row) => ({ start: row.start_ms, end: row.end_ms, holdEnd: row.hold_end_ms })),
    blackouts: blackouts.map((row) => ({ start: row.start_ms, end: row.end_ms })),
  }
}

export interface ReservationFilter {
  instrumentId?: string
  status?: ReservationStatus
  from?: number
  to?: number
  /** visibility: null = everything; else own reservations plus those on these institutions' instruments */
  visibleTo: { userId: string; adminOfInstitutionId: string | null } | null
  after?: { start: number; id: string }
  limit: number
}

/** Reservations sorted by start then id (keyset paging); from/to select what overlaps [from, to). */
export async function listReservations(db: Db, filter: ReservationFilter): Promise<Reservation[]> {
  let query = db.selectFrom('reservations as r').selectAll('r')
  if (filter.instrumentId) query = query.where('r.instrument_id', '=', filter.instrumentId)
  if (filter.status) query = query.where('r.status', '=', filter.status)
  if (filter.from !== undefined) query = query.where('r.end_ms', '>', filter.from)
  if (filter.to !== undefined) query = query.where('r.start_ms', '<', filter.to)
  const visible = filter.visibleTo
  if (visible) {
    query = query.where((eb) => {
      const own = eb('r.user_id', '=', visible.userId)
      if (!visible.adminOfInstitutionId) return own
      return eb.or([
        own,
        eb.exists(
          eb
            .selectFrom('instruments as i')
            .select('i.id')
            .whereRef('i.id', '=', 'r.instrument_id')
            .where('i.institution_id', '=', visible.adminOfInstitutionId),
        ),
      ])
    })
  }
  if (filter.after) {
    const { start, id } = filter.after
    query = query.where((eb) =>
      eb.or([eb('r.start_ms', '>', start), eb.and([eb('r.start_ms', '=', start), eb('r.id', '>', id)])]),
    )
  }
  const rows = await query.orderBy('r.start_ms').orderBy('r.id').limit(filter.limit).execute()
  return rows.map(reservationFromRow)
}

/** Marks every pending reservation whose start has come as expired, with its audit event. */
export async function expireOverdue(db: Db, batch: Batch, now: number): Promise<number> {
  const due = await db
    .selectFrom('reservations')
    .select('id')
    .where('status', '=', 'pending')
    .where('start_ms', '<=', now)
    .limit(1)
    .executeTakeFirst()
  if (!due) return 0
  const [, update] = await batch([
    sql`INSERT INTO reservation_events (reservation_id, actor_id, at, from_status, to_status, reason)
        SELECT id, NULL, ${now}, 'pending', 'expired', 'still undecided when its start arrived'
        FROM reservations WHERE status = 'pending' AND start_ms <= ${now}`.compile(db),
    sql`UPDATE reservations SET status = 'expired', status_reason = 'still undecided when its start arrived',
          version = version + 1, updated_at = ${now}
        WHERE status = 'pending' AND start_ms <= ${now}`.compile(db),
  ])
  return update?.changes ?? 0
}

/** Reservations that occupy(ied) the instrument in [from, to), for its public busy calendar. */
export async function listCalendarBusy(db: Db, instrumentId: string, from: number, to: number, now: number) {
  const rows = await db
    .selectFrom('reservations as r')
    .select(['r.ics_uid', 'r.start_ms', 'r.end_ms', 'r.updated_at'])
    .where('r.instrument_id', '=', instrumentId)
    .where('r.start_ms', '<', to)
    .where('r.start_ms', '>', from - MAX_SPAN_MS)
    .where('r.end_ms', '>', from)
    .where((eb) => eb.or([holdsTimeAt(now), eb('r.status', '=', 'completed')]))
    .orderBy('r.start_ms')
    .execute()
  return rows.map((row) => ({ icsUid: row.ics_uid, start: row.start_ms, end: row.end_ms, updatedAt: row.updated_at }))
}

export async function listEvents(db: Db, reservationId: string) {
  return db
    .selectFrom('reservation_events')
    .selectAll()
    .where('reservation_id', '=', reservationId)
    .orderBy('id')
    .execute()
}
