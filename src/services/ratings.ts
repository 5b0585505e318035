import { isCountedOrder } from '../domain/orders.js'
import {
  EMPTY_RATING_SUMS,
  type Rating,
  type RatingSummary,
  ratingWindowOpensAt,
  summariseRatings,
  withinRatingWindow,
} from '../domain/ratings.js'
import { isUse, yearBounds } from '../domain/sharing/counting.js'
import type { User } from '../domain/types.js'
import { AppError, forbidden } from '../errors.js'
import { findRatingOfUse, insertRating, listRatingsOf, ratedUses, ratingSumsOf } from '../repositories/ratings.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import type { RatingInput } from './inputs/rating.js'
import { RatingComment } from './inputs/rating.js'
import { checkedText } from './inputs/text.js'
import { getInstrument } from './instruments.js'
import { getOrder } from './orders.js'
import { getReservation } from './reservation-queries.js'

/*
 * Ratings (用户评价, DOMAIN.md "Ratings"): a user rates each use of theirs once, within 30 days; anyone sees an
 * instrument's averages and count; its institute admin and the talent offices read the comments, and only its
 * institute admin sees who wrote them.
 */

const notAUse = (detail: string) => new AppError('invalid-transition', detail)

const duplicate = () => new AppError('duplicate', 'This use has been rated already; a rating is given once.')

/** Writes a rating whose use was checked; the insert checks again that it still is a use and has none yet. */
async function write(deps: Deps, rating: Rating): Promise<Rating> {
  const outcome = await insertRating(deps.db, rating, deps.clock())
  if (outcome === 'duplicate') throw duplicate()
  if (outcome === 'not-a-use') throw notAUse('This is no longer a use that can be rated (it changed meanwhile).')
  return rating
}

function newRating(
  actor: User,
  use: { instrumentId: string; reservationId: string | null; orderId: string | null; useAt: number },
  input: RatingInput,
  now: number,
): Rating {
  return {
    id: newId(),
    instrumentId: use.instrumentId,
    userId: actor.id,
    reservationId: use.reservationId,
    orderId: use.orderId,
    timeliness: input.timeliness,
    quality: input.quality,
    staff: input.staff,
    comment: input.comment ? checkedText('comment', input.comment, RatingComment) : '',
    useAt: use.useAt,
    createdAt: now,
  }
}

/**
 * Rates a reservation that is a use of the actor: 404 unless visible, 403 unless it is theirs, 409 duplicate when
 * rated already, 409 invalid-transition when it is not a use (or a run of an order) or the 30 days have passed.
 */
export async function rateReservation(deps: Deps, actor: User, id: string, input: RatingInput): Promise<Rating> {
  const { reservation } = await getReservation(deps, actor, id)
  if (reservation.userId !== actor.id) throw forbidden('Only the user of a reservation rates it.')
  if (await findRatingOfUse(deps.db, { reservationId: reservation.id, orderId: null })) throw duplicate()
  const now = deps.clock()
  if (reservation.orderId !== null || !isUse(reservation, now))
    throw notAUse('Only a use that took place can be rated (not a request, a cancellation, a no-show or a run).')
  if (!withinRatingWindow(ratingWindowOpensAt(reservation), now))
    throw notAUse('A use can be rated within 30 days of its end.')
  return write(
    deps,
    newRating(
      actor,
      {
        instrumentId: reservation.instrumentId,
        reservationId: reservation.id,
        orderId: null,
        useAt: reservation.start,
      },
      input,
      now,
    ),
  )
}

/** Rates a reported order of the actor, as `rateReservation` does; the 30 days run from its report. */
export async function rateOrder(deps: Deps, actor: User, id: string, input: RatingInput): Promise<Rating> {
  const { order } = await getOrder(deps, actor, id)
  if (order.userId !== actor.id) throw forbidden('Only the requester of an order rates it.')
  if (await findRatingOfUse(deps.db, { reservationId: null, orderId: order.id })) throw duplicate()
  const now = deps.clock()
  if (!isCountedOrder(order.status) || order.reportedAt === null)
    throw notAUse('An order can be rated once its report has been filed.')
  if (!withinRatingWindow(order.reportedAt, now)) throw notAUse('An order can be rated within 30 days of its report.')
  return write(
    deps,
    newRating(
      actor,
      { instrumentId: order.instrumentId, reservationId: null, orderId: order.id, useAt: order.reportedAt },
      input,
      now,
    ),
  )
}

/**
 * The rating of each instrument (`{count, average, timeliness, quality, staff}`; nulls without any), optionally over
 * the uses of one calendar year in Asia/Shanghai (the evaluation's figures): anyone may read these.
 */
export async function instrumentRatings(
  deps: Deps,
  instrumentIds: readonly string[],
  year?: number,
): Promise<Map<string, RatingSummary>> {
  const sums = await ratingSumsOf(deps.db, instrumentIds, year === undefined ? undefined : yearRange(year))
  return new Map(instrumentIds.map((id) => [id, summariseRatings(sums.get(id) ?? EMPTY_RATING_SUMS)]))
}

const yearRange = (year: number) => {
  const { start, end } = yearBounds(year)
  return { from: start, to: end }
}

/** A comment as its reader may see it: the rater only for the instrument's institute admin. */
export interface RatingWithComment {
  id: string
  kind: 'reservation' | 'order'
  reservationId: string | null
  orderId: string | null
  timeliness: number
  quality: number
  staff: number
  comment: string
  useAt: number
  createdAt: number
  rater: { id: string; name: string } | null
}

/**
 * `GET /instruments/{id}/ratings`: the ratings with their comments, newest first, for the instrument's institute
 * admin (with the rater) and talent offices (without); anyone else 403.
 */
export async function ratingComments(
  deps: Deps,
  actor: User,
  instrumentId: string,
  page: { before?: { createdAt: number; id: string }; limit: number },
): Promise<RatingWithComment[]> {
  const instrument = await getInstrument(deps, instrumentId)
  const admin = administers(actor, instrument.institutionId)
  if (!admin && actor.role !== 'talent_office')
    throw forbidden('Comments are read by the instrument’s institute admin and the talent offices.')
  const ratings = await listRatingsOf(deps.db, instrument.id, page)
  return ratings.map((r) => ({
    id: r.id,
    kind: r.orderId !== null ? 'order' : 'reservation',
    reservationId: r.reservationId,
    orderId: r.orderId,
    timeliness: r.timeliness,
    quality: r.quality,
    staff: r.staff,
    comment: r.comment,
    useAt: r.useAt,
    createdAt: r.createdAt,
    rater: admin ? { id: r.userId, name: r.userName } : null,
  }))
}

/** Which of these uses the actor has rated already (their pages offer the form only for the others). */
export const alreadyRated = (deps: Deps, kind: 'reservation' | 'order', ids: readonly string[]) =>
  ratedUses(deps.db, kind, ids)
