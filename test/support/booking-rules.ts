import type { BookingRules, OpeningPeriod, Weekday } from '../../src/domain/types.js'

/** Monday to Friday (ISO weekdays, as luxon and OpeningPeriod count them). */
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5]
/** Monday to Sunday. */
export const EVERY_DAY: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]

/** One weekly open period; `close` may be `24:00`. */
export const period = (weekday: Weekday, open: string, close: string): OpeningPeriod => ({ weekday, open, close })

/** The same periods on each of `days`: `weekly(WEEKDAYS, ['09:00', '12:00'], ['13:00', '18:00'])`. */
export const weekly = (days: readonly Weekday[], ...periods: [open: string, close: string][]): OpeningPeriod[] =>
  days.flatMap((weekday) => periods.map(([open, close]) => period(weekday, open, close)))

/**
 * Booking rules for engine tests: the plainest instrument unless `overrides` say otherwise — Asia/Shanghai,
 * weekdays 08:00–18:00, 30-minute slots, 30 to 480 minutes, no buffer, no notice, a year ahead, no approval,
 * no qualification. A test names the rules it relies on, even when they equal a default, so that its
 * expectations read without this file.
 */
export function bookingRules(overrides: Partial<BookingRules> = {}): BookingRules {
  return {
    timezone: 'Asia/Shanghai',
    openingHours: weekly(WEEKDAYS, ['08:00', '18:00']),
    slotMinutes: 30,
    minMinutes: 30,
    maxMinutes: 480,
    bufferMinutes: 0,
    noticeMinutes: 0,
    horizonDays: 365,
    requiresApproval: false,
    requiresQualification: false,
    ...overrides,
  }
}
