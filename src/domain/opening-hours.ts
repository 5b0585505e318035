import { IANAZone, type Zone } from 'luxon'
import type { Interval } from './interval.js'
import type { OpeningPeriod } from './types.js'
import {
  atLocalMinutes,
  type LocalInstant,
  localInstant,
  localWeekday,
  plusLocalDays,
  startOfLocalDay,
  zoneOf,
} from './zones.js'

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const MINUTES_PER_DAY = 24 * 60

/** Minutes after local midnight of "HH:mm" (and of "24:00" when `isClose`), or null when malformed. */
function minutesOf(time: unknown, isClose: boolean): number | null {
  if (typeof time !== 'string') return null
  if (isClose && time === '24:00') return MINUTES_PER_DAY
  const match = TIME.exec(time)
  if (!match) return null
  return Number(match[1]) * 60 + Number(match[2])
}

function isWeekday(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/**
 * Concrete open periods (each is the origin of its own slot grid) overlapping [from, to), sorted by start,
 * NOT merged and NOT clipped. Wall-clock times are read in `timezone`; a "24:00" close is the next local
 * midnight. On daylight-saving days a period's real length differs from its wall-clock length; a period that
 * vanishes in a spring-forward gap is dropped. Throws a RangeError on an unknown zone or a malformed period.
 */
export function openPeriodsBetween(
  hours: readonly OpeningPeriod[],
  timezone: string,
  from: number,
  to: number,
): Interval[] {
  // One shared zone per name, with cached offsets: isValidZone would build an Intl formatter on every
  // call, and offsets computed through Intl were the largest cost of a booking.
  const zone = zoneOf(timezone)
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${timezone}`)
  const byWeekday = new Map<number, { open: number; close: number }[]>()
  for (const period of hours) {
    const open = minutesOf(period.open, false)
    const close = minutesOf(period.close, true)
    if (!isWeekday(period.weekday) || open === null || close === null) {
      throw new RangeError(`Malformed opening period: ${JSON.stringify(period)}`)
    }
    const list = byWeekday.get(period.weekday) ?? []
    list.push({ open, close })
    byWeekday.set(period.weekday, list)
  }
  const result: Interval[] = []
  if (byWeekday.size === 0 || !(from < to)) return result
  // A period lies within its own local day, so starting one day early is safe whatever the offsets do.
  // The days are walked as luxon walks them (startOf day, plus a day), without DateTime objects (zones.ts).
  let day = plusLocalDays(zone, startOfLocalDay(zone, localInstant(zone, from)), -1)
  while (day.ts < to) {
    for (const { open, close } of byWeekday.get(localWeekday(day)) ?? []) {
      const start = atMinute(zone, day, open)
      const end = atMinute(zone, day, close)
      if (start < end && start < to && from < end) result.push({ start, end })
    }
    day = startOfLocalDay(zone, plusLocalDays(zone, day, 1))
  }
  return result.sort((a, b) => a.start - b.start || a.end - b.end)
}

/** The instant of local wall-clock `minutes` after the midnight of `day` (a time in a DST gap moves forward). */
function atMinute(zone: Zone, day: LocalInstant, minutes: number): number {
  if (minutes === MINUTES_PER_DAY) return startOfLocalDay(zone, plusLocalDays(zone, day, 1)).ts
  return atLocalMinutes(zone, day, minutes).ts
}

/**
 * Validation errors of an opening-hours list for a slot length; [] when valid. Paths are relative to the list
 * ("2.close"). An empty list is valid (an instrument that is never open).
 */
/** Why an opening period is invalid: a stable code for translations, beside the English message. */
export type HoursErrorCode = 'weekday' | 'open-time' | 'close-time' | 'order' | 'slot-multiple' | 'overlap'

export function validateOpeningHours(
  hours: readonly OpeningPeriod[],
  slotMinutes: number,
): { path: string; message: string; code: HoursErrorCode }[] {
  const errors: { path: string; message: string; code: HoursErrorCode }[] = []
  const valid: { index: number; weekday: number; open: number; close: number }[] = []
  hours.forEach((period, index) => {
    const weekdayOk = isWeekday(period.weekday)
    if (!weekdayOk)
      errors.push({
        path: `${index}.weekday`,
        message: 'Weekday must be an integer from 1 (Monday) to 7 (Sunday).',
        code: 'weekday',
      })
    const open = minutesOf(period.open, false)
    if (open === null)
      errors.push({
        path: `${index}.open`,
        message: 'Opening time must be "HH:mm" between 00:00 and 23:59.',
        code: 'open-time',
      })
    const close = minutesOf(period.close, true)
    if (close === null) {
      errors.push({
        path: `${index}.close`,
        message: 'Closing time must be "HH:mm" between 00:00 and 24:00.',
        code: 'close-time',
      })
    }
    if (open === null || close === null) return
    if (open >= close) {
      errors.push({ path: `${index}.close`, message: 'Closing time must be after the opening time.', code: 'order' })
      return
    }
    if (Number.isInteger(slotMinutes) && slotMinutes > 0 && (close - open) % slotMinutes !== 0) {
      errors.push({
        path: `${index}.close`,
        message: `The period lasts ${close - open} minutes, which is not a multiple of the ${slotMinutes}-minute slot.`,
        code: 'slot-multiple',
      })
    }
    if (!weekdayOk) return
    const other = valid.find((v) => v.weekday === period.weekday && v.open < close && open < v.close)
    if (other) {
      errors.push({
        path: `${index}.open`,
        message: `The period overlaps period ${other.index} (${WEEKDAY_NAMES[other.weekday - 1]} ${hours[other.index]?.open}–${hours[other.index]?.close}).`,
        code: 'overlap',
      })
      return
    }
    valid.push({ index, weekday: period.weekday, open, close })
  })
  return errors
}

/** True for an IANA zone name spelled as the runtime spells it ("Asia/Shanghai", "UTC"; not "asia/shanghai", "EST"). */
export function isValidTimezone(zone: string): boolean {
  if (typeof zone !== 'string' || !/^[A-Za-z]/.test(zone) || !IANAZone.isValidZone(zone)) return false
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === zone
  } catch {
    return false
  }
}
