import { DateTime } from 'luxon'
import { parseInstant, parseLocalDate } from '../domain/instant.js'
import type { Lang, Translate } from './i18n/index.js'

/** Times on the platform are shown in the instrument's zone; Asia/Shanghai where there is no instrument. */
export const DEFAULT_ZONE = 'Asia/Shanghai'

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' }
const DATE_TIME: Record<Lang, string> = { zh: 'yyyy年M月d日 ccc HH:mm', en: 'ccc d LLL yyyy HH:mm' }
const DATE: Record<Lang, string> = { zh: 'yyyy年M月d日 ccc', en: 'ccc d LLL yyyy' }
const DAY: Record<Lang, string> = { zh: 'M月d日 ccc', en: 'ccc d LLL' }

const local = (ms: number, zone: string, lang: Lang) => DateTime.fromMillis(ms, { zone }).setLocale(LOCALE[lang])

/** `2027年3月1日 周一 09:00` / `Mon 1 Mar 2027 09:00` */
export const formatDateTime = (ms: number, zone: string, lang: Lang) => local(ms, zone, lang).toFormat(DATE_TIME[lang])
/** `2027年3月1日 周一` / `Mon 1 Mar 2027` */
export const formatDate = (ms: number, zone: string, lang: Lang) => local(ms, zone, lang).toFormat(DATE[lang])
/** `3月1日 周一` / `Mon 1 Mar` — calendar column heads */
export const formatDay = (ms: number, zone: string, lang: Lang) => local(ms, zone, lang).toFormat(DAY[lang])
/** `09:00` */
export const formatTime = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('HH:mm')

/** `2027年3月1日 周一 09:00–10:30`; the end carries its date when it falls on another day. */
export function formatRange(start: number, end: number, zone: string, lang: Lang): string {
  const sameDay = local(start, zone, lang).hasSame(local(end, zone, lang), 'day')
  return `${formatDateTime(start, zone, lang)}–${sameDay ? formatTime(end, zone) : formatDateTime(end, zone, lang)}`
}

/** `90` → `1 小时 30 分钟` / `1 h 30 min`; whole days as days. */
export function formatMinutes(minutes: number, t: Translate): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return t('common.days', { n: minutes / 1440 })
  if (minutes < 60) return t('common.minutes', { n: minutes })
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m === 0 ? t('common.hours', { n: h }) : t('common.hoursMinutes', { h, m })
}

/** An original value in CNY as each language counts large sums: `850.5 万元` / `CNY 8.51 million`. */
export function formatValue(yuan: number | null, t: Translate): string {
  if (yuan === null) return t('value.unknown')
  const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 })
  return t('value.wan', { wan: number(yuan / 10_000), million: number(yuan / 1_000_000) })
}

/** The value of an `<input type="datetime-local">` for an instant, in `zone`. */
export const toLocalInput = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")

/**
 * An `<input type="datetime-local">` value (or an RFC 3339 instant) read in `zone`; null when unreadable. The API's
 * reader (domain/instant.ts), so a page refuses what the API refuses: `T24:00`, offsets beyond ±14:00, years
 * outside 1900–2200.
 */
export function fromLocalInput(value: string | undefined | null, zone: string): number | null {
  if (!value) return null
  const parsed = parseInstant(value.trim(), zone)
  return parsed.ok ? parsed.ms : null
}

/** The Monday 00:00 (in `zone`) of the week holding `ms`. */
export const weekStart = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).startOf('week').toMillis()

/** `2027-03-01` of an instant in `zone` (the `?week=` parameter). */
export const isoDate = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate() ?? ''

/** A `?week=YYYY-MM-DD` value as the Monday 00:00 of its week in `zone`; null when unreadable. */
export function parseWeek(value: string | undefined, zone: string): number | null {
  const day = value ? parseLocalDate(value, zone) : null
  return day === null ? null : DateTime.fromMillis(day, { zone }).startOf('week').toMillis()
}

/** A city as shown: its stored (Chinese) name in Chinese, its capitalised code in English (`ningbo` → `Ningbo`). */
export const cityLabel = (city: { code: string; name: string }, lang: Lang) =>
  lang === 'zh' ? city.name : city.code.charAt(0).toUpperCase() + city.code.slice(1)
