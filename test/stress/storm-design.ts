/**
 * A storm whose outcome is computable: `clusters` far-apart groups of requests for one instrument. Every request
 * of a group contains the group's pivot instant, so any two of a group overlap (whatever the buffer) and at most
 * one of them can win; no request of one group comes near another group, buffers included, so exactly one per
 * group must win — whatever order the writes land in. Half of each group asks for the group's target slot
 * itself, the rest are decoys: longer or shifted slots over the same pivot.
 */

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
/** Each group lives in its own block of this length; starts and ends are on a 30-minute grid. */
export const BLOCK = 3 * HOUR

export interface StormRequest {
  group: number
  start: number
  end: number
  decoy: boolean
}

/** A small seeded PRNG (mulberry32): a failing storm can be replayed from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `total` requests spread over `clusters` groups starting at `origin` (on the grid). Within a block: the target is
 * [1 h, 2 h); decoys start at 0, 0.5, 1 or 1.5 h and end at 2 or 2.5 h, so all contain the pivot 1.5 h and the
 * longest hold, with a buffer up to 30 minutes, ends by 3 h — where the next block begins (touching is no overlap).
 */
export function designStorm(seed: number, origin: number, clusters: number, total: number): StormRequest[] {
  const random = prng(seed)
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)]!
  const requests: StormRequest[] = []
  for (let i = 0; i < total; i++) {
    const group = i % clusters
    const block = origin + group * BLOCK
    const decoy = random() < 0.5
    const start = block + (decoy ? pick([0, 0.5, 1, 1.5]) * HOUR : HOUR)
    const end = block + (decoy ? pick([2, 2.5]) * HOUR : 2 * HOUR)
    requests.push({ group, start, end, decoy })
  }
  // shuffle, so the groups' requests arrive interleaved
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[requests[i], requests[j]] = [requests[j]!, requests[i]!]
  }
  return requests
}

/** The group a stored [start, end) belongs to, by the block it lies in. */
export const groupOf = (origin: number, start: number) => Math.floor((start - origin) / BLOCK)
