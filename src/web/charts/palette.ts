/**
 * Colours of the charts (WCAG AA contrast on white). Colour is never the only signal: series also
 * differ by stroke (solid / dashed) or fill (solid / hatched), and every value is written as text.
 */
export const INK = '#1f2933'
export const GRID = '#d5dbe1'
export const ACTUAL = '#1d4f91'
export const PACE = '#a14a00'
export const SECOND = '#2f6f4e'
export const TRACK = '#e8ecf0'

export const FONT = 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'

/** Default number format: grouped digits, the same in both languages. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US')
