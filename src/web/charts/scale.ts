/** Axis arithmetic shared by the charts: "nice" round steps so that grid lines fall on readable numbers. */

/** The smallest step of the form {1, 2, 2.5, 5} × 10^k that is ≥ `raw` (1 for anything ≤ 1). */
export function niceStep(raw: number): number {
  if (!(raw > 1)) return 1
  const power = 10 ** Math.floor(Math.log10(raw))
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const step = factor * power
    // Whole numbers only: a count of uses has no fractions.
    if (step >= raw && Number.isInteger(step)) return step
  }
  return 10 * power
}

/** Grid values 0, step, 2·step … up to the first one ≥ `max`, with about `count` intervals. */
export function axisTicks(max: number, count = 5): number[] {
  const step = niceStep(Math.max(max, 1) / count)
  const top = Math.max(step, Math.ceil(Math.max(max, 0) / step) * step)
  const ticks: number[] = []
  for (let v = 0; v <= top; v += step) ticks.push(v)
  return ticks
}

/** Rounds a coordinate to one decimal: short markup, stable output for tests. */
export const px = (value: number): number => Math.round(value * 10) / 10

/** Running totals: `[a, a+b, a+b+c, …]`. */
export function cumulative(values: readonly number[]): number[] {
  let sum = 0
  return values.map((v) => {
    sum += v
    return sum
  })
}
