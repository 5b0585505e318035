import { type Selectable, sql } from 'kysely'
import type { Db, RatingsTable } from '../db/database.js'
import type { Rating, RatingSums } from '../domain/ratings.js'
import { inChunks } from './chunks.js'

/*
 * Ratings (用户评价). One per use: the unique keys on reservation_id and order_id make a second one a no-op, and the
 * insert itself checks that the use still is one of its user's (a no-show marked meanwhile, an order cancelled), so
 * the check and the write cannot disagree.
 */

const ratingFromRow = (row: Selectable<RatingsTable>): Rating => ({
  id: row.id,
  instrumentId: row.instrument_id,
  userId: row.user_id,
  reservationId: row.reservation_id,
  orderId: row.order_id,
  timeliness: row.timeliness,
  quality: row.quality,
  staff: row.staff,
  comment: row.comment,
  useAt: row.use_at,
  createdAt: row.created_at,
})

/**
 * Inserts the rating if its use is still a use of its user at `now` (a reservation: not a run, completed or confirmed
 * / in use and ended; an order: reported or completed) and has no rating yet: 'rated', 'duplicate' or 'not-a-use'.
 */
export async function insertRating(db: Db, rating: Rating, now: number): Promise<'rated' | 'duplicate' | 'not-a-use'> {
  const stillAUse =
    rating.reservationId !== null
      ? sql`EXISTS (SELECT 1 FROM reservations r WHERE r.id = ${rating.reservationId} AND r.user_id = ${rating.userId}
          AND r.order_id IS NULL
          AND (r.status = 'completed' OR (r.status IN ('confirmed', 'in_use') AND r.end_ms <= ${now})))`
      : sql`EXISTS (SELECT 1 FROM orders o WHERE o.id = ${rating.orderId} AND o.user_id = ${rating.userId}
          AND o.status IN ('reported', 'completed'))`
  const result = await sql`INSERT INTO ratings (id, instrument_id, user_id, reservation_id, order_id, timeliness,
        quality, staff, comment, use_at, created_at)
      SELECT ${rating.id}, ${rating.instrumentId}, ${rating.userId}, ${rating.reservationId}, ${rating.orderId},
        ${rating.timeliness}, ${rating.quality}, ${rating.staff}, ${rating.comment}, ${rating.useAt}, ${rating.createdAt}
      WHERE ${stillAUse}
      ON CONFLICT DO NOTHING`.execute(db)
  if (Number(result.numAffectedRows ?? 0) === 1) return 'rated'
  return (await findRatingOfUse(db, rating)) ? 'duplicate' : 'not-a-use'
}

/** The rating of a use (a reservation or an order), if it has one. */
export async function findRatingOfUse(
  db: Db,
  use: { reservationId: string | null; orderId: string | null },
): Promise<Rating | null> {
  const query = db.selectFrom('ratings').selectAll()
  const row = await (use.reservationId !== null
    ? query.where('reservation_id', '=', use.reservationId)
    : query.where('order_id', '=', use.orderId ?? '')
  ).executeTakeFirst()
  return row ? ratingFromRow(row) : null
}

/** Which of these reservations (or orders) have a rating already, by their ids. */
export async function ratedUses(db: Db, kind: 'reservation' | 'order', ids: readonly string[]): Promise<Set<string>> {
  const column = kind === 'reservation' ? 'reservation_id' : 'order_id'
  const rows = await inChunks(ids, (chunk) =>
    db.selectFrom('ratings').select(column).where(column, 'in', chunk).execute(),
  )
  return new Set(rows.map((row) => (row as Record<string, string>)[column]!))
}

/**
 * The sums of the ratings of each of these instruments, optionally only those of uses in `[from, to)` (by the use's
 * date): instruments without a rating are absent.
 */
export async function ratingSumsOf(
  db: Db,
  instrumentIds: readonly string[],
  useWithin?: { from: number; to: number },
): Promise<Map<string, RatingSums>> {
  const rows = await inChunks(instrumentIds, (chunk) => {
    let query = db
      .selectFrom('ratings')
      .select((eb) => [
        'instrument_id',
        eb.fn.countAll<number>().as('count'),
        eb.fn.sum<number>('timeliness').as('timeliness'),
        eb.fn.sum<number>('quality').as('quality'),
        eb.fn.sum<number>('staff').as('staff'),
      ])
      .where('instrument_id', 'in', chunk)
    if (useWithin) query = query.where('use_at', '>=', useWithin.from).where('use_at', '<', useWithin.to)
    return query.groupBy('instrument_id').execute()
  })
  return sumsByInstrument(rows)
}

/** Grouped SQL sums of ratings (`instrument_id`, `count`, `timeliness`, `quality`, `staff`) as the domain's sums. */
export const sumsByInstrument = (
  rows: readonly { instrument_id: string; count: unknown; timeliness: unknown; quality: unknown; staff: unknown }[],
): Map<string, RatingSums> =>
  new Map(
    rows.map((row) => [
      row.instrument_id,
      {
        count: Number(row.count),
        timeliness: Number(row.timeliness),
        quality: Number(row.quality),
        staff: Number(row.staff),
      },
    ]),
  )

/** The ratings of one instrument with their raters' names, newest first (keyset: before `before`). */
export async function listRatingsOf(
  db: Db,
  instrumentId: string,
  page: { before?: { createdAt: number; id: string }; limit: number },
): Promise<(Rating & { userName: string })[]> {
  let query = db
    .selectFrom('ratings as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .selectAll('g')
    .select('u.name as user_name')
    .where('g.instrument_id', '=', instrumentId)
  if (page.before) {
    const { createdAt, id } = page.before
    query = query.where((eb) =>
      eb.or([eb('g.created_at', '<', createdAt), eb.and([eb('g.created_at', '=', createdAt), eb('g.id', '<', id)])]),
    )
  }
  const rows = await query.orderBy('g.created_at', 'desc').orderBy('g.id', 'desc').limit(page.limit).execute()
  return rows.map((row) => ({ ...ratingFromRow(row), userName: row.user_name }))
}
