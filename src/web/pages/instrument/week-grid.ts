import { DateTime } from 'luxon'
import type { Busy } from '../../../domain/conflicts.js'
import type { Interval } from '../../../domain/interval.js'
import { openPeriodsBetween } from '../../../domain/opening-hours.js'
import type { Instrument } from '../../../domain/types.js'

export type CellState = 'free' | 'busy' | 'blackout' | 'closed' | 'unavailable'

export interface Cell {
  start: number
  end: number
  state: CellState
  /** for a free cell: a bookable [start, end) of the instrument's minimum length that covers this cell's start */
  booking?: Interval
}

export interface WeekGrid {
  /** Monday 00:00 … Sunday 00:00 of the week, in the instrument's zone */
  days: number[]
  /** minutes after local midnight of each row */
  rows: number[]
  /** cells[row][day] */
  cells: Cell[][]
}

const MAX_ROWS = 48
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * The week calendar of an instrument (days × opening hours) from its availability: rows are a whole number of
 * slots (about 30 minutes or more), spanning the earliest opening to the latest closing of the week. A cell is
 * busy/blackout if anything held overlaps it, free if it lies inside a free interval at least minMinutes long,
 * unavailable if open but not bookable now (past, notice, horizon, short gap), else closed. Never says whose.
 */
export function weekGrid(instrument: Instrument, weekStart: number, free: Interval[], busy: Busy[]): WeekGrid {
  const zone = instrument.timezone
  const monday = DateTime.fromMillis(weekStart, { zone })
  const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }))
  const weekEnd = monday.plus({ days: 7 }).toMillis()
  const hours = instrument.openingHours
  const first = hours.length ? Math.min(...hours.map((p) => toMinutes(p.open))) : 8 * 60
  const last = hours.length ? Math.max(...hours.map((p) => toMinutes(p.close))) : 18 * 60
  const slot = instrument.slotMinutes
  let rowMinutes = slot * Math.max(1, Math.ceil(30 / slot))
  while ((last - first) / rowMinutes > MAX_ROWS) rowMinutes += slot
  const rows: number[] = []
  for (let m = first; m < last; m += rowMinutes) rows.push(m)
  const open = openPeriodsBetween(hours, zone, weekStart, weekEnd)
  const minMs = instrument.minMinutes * 60_000
  const cells = rows.map((minute) =>
    days.map((day): Cell => {
      // wall-clock time of that day (not minutes after midnight, which a daylight-saving change would shift)
      const startDt = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 })
      const start = startDt.toMillis()
      const end = startDt.plus({ minutes: rowMinutes }).toMillis()
      const hits = busy.filter((b) => b.start < end && start < b.end)
      if (hits.some((b) => b.kind === 'blackout')) return { start, end, state: 'blackout' }
      if (hits.length > 0) return { start, end, state: 'busy' }
      const gap = free.find((f) => f.start <= start && end <= f.end)
      if (gap && gap.end - gap.start >= minMs) {
        const bookingStart = Math.min(start, gap.end - minMs)
        return { start, end, state: 'free', booking: { start: bookingStart, end: bookingStart + minMs } }
      }
      const isOpen = open.some((p) => p.start < end && start < p.end)
      return { start, end, state: isOpen ? 'unavailable' : 'closed' }
    }),
  )
  return { days: days.map((d) => d.toMillis()), rows, cells }
}
