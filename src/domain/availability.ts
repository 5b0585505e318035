import { type Busy, busyBetween } from './conflicts.js'
import { clipIntervals, type Interval, mergeIntervals, subtractIntervals } from './interval.js'
import { openPeriodsBetween } from './opening-hours.js'
import { horizonEnd } from './rules.js'
import type { BookingRules, HeldInterval, InstrumentStatus } from './types.js'

export interface AvailabilityInput {
  rules: BookingRules
  instrumentStatus: InstrumentStatus
  window: Interval
  now: number
  held: readonly HeldInterval[]
  blackouts: readonly Interval[]
}

export interface Availability {
  free: Interval[]
  busy: Busy[]
}

const MINUTE = 60_000

/** The first grid point ≥ t of any period that contains it (bounds inclusive), or null. */
function ceilToGrid(t: number, periods: readonly Interval[], slotMs: number): number | null {
  let best: number | null = null
  for (const p of periods) {
    if (p.end < t) continue
    const g = p.start + Math.max(0, Math.ceil((t - p.start) / slotMs)) * slotMs
    if (g <= p.end && (best === null || g < best)) best = g
  }
  return best
}

/** The last grid point ≤ t of any period that contains it (bounds inclusive), or null. */
function floorToGrid(t: number, periods: readonly Interval[], slotMs: number): number | null {
  let best: number | null = null
  for (const p of periods) {
    if (p.start > t) continue
    const g = p.start + Math.floor((Math.min(t, p.end) - p.start) / slotMs) * slotMs
    if (best === null || g > best) best = g
  }
  return best
}

/**
 * Free and busy time of an instrument in `window` (half-open, epoch ms UTC) as seen at `now`.
 * free: the maximal merged intervals bookable now — open periods minus held reservations widened to
 * [start - bufferMinutes, holdEnd) (so a booking inside never collides with a buffer, its own included) minus
 * blackouts, clipped to [max(window.start, now + notice), min(window.end, horizon end)], each bound rounded inward
 * to the slot grid of an open period containing it; [] unless the instrument is active. Length limits and
 * qualification are not applied. busy: busyBetween(window, held, blackouts).
 */
export function computeAvailability(input: AvailabilityInput): Availability {
  const { rules, window, now, held, blackouts } = input
  const busy = busyBetween(window, held, blackouts)
  if (input.instrumentStatus !== 'active') return { free: [], busy }
  const bounds: Interval = {
    start: Math.max(window.start, now + rules.noticeMinutes * MINUTE),
    end: Math.min(window.end, horizonEnd(rules.timezone, rules.horizonDays, now)),
  }
  if (!(bounds.start < bounds.end)) return { free: [], busy }
  // one millisecond either side, so that periods which only touch a bound can still lend it their grid
  const periods = openPeriodsBetween(rules.openingHours, rules.timezone, bounds.start - 1, bounds.end + 1)
  const bufferMs = rules.bufferMinutes * MINUTE
  const taken = [...held.map((e) => ({ start: e.start - bufferMs, end: Math.max(e.end, e.holdEnd) })), ...blackouts]
  const open = clipIntervals(subtractIntervals(mergeIntervals(periods), taken), bounds)
  const slotMs = rules.slotMinutes * MINUTE
  const free: Interval[] = []
  for (const piece of open) {
    const start = ceilToGrid(piece.start, periods, slotMs)
    const end = floorToGrid(piece.end, periods, slotMs)
    if (start !== null && end !== null && start < end) free.push({ start, end })
  }
  return { free, busy }
}
