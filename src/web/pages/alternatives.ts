import type { Interval } from '../../domain/interval.js'
import type { Instrument } from '../../domain/types.js'
import type { Deps } from '../../http/env.js'
import { availability } from '../../services/instrument-calendar.js'

const DAY = 24 * 3600_000

/**
 * The free slots of the requested length nearest to a refused request: from the instrument's availability in
 * [start − 7 days, start + 14 days), in each free interval the grid start closest to the requested start, the
 * `count` closest overall, in time order.
 */
export async function nearestFreeSlots(
  deps: Deps,
  instrument: Instrument,
  request: Interval,
  count = 4,
): Promise<Interval[]> {
  const length = request.end - request.start
  if (length <= 0) return []
  const { free } = await availability(deps, instrument.id, request.start - 7 * DAY, request.start + 14 * DAY)
  const slotMs = instrument.slotMinutes * 60_000
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
