import { type Interval, overlaps } from './interval.js'
import type { HeldInterval } from './types.js'

export const BUSY_KINDS = ['reservation', 'buffer', 'blackout'] as const
export type BusyKind = (typeof BUSY_KINDS)[number]

export interface Busy {
  start: number
  end: number
  kind: BusyKind
}

const MINUTE = 60_000

function byStart(a: Busy, b: Busy): number {
  return a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind)
}

/**
 * What a requested [start, end) collides with, given the instrument's current `bufferMinutes` (epoch ms UTC,
 * half-open). Buffers separate reservations only: a held E conflicts when
 * E.start < request.end + buffer && request.start < E.holdEnd. It is reported as its [start, end) of kind
 * 'reservation' when the request overlaps it; else as its buffer [end, holdEnd) of kind 'buffer' when the request
 * overlaps that buffer; else (only the request's own buffer reaches E) as E's [start, end) of kind 'buffer'.
 * A blackout conflicts when it plainly overlaps the request. Empty means the time is free. Sorted by start.
 */
export function findConflicts(
  request: Interval,
  bufferMinutes: number,
  held: readonly HeldInterval[],
  blackouts: readonly Interval[],
): Busy[] {
  const requestHoldEnd = request.end + bufferMinutes * MINUTE
  const result: Busy[] = []
  for (const e of held) {
    const holdEnd = Math.max(e.end, e.holdEnd)
    if (!(e.start < requestHoldEnd && request.start < holdEnd)) continue
    if (overlaps(request, e)) {
      result.push({ start: e.start, end: e.end, kind: 'reservation' })
    } else if (overlaps(request, { start: e.end, end: holdEnd })) {
      result.push({ start: e.end, end: holdEnd, kind: 'buffer' })
    } else {
      result.push({ start: e.start, end: e.end, kind: 'buffer' })
    }
  }
  for (const b of blackouts) {
    if (overlaps(request, b)) result.push({ start: b.start, end: b.end, kind: 'blackout' })
  }
  return result.sort(byStart)
}

/**
 * The busy list of a window for availability: every held reservation [start, end) as 'reservation', its buffer
 * [end, holdEnd) as 'buffer' when holdEnd > end, every blackout as 'blackout' — each one that overlaps the window,
 * unclipped, sorted by start.
 */
export function busyBetween(window: Interval, held: readonly HeldInterval[], blackouts: readonly Interval[]): Busy[] {
  const result: Busy[] = []
  for (const e of held) {
    if (overlaps(e, window)) result.push({ start: e.start, end: e.end, kind: 'reservation' })
    const buffer = { start: e.end, end: e.holdEnd }
    if (buffer.end > buffer.start && overlaps(buffer, window)) result.push({ ...buffer, kind: 'buffer' })
  }
  for (const b of blackouts) {
    if (overlaps(b, window)) result.push({ start: b.start, end: b.end, kind: 'blackout' })
  }
  return result.sort(byStart)
}
