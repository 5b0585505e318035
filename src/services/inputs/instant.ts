import { z } from 'zod'

/** RFC 3339 with a mandatory offset: an instant without one is ambiguous and rejected. */
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i
const PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** Days from 1970-01-01 to a proleptic Gregorian date, any year (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * The instant (epoch ms UTC) of an RFC 3339 string with an offset, or null when it names no real date and time —
 * what luxon's `DateTime.fromISO(text, { setZone: true })` answered before, to the millisecond (24:00 is the next
 * midnight, a fraction is cut to whole ms, the offset is taken as written), property-tested against it, at a
 * fraction of its cost: every booking parses two.
 */
export function parseInstant(text: string): number | null {
  const match = PARTS.exec(text)
  if (!match) return null
  const [, y, mo, d, h, mi, s, fraction, sign, offsetHours, offsetMinutes] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = s === undefined ? 0 : Number(s)
  const millisecond = fraction === undefined ? 0 : Math.floor(Number.parseFloat(`0.${fraction}`) * 1000)
  if (month < 1 || month > 12) return null
  if (day < 1 || day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!)) return null
  if (minute > 59 || second > 59) return null
  if (hour > 23 && !(hour === 24 && minute === 0 && second === 0 && millisecond === 0)) return null
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes))
  const wall = daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
  return wall - offset * MINUTE
}

/** An instant of API.md: a string on the wire, epoch ms UTC once parsed (`toMs`). */
export const Instant = z
  .string()
  .regex(RFC3339_WITH_OFFSET, 'must be an RFC 3339 instant with an offset, e.g. 2027-03-01T09:00:00+08:00')
  // only what has the shape can be a real date and time; the shape's own message says the rest
  .refine((text) => !PARTS.test(text) || parseInstant(text) !== null, 'is not a real date and time')
  .meta({ format: 'date-time', example: '2027-03-01T09:00:00+08:00' })

/** The epoch ms of a validated `Instant` (NaN for a string that is none, as before). */
export const toMs = (instant: string): number => parseInstant(instant) ?? Number.NaN
export const toIso = (ms: number): string => new Date(ms).toISOString()
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms))

/** The ids of API.md: opaque strings. */
export const Id = z.string().min(1).max(100)
