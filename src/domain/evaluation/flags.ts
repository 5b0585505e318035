import { DateTime } from 'luxon'
import type { NationalMeans } from '../evaluation-means.js'
import { STATS_ZONE } from '../sharing/counting.js'
import { zoneOf } from '../zones.js'

/*
 * Hours as the evaluation states them, and the flags of large instruments under the national means (DOMAIN.md
 * "Evaluation figures"). Hours are carried as whole hundredths of an hour, so that every comparison and every sum
 * is exact integer arithmetic and the figures shown add up to the totals shown.
 */

/** A large instrument (大型科研仪器): 原值 of 500,000 CNY or more. */
export const LARGE_INSTRUMENT_YUAN = 500_000

export const isLarge = (originalValue: number | null): boolean =>
  originalValue !== null && originalValue >= LARGE_INSTRUMENT_YUAN

/** The flags, in the order they are listed. */
export const EVALUATION_FLAGS = ['below-effective-mean', 'below-external-mean'] as const
export type EvaluationFlag = (typeof EVALUATION_FLAGS)[number]

const MS_PER_HUNDREDTH_HOUR = 36 * 1000

/** Whole ms (≥ 0) → hundredths of an hour, half up. */
export function hundredthsOfMs(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`machine time ${ms} ms`)
  const rest = ms % MS_PER_HUNDREDTH_HOUR
  return (ms - rest) / MS_PER_HUNDREDTH_HOUR + (2 * rest >= MS_PER_HUNDREDTH_HOUR ? 1 : 0)
}

/** Hours with at most 2 decimals (as the means are set) → hundredths. */
export const hundredthsOfHours = (hours: number): number => Math.round(hours * 100)

/** Hundredths → hours, a number with at most 2 decimals. */
export const hoursOfHundredths = (hundredths: number): number => hundredths / 100

/**
 * A ratio of two whole numbers (0 ≤ part ≤ whole) rounded half up to 4 decimals, e.g. 0.452 (45.20 %); null when
 * `whole` is 0. The share rate is external ÷ effective hundredths of hours, the open rate instruments ÷ instruments.
 */
export function ratioOf(part: number, whole: number): number | null {
  if (whole === 0) return null
  const n = part * 10_000
  const rest = n % whole
  return ((n - rest) / whole + (2 * rest >= whole ? 1 : 0)) / 10_000
}

/**
 * What the figures of a year are compared with: the means in force, scaled to the days the year has had.
 * `daysCounted` of `daysInYear`: a past year all of them; the current year (of `now` in Asia/Shanghai) the days
 * from January 1 up to and including today, as the sharing projection counts them — an instrument is flagged
 * exactly when its hours, projected to the whole year at today's pace, stay below the mean; a future year none.
 */
export interface FlagThresholds {
  /** The means themselves, and the year they were set for (the latest up to the evaluated one). */
  means: NationalMeans
  daysCounted: number
  daysInYear: number
  /** Each mean × daysCounted ÷ daysInYear, as hours to 2 decimals (half up), for display. */
  effectiveHours: number
  externalHours: number
}

export function flagThresholds(means: NationalMeans | null, year: number, now: number): FlagThresholds | null {
  if (!means) return null
  const today = DateTime.fromMillis(now, { zone: zoneOf(STATS_ZONE) })
  const daysInYear = DateTime.fromObject({ year, month: 7, day: 1 }, { zone: zoneOf(STATS_ZONE) }).daysInYear
  const daysCounted = year < today.year ? daysInYear : year > today.year ? 0 : today.ordinal
  const scaled = (hours: number) => {
    const n = hundredthsOfHours(hours) * daysCounted
    const rest = n % daysInYear
    return hoursOfHundredths((n - rest) / daysInYear + (2 * rest >= daysInYear ? 1 : 0))
  }
  return {
    means,
    daysCounted,
    daysInYear,
    effectiveHours: scaled(means.effectiveHours),
    externalHours: scaled(means.externalHours),
  }
}

/**
 * The flags of an instrument with these hours (hundredths): none unless it is large and there are means; else
 * each mean its hours fall strictly below, pro rata (hours × daysInYear < mean × daysCounted, in integers).
 */
export function flagsOf(
  large: boolean,
  hours: { effective: number; external: number },
  thresholds: FlagThresholds | null,
): EvaluationFlag[] {
  if (!large || !thresholds) return []
  const below = (hundredths: number, mean: number) =>
    hundredths * thresholds.daysInYear < hundredthsOfHours(mean) * thresholds.daysCounted
  const flags: EvaluationFlag[] = []
  if (below(hours.effective, thresholds.means.effectiveHours)) flags.push('below-effective-mean')
  if (below(hours.external, thresholds.means.externalHours)) flags.push('below-external-mean')
  return flags
}
