/**
 * A small seeded pseudo-random generator (mulberry32) for the demo data: the same seed gives the
 * same sequence on every platform, so the same seed and the same `now` give the same demo data.
 * Not for anything secret: ids, salts, feed keys and calendar UIDs come from WebCrypto.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** One element of a non-empty list, with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T
  /** True with probability p. */
  chance(p: number): boolean
  /** A new generator whose sequence depends on this one's seed and the label only. */
  fork(label: string): Prng
}

/** FNV-1a of a string: turns labels into 32-bit seeds. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export function createPrng(seed: number | string): Prng {
  const initial = typeof seed === 'string' ? hashString(seed) : seed >>> 0
  let state = initial
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const prng: Prng = {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1))
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    weighted(items, weight) {
      if (items.length === 0) throw new Error('pick from an empty list')
      let total = 0
      for (const item of items) total += Math.max(0, weight(item))
      if (total <= 0) return prng.pick(items)
      let r = next() * total
      for (const item of items) {
        r -= Math.max(0, weight(item))
        if (r < 0) return item
      }
      return items[items.length - 1]!
    },
    chance(p) {
      return next() < p
    },
    fork(label) {
      return createPrng((hashString(label) ^ Math.imul(initial, 0x9e3779b1)) >>> 0)
    },
  }
  return prng
}
