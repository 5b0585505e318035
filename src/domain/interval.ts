/** A half-open interval [start, end) of epoch ms UTC. Empty when end <= start. */
export interface Interval {
  start: number
  end: number
}

/** Half-open: intervals that only touch (a.end === b.start) do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end
}

/** Sorted by start; overlapping or touching intervals merged; empty ones dropped. Never mutates its input. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.start < i.end).sort((a, b) => a.start - b.start || a.end - b.end)
  const merged: Interval[] = []
  for (const i of sorted) {
    const last = merged[merged.length - 1]
    if (last && i.start <= last.end) {
      last.end = Math.max(last.end, i.end)
    } else {
      merged.push({ start: i.start, end: i.end })
    }
  }
  return merged
}

/** The points of `from` that lie in no interval of `remove`; merged and sorted. */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const cuts = mergeIntervals(remove)
  const result: Interval[] = []
  let c = 0
  for (const piece of mergeIntervals(from)) {
    let start = piece.start
    // cuts are sorted and disjoint: skip those wholly before this piece, they are before every later piece too
    while (c < cuts.length && cuts[c]!.end <= start) c++
    let k = c
    while (k < cuts.length && cuts[k]!.start < piece.end) {
      const cut = cuts[k]!
      if (cut.start > start) result.push({ start, end: cut.start })
      start = Math.max(start, cut.end)
      k++
    }
    if (start < piece.end) result.push({ start, end: piece.end })
  }
  return result
}

/** Each interval intersected with `window`, in input order; empty results dropped; not merged. */
export function clipIntervals(list: readonly Interval[], window: Interval): Interval[] {
  const result: Interval[] = []
  for (const i of list) {
    const start = Math.max(i.start, window.start)
    const end = Math.min(i.end, window.end)
    if (start < end) result.push({ start, end })
  }
  return result
}
