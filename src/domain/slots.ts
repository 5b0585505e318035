import type { Interval } from './interval.js'

/** How far around a refused request the nearest free slots are looked for: a week before, two weeks after. */
export const ALTERNATIVES_BEFORE_MS = 7 * 24 * 3600_000
export const ALTERNATIVES_AFTER_MS = 14 * 24 * 3600_000

/**
 * The free slots of the requested length nearest to a refused `request` (half-open, epoch ms UTC): in each free
 * interval of `free` (availability's grid-aligned free time) the grid start closest to the requested start, then
 * the `count` closest overall, in time order. The requested time itself is never offered back.
 */
export function nearestFreeSlots(
  free: readonly Interval[],
  request: Interval,
  slotMinutes: number,
  count = 4,
): Interval[] {
  const length = request.end - request.start
  if (length <= 0) return []
  const slotMs = slotMinutes * 60_000
  const candidates: Interval[] = []
  for (const gap of free) {
    if (gap.end - gap.start < length) continue
    const latest = gap.start + Math.floor((gap.end - length - gap.start) / slotMs) * slotMs
    const wanted = gap.start + Math.ceil((request.start - gap.start) / slotMs) * slotMs
    const start = Math.min(Math.max(gap.start, wanted), latest)
    if (start !== request.start) candidates.push({ start, end: start + length })
  }
  return candidates
    .sort((a, b) => Math.abs(a.start - request.start) - Math.abs(b.start - request.start) || a.start - b.start)
    .slice(0, count)
    .sort((a, b) => a.start - b.start)
}
