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

/** Fen as yuan with grouped thousands and two decimals, e.g. 123450 → "1,234.50" (for display, never arithmetic). */
export function groupedYuan(fen: number): string {
  const text = yuan(fen)
  const sign = text.startsWith('-') ? '-' : ''
  const [whole = '0', cents = '00'] = text.slice(sign.length).split('.')
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`
}

/** The largest amount `parseYuan` reads: ¥100,000,000 (any price or voucher of the platform is below it). */
const MAX_PARSED_YUAN_DIGITS = 9

/**
 * Yuan typed by a person as fen, read from the decimal text itself (never through a float): `150.5` → 15050,
 * `1,234.50` → 123450, `¥80` → 8000, `.5` → 50. At most two decimals and non-negative; null for anything else, so
 * that a form can say what is wrong instead of rounding it away.
 */
export function parseYuan(text: string): number | null {
  const match = /^[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d{0,2}))?$/.exec(text.trim())
  if (!match) return null
  const whole = (match[1] ?? '').replaceAll(',', '')
  const cents = match[2] ?? ''
  if (whole === '' && cents === '') return null
  if (whole.replace(/^0+/, '').length > MAX_PARSED_YUAN_DIGITS) return null
  return Number(whole || '0') * 100 + Number(cents.padEnd(2, '0'))
}
