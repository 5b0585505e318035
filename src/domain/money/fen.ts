/**
 * Integer arithmetic on fen (分, 0.01 CNY): every rounding explicit, no float ever holds money. The operands are
 * non-negative safe integers (prices, minutes, percents bounded by the inputs' schemas); a product beyond 2^53 is a
 * bug and throws rather than rounds.
 */

function product(a: number, b: number): number {
  const n = a * b
  if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(a) || !Number.isSafeInteger(b))
    throw new RangeError(`fen arithmetic on ${a} × ${b}`)
  return n
}

/** a × b ÷ d rounded half up (0.5 fen goes up), for non-negative integers and d > 0. */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  const n = product(a, b)
  const rest = n % d
  return (n - rest) / d + (2 * rest >= d ? 1 : 0)
}

/** a × b ÷ d rounded down, for non-negative integers and d > 0. */
export function mulDivDown(a: number, b: number, d: number): number {
  const n = product(a, b)
  return (n - (n % d)) / d
}

/** The smallest multiple of `step` that is ≥ `n` (n ≥ 0, step > 0, integers). */
export function ceilToMultiple(n: number, step: number): number {
  if (n <= 0) return 0
  const rest = n % step
  return rest === 0 ? n : n - rest + step
}

/** Fen as yuan with exactly two decimals, e.g. 12345 → "123.45", -5 → "-0.05" (CSV and text, never arithmetic). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
