import { DateTime } from 'luxon'
import { type Interval, subtractIntervals } from './interval.js'
import { openPeriodsBetween } from './opening-hours.js'
import type { BookingRules, InstrumentStatus } from './types.js'
import { localInstant, plusLocalDays, startOfLocalDay, zoneOf } from './zones.js'

export type RuleCode = 'inactive' | 'off-grid' | 'too-short' | 'too-long' | 'outside-hours' | 'notice' | 'horizon'

export interface Violation {
  rule: RuleCode
  /** A sentence for humans. */
  detail: string
}

export interface RuleContext {
  rules: BookingRules
  instrumentStatus: InstrumentStatus
  now: number
}

type Rule = (request: Interval, context: RuleContext) => Violation | null

const MINUTE = 60_000

/**
 * The first instant past the booking horizon: the start of the local day `horizonDays + 1` calendar days after
 * now's local day, in `timezone`. A start is within the horizon iff start < horizonEnd(...).
 */
export function horizonEnd(timezone: string, horizonDays: number, now: number): number {
  // DateTime.fromMillis(now).startOf('day').plus({ days: horizonDays + 1 }).startOf('day'), without DateTimes
  const zone = zoneOf(timezone)
  const today = startOfLocalDay(zone, localInstant(zone, now))
  return startOfLocalDay(zone, plusLocalDays(zone, today, horizonDays + 1)).ts
}

function localTime(instant: number, timezone: string): string {
  return DateTime.fromMillis(instant, { zone: zoneOf(timezone) }).toFormat('yyyy-MM-dd HH:mm')
}

/** A point inside no open period is not off-grid (outside-hours decides); bounds of a period count as inside. */
function isOffGrid(point: number, periods: readonly Interval[], slotMs: number): boolean {
  const containing = periods.filter((p) => p.start <= point && point <= p.end)
  return containing.length > 0 && !containing.some((p) => (point - p.start) % slotMs === 0)
}

const inactive: Rule = (_request, { instrumentStatus }) =>
  instrumentStatus === 'active'
    ? null
    : {
        rule: 'inactive',
        detail: `The instrument is ${instrumentStatus === 'retired' ? 'retired' : 'in maintenance'} and takes no new reservations.`,
      }

const offGrid: Rule = (request, { rules }) => {
  const slotMs = rules.slotMinutes * MINUTE
  for (const [which, point] of [
    ['start', request.start],
    ['end', request.end],
  ] as const) {
    // [point - 1, point + 1) catches the periods that contain the point, closing bound included
    const periods = openPeriodsBetween(rules.openingHours, rules.timezone, point - 1, point + 1)
    if (isOffGrid(point, periods, slotMs)) {
      return {
        rule: 'off-grid',
        detail: `The ${which} (${localTime(point, rules.timezone)}) is not on the ${rules.slotMinutes}-minute slot grid counted from the opening time.`,
      }
    }
  }
  return null
}

const tooShort: Rule = (request, { rules }) =>
  request.end - request.start < rules.minMinutes * MINUTE
    ? { rule: 'too-short', detail: `Reservations must last at least ${rules.minMinutes} minutes.` }
    : null

const tooLong: Rule = (request, { rules }) =>
  request.end - request.start > rules.maxMinutes * MINUTE
    ? { rule: 'too-long', detail: `Reservations may last at most ${rules.maxMinutes} minutes.` }
    : null

const outsideHours: Rule = (request, { rules }) => {
  const open = openPeriodsBetween(rules.openingHours, rules.timezone, request.start, request.end)
  return subtractIntervals([request], open).length === 0
    ? null
    : { rule: 'outside-hours', detail: 'The reservation must lie entirely within the opening hours.' }
}

const notice: Rule = (request, { rules, now }) => {
  if (request.start >= now + rules.noticeMinutes * MINUTE) return null
  return {
    rule: 'notice',
    detail:
      rules.noticeMinutes > 0
        ? `Reservations must start at least ${rules.noticeMinutes} minutes from now.`
        : 'Reservations cannot start in the past.',
  }
}

const horizon: Rule = (request, { rules, now }) => {
  const end = horizonEnd(rules.timezone, rules.horizonDays, now)
  if (request.start < end) return null
  const lastDay = DateTime.fromMillis(end, { zone: zoneOf(rules.timezone) })
    .minus({ days: 1 })
    .toISODate()
  return {
    rule: 'horizon',
    detail: `Reservations may start at most ${rules.horizonDays} days ahead, on ${lastDay} at the latest (${rules.timezone}).`,
  }
}

/** The fixed order of the rules: the first violation decides. */
const RULES: readonly Rule[] = [inactive, offGrid, tooShort, tooLong, outsideHours, notice, horizon]

/**
 * The first booking rule that `request` (half-open, epoch ms UTC) breaks when made at `now`, or null.
 * Order: inactive, off-grid, too-short, too-long, outside-hours, notice, horizon. Conflicts are not checked here.
 */
export function checkBookingRules(request: Interval, context: RuleContext): Violation | null {
  for (const rule of RULES) {
    const violation = rule(request, context)
    if (violation) return violation
  }
  return null
}
