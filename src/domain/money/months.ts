import { DateTime } from 'luxon'
import { STATS_ZONE } from '../sharing/counting.js'
import { zoneOf } from '../zones.js'

/**
 * Months and dates of money in Asia/Shanghai (statements, redemptions, programme validity). A month is kept as an
 * ordinal, year × 12 + month − 1, so that "the month after" is + 1 in SQL and here alike; `YYYY-MM` on the wire.
 */

const zone = () => zoneOf(STATS_ZONE)

/** The month ordinal of an instant (epoch ms UTC) in Asia/Shanghai. */
export function monthOrdOf(instant: number): number {
  const local = DateTime.fromMillis(instant, { zone: zone() })
  return local.year * 12 + local.month - 1
}

/** `YYYY-MM` of a month ordinal. */
export function monthText(ord: number): string {
  const year = Math.floor(ord / 12)
  return `${String(year).padStart(4, '0')}-${String((ord % 12) + 1).padStart(2, '0')}`
}

/** The ordinal of `YYYY-MM`, or null when it is not a month. */
export function parseMonth(text: string): number | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text)
  if (!match) return null
  const month = Number(match[2])
  if (month < 1 || month > 12) return null
  return Number(match[1]) * 12 + month - 1
}

/** `[start, end)` of a month in Asia/Shanghai, epoch ms UTC. */
export function monthSpan(ord: number): { start: number; end: number } {
  const start = DateTime.fromObject({ year: Math.floor(ord / 12), month: (ord % 12) + 1, day: 1 }, { zone: zone() })
  return { start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() }
}

/** Whether the month has not ended at `now`: its statements cannot be issued yet (422 month-open). */
export const monthIsOpen = (ord: number, now: number): boolean => now < monthSpan(ord).end

/** `YYYY-MM-DD` → `[start of that day, start of the day after)` in Asia/Shanghai; null when it is not a date. */
export function daySpan(date: string): { start: number; end: number } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null
  const day = DateTime.fromISO(date, { zone: zone() })
  if (!day.isValid) return null
  return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() }
}
