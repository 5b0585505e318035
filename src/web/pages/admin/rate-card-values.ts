import { parseYuan } from '../../../domain/money/fen.js'
import { PRICE_CLASSES, type PriceClass, type RateCard } from '../../../domain/money/rates.js'
import { RateCardInput } from '../../../services/inputs/money.js'
import { yuanInput } from '../../format.js'
import type { MessageKey } from '../../i18n/index.js'

/*
 * The rate card (收费标准) as the admin's form holds it: prices typed in yuan (read as decimal text, exactly, into
 * fen — never through a float), the terms as whole numbers, all checked by the API's own schema (RateCardInput).
 * A price left blank is free for that class; all three blank: that kind of use is free (the card's `null`).
 */

export const PRICE_KINDS = ['hour', 'sample'] as const
export type PriceKind = (typeof PRICE_KINDS)[number]
export const RATE_TERMS = ['incrementMinutes', 'freeCancelHours', 'lateCancelPercent', 'noShowPercent'] as const

export interface RateCardValues {
  hour: Record<PriceClass, string>
  sample: Record<PriceClass, string>
  chargeBasis: string
  incrementMinutes: string
  freeCancelHours: string
  lateCancelPercent: string
  noShowPercent: string
}

/** The form's field name of a rate card value, as the schema's path reads: `rates.hour.academic`. */
export const rateField = (...path: string[]) => ['rates', ...path].join('.')

const pricesText = (prices: Record<PriceClass, number> | null) =>
  Object.fromEntries(PRICE_CLASSES.map((c) => [c, prices ? yuanInput(prices[c]) : ''])) as Record<PriceClass, string>

export function rateValuesOf(card: RateCard): RateCardValues {
  return {
    hour: pricesText(card.hour),
    sample: pricesText(card.sample),
    chargeBasis: card.chargeBasis,
    incrementMinutes: String(card.incrementMinutes),
    freeCancelHours: String(card.freeCancelHours),
    lateCancelPercent: String(card.lateCancelPercent),
    noShowPercent: String(card.noShowPercent),
  }
}

/** What the browser posted as `rates.*`, trimmed. */
export function rateValuesFrom(posted: Record<string, string>): RateCardValues {
  const typed = (...path: string[]) => (posted[rateField(...path)] ?? '').trim()
  const prices = (kind: PriceKind) =>
    Object.fromEntries(PRICE_CLASSES.map((c) => [c, typed(kind, c)])) as Record<PriceClass, string>
  return {
    hour: prices('hour'),
    sample: prices('sample'),
    chargeBasis: typed('chargeBasis'),
    incrementMinutes: typed('incrementMinutes'),
    freeCancelHours: typed('freeCancelHours'),
    lateCancelPercent: typed('lateCancelPercent'),
    noShowPercent: typed('noShowPercent'),
  }
}

/** A whole number as typed, or the text itself, which the schema then refuses. */
const wholeOrText = (text: string): number | string => (/^\d{1,9}$/.test(text) ? Number(text) : text)

/**
 * The card as the API takes it (still to be checked by RateCardInput), and the prices that are not amounts at all
 * (`rates.hour.academic` → its message): those the schema never sees.
 */
export function rateInputOf(values: RateCardValues): { input: unknown; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {}
  const prices = (kind: PriceKind) => {
    if (PRICE_CLASSES.every((c) => values[kind][c] === '')) return null
    const fen = (c: PriceClass) => {
      const text = values[kind][c]
      if (text === '') return 0
      const parsed = parseYuan(text)
      if (parsed === null) errors[rateField(kind, c)] = 'money.form.yuan'
      return parsed ?? 0
    }
    return Object.fromEntries(PRICE_CLASSES.map((c) => [c, fen(c)]))
  }
  const input = {
    hour: prices('hour'),
    sample: prices('sample'),
    chargeBasis: values.chargeBasis,
    ...Object.fromEntries(RATE_TERMS.map((term) => [term, wholeOrText(values[term])])),
  }
  return { input, errors }
}

/** The card of the form's values when they make one (for the preview), else null. */
export function cardOfValues(values: RateCardValues): RateCard | null {
  const { input, errors } = rateInputOf(values)
  if (Object.keys(errors).length > 0) return null
  const parsed = RateCardInput.safeParse(input)
  return parsed.success ? parsed.data : null
}

/** The message of a schema failure on a rate card field (`path` after `rates`). */
export function rateIssueKey(path: readonly string[], code: string): MessageKey {
  const [first = '', second] = path
  if (first === 'hour' || first === 'sample')
    return second && code === 'too_big' ? 'money.form.tooMuch' : 'money.form.yuan'
  if (first === 'chargeBasis') return 'staff.form.choose'
  if (first === 'lateCancelPercent' || first === 'noShowPercent') return 'money.form.percent'
  return 'staff.form.wholeNumber'
}
