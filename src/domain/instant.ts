import { DateTime } from 'luxon'
import { zoneOf } from './zones.js'

/**
 * The one reader of instants, for the API (RFC 3339 with an offset) and the pages (an `<input type="datetime-local">`
 * value, read in the instrument's zone). Strict on purpose: luxon's and Date's own parsers accept `T24:00`,
 * offsets such as `+99:99`, six-digit years and week dates, none of which a person means.
 */

/**
 * The years an instant may fall in. Wide enough that a plausible-looking old date (a log from 1999) parses and the
 * domain's own rules answer it (a recorded use before the platform's records is a 422, not a 400), narrow enough
 * that a typo such as `0001` or `9999` is refused as input.
 */
export const FIRST_INSTANT_YEAR = 1900
export const LAST_INSTANT_YEAR = 2200

/** Real time zones lie within UTC−12:00 … UTC+14:00; RFC 3339 itself allows any two digits. */
export const MAX_OFFSET_MINUTES = 14 * 60

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/i

export type InstantProblem = 'format' | 'offset-missing' | 'offset' | 'date' | 'range'
export type ParsedInstant = { ok: true; ms: number } | { ok: false; problem: InstantProblem }

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

function offsetMinutes(text: string): number | null {
  if (text.toUpperCase() === 'Z') return 0
  const hours = Number(text.slice(1, 3))
  const minutes = Number(text.slice(4, 6))
  if (minutes > 59) return null
  const total = hours * 60 + minutes
  if (total > MAX_OFFSET_MINUTES) return null
  return text.startsWith('-') ? -total : total
}

/**
 * Reads `YYYY-MM-DDTHH:mm[:ss[.fraction]]` followed by `Z` or `±hh:mm` (at most ±14:00), as epoch ms UTC. Without an
 * offset the text is a wall-clock time in `localZone` (a time that a daylight-saving change skips moves forward, as
 * luxon does); without an offset and without a zone it is refused (`offset-missing`). Hours run 00–23 (no `24:00`),
 * seconds 00–59, and the year from FIRST_INSTANT_YEAR to LAST_INSTANT_YEAR.
 */
export function parseInstant(text: string, localZone?: string): ParsedInstant {
  const match = PATTERN.exec(text)
  if (!match) return { ok: false, problem: 'format' }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const millisecond = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3))
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'date' }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, problem: 'date' }
  if (year < FIRST_INSTANT_YEAR || year > LAST_INSTANT_YEAR) return { ok: false, problem: 'range' }
  const offsetText = match[8]
  if (offsetText === undefined) {
    if (localZone === undefined) return { ok: false, problem: 'offset-missing' }
    const local = DateTime.fromObject(
      { year, month, day, hour, minute, second, millisecond },
      { zone: zoneOf(localZone) },
    )
    return local.isValid ? { ok: true, ms: local.toMillis() } : { ok: false, problem: 'date' }
  }
  const offset = offsetMinutes(offsetText)
  if (offset === null) return { ok: false, problem: 'offset' }
  return { ok: true, ms: Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000 }
}

/** A calendar date `YYYY-MM-DD` as its local midnight in `zone`, within the same years; null when unreadable. */
export function parseLocalDate(text: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null
  const parsed = parseInstant(`${text}T00:00`, zone)
  return parsed.ok ? parsed.ms : null
}
