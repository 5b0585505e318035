import { type CompiledQuery, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { fragmentAt, type Params, prepared, preparedByShape, readRows, withFragments } from '../db/prepared.js'
import { reservationFromRow } from '../db/rows.js'
import { type ActionWindow, ALWAYS_HELD_STATUSES, type WindowBound } from '../domain/lifecycle.js'
import type { HeldInterval, Reservation, ReservationMoney, ReservationStatus } from '../domain/types.js'
import { recognitionStillInForce } from './recognitions.js'
import { type VisibleTo, visibleRows } from './visibility.js'

/*
 * The reservations table's writes and reads, kept in one file (over 300 lines) on purpose: every guarded write
 * and the reads that decide what is free share the same overlap predicates (MAX_SPAN_MS, holdsTimeAt) and
 * templates, and a check that lived apart from its write could drift from it.
 */

/**
 * No reservation or recorded use may last longer than this (rules cap maxMinutes at 30 days,
 * buffers at one day). It bounds every overlap search from below, so the check reads a few
 * index entries around the requested time however long the instrument's history grows.
 */
export const MAX_SPAN_MS = 31 * 24 * 3600_000

/**
 * The domain's `holdsTimeAt` as SQL over `reservations AS r`. The statuses are written as literals so that SQLite
 * may use the partial indexes on status. `now` is a value, or a parameter of a prepared query.
 */
export const holdsTimeAt = (now: number | Expression<number>): Expression<SqlBool> =>
  sql<SqlBool>`(r.status IN (${sql.join(ALWAYS_HELD_STATUSES.map((s) => sql.lit(s)))}) OR (r.status = 'pending' AND r.start_ms > ${now}))`

const boundSql = (bound: WindowBound) =>
  sql`${bound.anchor === 'start' ? sql`r.start_ms` : sql`r.end_ms`} + ${bound.offsetMs}`
const notAfter = (inclusive: boolean) => (inclusive ? sql`<=` : sql`<`)

/** The domain's `isWithinWindow` as SQL over `reservations AS r`: the guard of a move's write. */
export function withinWindow(window: ActionWindow | null, now: number | Expression<number>): Expression<SqlBool> {
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
  /** a further condition of an insert (`AND …`): a run is written only while its order still takes runs */
  guard?: RawBuilder<unknown>
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

/*
 * The writes of the booking paths are prepared queries (src/db/prepared.ts): compiled once, bound per call.
 * To write a new column, add it to the SQL with its `${p.name}` and to the values passed below.
 */

const eventQuery = prepared(
  (
    db,
    p: Params<{
      reservationId: string
      actorId: string | null
      now: number
      fromStatus: string | null
      toStatus: string
      reason: string | null
      detail: string | null
    }>,
  ) =>
    sql`INSERT INTO reservation_events (reservation_id, actor_id, at, from_status, to_status, reason, detail)
        SELECT ${p.reservationId}, ${p.actorId}, ${p.now}, ${p.fromStatus}, ${p.toStatus}, ${p.reason}, ${p.detail}
        WHERE changes() = 1`.compile(db),
)

/** An audit event that is written only if the statement just before it changed a row. */
export const eventIfChanged = (db: Db, reservationId: string, now: number, event: EventInput): CompiledQuery =>
  eventQuery(db, {
    reservationId,
    actorId: event.actorId,
    now,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason ?? null,
    detail: event.detail ? JSON.stringify(event.detail) : null,
  })

type InsertValues = {
  id: string
  instrumentId: string
  userId: string
  userInstitutionId: string
  start: number
  end: number
  holdEnd: number
  status: string
  purpose: string
  recorded: number
  recognitionId: string | null
  orderId: string | null
  actualStart: number | null
  actualEnd: number | null
  icsUid: string
  now: number
  earliestStart: number
}

/**
 * The guarded insert: one template for bookings (buffers and blackouts), one for bookings under a recognition (which
 * must still be in force when written: a revocation stops new bookings), one for runs of sample orders (clear of
 * completed reservations too: a run may lie in the past) and one for recorded uses. The money's columns and a
 * further condition (WriteExtras) are spliced in at `fragmentAt`.
 */
const insertQuery = preparedByShape(
  (shape: { recorded: boolean; recognitionChecked: boolean; run: boolean }) =>
    `${shape.recorded ? 'recorded' : shape.recognitionChecked ? 'booked-recognised' : 'booked'}${shape.run ? '-run' : ''}`,
  (db, p: Params<InsertValues>, { recorded, recognitionChecked, run }) => {
    const held = run ? sql`(${holdsTimeAt(p.now)} OR r.status = 'completed')` : holdsTimeAt(p.now)
    const recognitionGone = recognitionChecked ? sql`OR NOT ${recognitionStillInForce(p.recognitionId, p.now)}` : sql``
    const otherIsInTheWay = recorded
      ? sql`EXISTS (SELECT 1 FROM reservations r
          WHERE r.instrument_id = ${p.instrumentId} AND r.start_ms < ${p.end} AND r.start_ms > ${p.earliestStart}
            AND r.end_ms > ${p.start} AND (${holdsTimeAt(p.now)} OR r.status = 'completed'))`
      : sql`EXISTS (SELECT 1 FROM reservations r
          WHERE r.instrument_id = ${p.instrumentId} AND r.start_ms < ${p.holdEnd} AND r.start_ms > ${p.earliestStart}
            AND r.hold_end_ms > ${p.start} AND ${held})
        OR EXISTS (SELECT 1 FROM blackouts b
          WHERE b.instrument_id = ${p.instrumentId} AND b.start_ms < ${p.end} AND b.end_ms > ${p.start})`
    return sql`INSERT INTO reservations (id, instrument_id, user_id, user_institution_id, start_ms, end_ms, hold_end_ms,
          status, purpose, recorded, recognition_id, order_id, actual_start_ms, actual_end_ms, ics_uid, version,
          created_at, updated_at${fragmentAt('columns')})
        SELECT ${p.id}, ${p.instrumentId}, ${p.userId}, ${p.userInstitutionId}, ${p.start}, ${p.end}, ${p.holdEnd},
          ${p.status}, ${p.purpose}, ${p.recorded}, ${p.recognitionId}, ${p.orderId},
          ${p.actualStart}, ${p.actualEnd}, ${p.icsUid}, 1, ${p.now}, ${p.now}${fragmentAt('values')}
        WHERE NOT (${otherIsInTheWay} ${recognitionGone})${fragmentAt('guard')}`.compile(db)
  },
)

/**
 * Inserts the reservation only if nothing overlaps it, in one statement: the check and the write
 * are atomic on SQLite and on D1, under any number of concurrent requests and processes.
 * A booking must keep clear of held reservations including every buffer (its own and theirs)
 * and of blackouts; a recorded use only of held or completed reservations, without buffers; a run
 * of a sample order (which may lie in the past) of held and completed reservations with buffers,
 * and of blackouts.
 */
export async function insertReservationIfFree(
  db: Db,
  batch: Batch,
  r: NewReservation,
  now: number,
  event: EventInput,
  extras: WriteExtras = {},
): Promise<boolean> {
  const recognitionChecked = r.recognitionId !== null && !r.recorded
  const [insert] = await batch([
    withFragments(
      db,
      insertQuery(
        db,
        { recorded: r.recorded, recognitionChecked, run: r.orderId !== null },
        {
          id: r.id,
          instrumentId: r.instrumentId,
          userId: r.userId,
          userInstitutionId: r.userInstitutionId,
          start: r.start,
          end: r.end,
          holdEnd: r.holdEnd,
          status: r.status,
          purpose: r.purpose,
          recorded: r.recorded ? 1 : 0,
          recognitionId: r.recognitionId,
          orderId: r.orderId,
          actualStart: r.actualStart,
          actualEnd: r.actualEnd,
          icsUid: r.icsUid,
          now,
          earliestStart: r.start - MAX_SPAN_MS,
        },
      ),
      { columns: extras.columns, values: extras.values, guard: extras.guard },
    ),
    eventIfChanged(db, r.id, now, event),
    ...(extras.notify ? [extras.notify] : []),
    ...(extras.followedBy ?? []),
  ])
  return insert?.changes === 1
}

type RescheduleValues = {
  id: string
  instrumentId: string
  version: number
  start: number
  end: number
  holdEnd: number
  status: string
  purpose: string
  now: number
  earliestStart: number
} & Record<`from${number}`, string>

/** `status IN (…)` over named values from0, from1, …: one template per number of statuses. */
const statusIn = (p: Params<Record<`from${number}`, string>>, count: number) =>
  sql.join(Array.from({ length: count }, (_, i) => p[`from${i}`]))
const fromValues = (statuses: readonly string[]) =>
  Object.fromEntries(statuses.map((status, i) => [`from${i}`, status])) as Record<`from${number}`, string>

const rescheduleQuery = preparedByShape(
  (fromCount: number) => String(fromCount),
  (db, p: Params<RescheduleValues>, fromCount) =>
    sql`UPDATE reservations SET start_ms = ${p.start}, end_ms = ${p.end}, hold_end_ms = ${p.holdEnd},
          status = ${p.status}, purpose = ${p.purpose}, version = version + 1, updated_at = ${p.now}
        WHERE id = ${p.id} AND version = ${p.version} AND status IN (${statusIn(p, fromCount)})
          AND NOT EXISTS (SELECT 1 FROM reservations r
            WHERE r.instrument_id = ${p.instrumentId} AND r.id != ${p.id}
              AND r.start_ms < ${p.holdEnd} AND r.start_ms > ${p.earliestStart}
              AND r.hold_end_ms > ${p.start} AND ${holdsTimeAt(p.now)})
          AND NOT EXISTS (SELECT 1 FROM blackouts b
            WHERE b.instrument_id = ${p.instrumentId} AND b.start_ms < ${p.end} AND b.end_ms > ${p.start})`.compile(db),
)

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
    rescheduleQuery(db, change.fromStatuses.length, {
      id: change.id,
      instrumentId: change.instrumentId,
      version: change.version,
      start: change.start,
      end: change.end,
      holdEnd: change.holdEnd,
      status: change.status,
      purpose: change.purpose,
      now,
      earliestStart: change.start - MAX_SPAN_MS,
      ...fromValues(change.fromStatuses),
    }),
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

type TransitionValues = {
  id: string
  toStatus: string
  now: number
  actualStart: number | null
  actualEnd: number | null
  decidedBy: string | null
  decidedAt: number | null
  statusReason: string | null
} & Record<`from${number}`, string>

/**
 * One template per shape: the number of statuses moved from, the window (its bounds are constants of the
 * lifecycle table, compiled in), and whether the status reason is set or kept.
 */
const transitionQuery = preparedByShape(
  (shape: { fromCount: number; window: ActionWindow | null; setsReason: boolean }) =>
    JSON.stringify([shape.fromCount, shape.window?.opens ?? null, shape.window?.closes ?? null, shape.setsReason]),
  (db, p: Params<TransitionValues>, shape) =>
    sql`UPDATE reservations AS r SET status = ${p.toStatus}, version = version + 1, updated_at = ${p.now},
          actual_start_ms = COALESCE(${p.actualStart}, actual_start_ms),
          actual_end_ms = COALESCE(${p.actualEnd}, actual_end_ms),
          decided_by = COALESCE(${p.decidedBy}, decided_by),
          decided_at = COALESCE(${p.decidedAt}, decided_at),
          status_reason = ${shape.setsReason ? p.statusReason : sql`status_reason`}${fragmentAt('set')}
        WHERE r.id = ${p.id} AND r.status IN (${statusIn(p, shape.fromCount)})
          AND ${withinWindow(shape.window, p.now)}`.compile(db),
)

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
  const setsReason = set.statusReason !== undefined
  const [update] = await batch([
    withFragments(
      db,
      transitionQuery(
        db,
        { fromCount: write.fromStatuses.length, window: write.window, setsReason },
        {
          id: write.id,
          toStatus: write.toStatus,
          now,
          actualStart: set.actualStart ?? null,
          actualEnd: set.actualEnd ?? null,
          decidedBy: set.decidedBy ?? null,
          decidedAt: set.decidedAt ?? null,
          statusReason: set.statusReason ?? null,
          ...fromValues(write.fromStatuses),
        },
      ),
      { set: extras.set },
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

type HeldValues = { instrumentId: string; from: number; to: number; earliestStart: number; now: number }

const heldQuery = preparedByShape(
  (excludes: boolean) => String(excludes),
  (db, p: Params<HeldValues & { excludeId: string }>, excludes) => {
    let query = db
      .selectFrom('reservations as r')
      .select(['r.start_ms', 'r.end_ms', 'r.hold_end_ms'])
      .where('r.instrument_id', '=', p.instrumentId)
      .where('r.start_ms', '<', p.to)
      .where('r.start_ms', '>', p.earliestStart)
      .where('r.hold_end_ms', '>', p.from)
      .where(holdsTimeAt(p.now))
      .orderBy('r.start_ms')
    if (excludes) query = query.where('r.id', '!=', p.excludeId)
    return query.compile()
  },
)

const blackoutsQuery = prepared((db, p: Params<{ instrumentId: string; from: number; to: number }>) =>
  db
    .selectFrom('blackouts')
    .select(['start_ms', 'end_ms'])
    .where('instrument_id', '=', p.instrumentId)
    .where('start_ms', '<', p.to)
    .where('end_ms', '>', p.from)
    .orderBy('start_ms')
    .compile(),
)

/** Held reservations and blackouts of an instrument near [from, to): what the engine needs. */
export async function listHeldAndBlackouts(
  db: Db,
  instrumentId: string,
  from: number,
  to: number,
  now: number,
  excludeId?: string,
): Promise<{ held: HeldInterval[]; blackouts: { start: number; end: number }[] }> {
  const values = { instrumentId, from, to, earliestStart: from - MAX_SPAN_MS, now }
  const [held, blackouts] = await Promise.all([
    readRows(db, heldQuery(db, Boolean(excludeId), { ...values, excludeId: excludeId ?? '' })),
    readRows(db, blackoutsQuery(db, { instrumentId, from, to })),
  ])
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
  visibleTo: VisibleTo | null
  after?: { start: number; id: string }
  limit: number
}

/** Reservations sorted by start then id (keyset paging); from/to select what overlaps [from, to). */
export async function listReservations(db: Db, filter: ReservationFilter): Promise<Reservation[]> {
  let query = db.selectFrom('reservations as r').selectAll('r')
  if (filter.instrumentId) query = query.where('r.instrument_id', '=', filter.instrumentId)
  if (filter.status) query = query.where('r.status', '=', filter.status)
  // a reservation lasts at most MAX_SPAN_MS, so one that ends after `from` starts after `from - MAX_SPAN_MS`:
  // the bound lets the index on start read only the reservations near the window, not every earlier one
  if (filter.from !== undefined)
    query = query.where('r.end_ms', '>', filter.from).where('r.start_ms', '>', filter.from - MAX_SPAN_MS)
  if (filter.to !== undefined) query = query.where('r.start_ms', '<', filter.to)
  const visible = filter.visibleTo
  if (visible) query = query.where((eb) => visibleRows(visible, eb.ref('r.user_id'), eb.ref('r.instrument_id')))
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
