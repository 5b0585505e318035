import type { EvaluationFigures } from '../../../domain/evaluation/figures.js'
import { yuan } from '../../../domain/money/fen.js'
import { percentText, wanYuanText } from '../../../services/evaluation-csv.js'

/** How the evaluation pages show figures: grouped digits, exact to the fen and the hundredth of an hour. */

/** Hours with 2 decimals and grouped digits: 1599 → "1,599.00". */
export const hoursShown = (hours: number): string =>
  hours.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** A ratio as a percentage with 2 decimals ("45.20%"), or a dash when undefined. */
export const rateShown = (rate: number | null): string => (rate === null ? '—' : percentText(rate))

/** A decimal's text with its whole part grouped by thousands: "42450.00" → "42,450.00". */
const grouped = (text: string): string => text.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','))

/** Fen as yuan with grouped digits and 2 decimals, from the integer exactly: 4245000 → "42,450.00". */
export const yuanShown = (fen: number): string => grouped(yuan(fen))

/** 原值 in 万元 with 2 decimals (half up, as the CSV) and grouped digits, or a dash: 40,529,700 → "4,052.97". */
export const wanShown = (yuanValue: number | null): string =>
  yuanValue === null ? '—' : grouped(wanYuanText(yuanValue))

/** Whether the year is compared pro rata (the current year, some of its days gone). */
export const isProRata = (figures: EvaluationFigures): boolean =>
  figures.thresholds !== null && figures.thresholds.daysCounted < figures.thresholds.daysInYear
