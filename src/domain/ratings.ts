import { mulDivHalfUp } from './money/fen.js'

/**
 * Ratings (用户评价, DOMAIN.md "Ratings"): after each use of theirs a user rates it once, within 30 days of its actual
 * end (else its end; for an order, its report): timeliness (及时性), quality (质量), staff (服务态度), each 1–5, and a
 * comment. An instrument's rating is the means of the three to 2 decimals, `average` the mean of the three, null when
 * there is none. Pure.
 */

export const RATING_SCORES = ['timeliness', 'quality', 'staff'] as const
export type RatingScore = (typeof RATING_SCORES)[number]

export const MIN_SCORE = 1
export const MAX_SCORE = 5
export const MAX_COMMENT_LENGTH = 500

/** A use may be rated for 30 × 24 h after the instant its window opens. */
export const RATING_WINDOW_MS = 30 * 24 * 3_600_000

/** Where a use's rating window opens: a reservation's actual end, else its booked end; an order's report. */
export function ratingWindowOpensAt(use: { actualEnd?: number | null; end: number }): number {
  return use.actualEnd ?? use.end
}

/** Whether a use whose window opened at `opensAt` may be rated at `now` (30 days, the last instant included). */
export const withinRatingWindow = (opensAt: number, now: number): boolean =>
  now >= opensAt && now <= opensAt + RATING_WINDOW_MS

export interface Rating {
  id: string
  instrumentId: string
  userId: string
  reservationId: string | null
  orderId: string | null
  timeliness: number
  quality: number
  staff: number
  comment: string
  /** The use's date: a reservation's booked start, an order's reported time. */
  useAt: number
  createdAt: number
}

/** The sums a summary is made of (SQL sums them; the pure path adds them up here). */
export interface RatingSums {
  count: number
  timeliness: number
  quality: number
  staff: number
}

export interface RatingSummary {
  count: number
  average: number | null
  timeliness: number | null
  quality: number | null
  staff: number | null
}

export const EMPTY_RATING_SUMS: RatingSums = { count: 0, timeliness: 0, quality: 0, staff: 0 }

/** Σ/n to 2 decimals, rounded half up on the exact fraction (no float sum goes into it). */
const meanOf = (sum: number, n: number): number => mulDivHalfUp(sum, 100, n) / 100

/** The rating of an instrument from its sums: means to 2 decimals, `average` the mean of all three, null for none. */
export function summariseRatings(sums: RatingSums): RatingSummary {
  if (sums.count === 0) return { count: 0, average: null, timeliness: null, quality: null, staff: null }
  return {
    count: sums.count,
    average: meanOf(sums.timeliness + sums.quality + sums.staff, 3 * sums.count),
    timeliness: meanOf(sums.timeliness, sums.count),
    quality: meanOf(sums.quality, sums.count),
    staff: meanOf(sums.staff, sums.count),
  }
}

/** The sums of a list of ratings. */
export function sumRatings(ratings: readonly Pick<Rating, RatingScore>[]): RatingSums {
  const sums = { ...EMPTY_RATING_SUMS }
  for (const r of ratings) {
    sums.count += 1
    sums.timeliness += r.timeliness
    sums.quality += r.quality
    sums.staff += r.staff
  }
  return sums
}
