/** The weekly opening hours the demo instruments use. Every period's length is a multiple of the slot it is used with. */
import type { OpeningPeriod, Weekday } from '../../src/domain/types.js'

const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5]
const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]

function hours(days: readonly Weekday[], ...periods: [string, string][]): OpeningPeriod[] {
  return days.flatMap((weekday) => periods.map(([open, close]) => ({ weekday, open, close })))
}

/** Weekdays 08:30–12:00 and 13:30–17:30 (210 + 240 min: a 30-minute grid). */
export const OFFICE_30 = hours(WEEKDAYS, ['08:30', '12:00'], ['13:30', '17:30'])
/** Weekdays 08:00–12:00 and 13:00–18:00 (240 + 300 min: a 60-minute grid). */
export const OFFICE_60 = hours(WEEKDAYS, ['08:00', '12:00'], ['13:00', '18:00'])
/** Weekdays 09:00–12:00 and 13:00–17:00: sample reception for service instruments. */
export const SERVICE_60 = hours(WEEKDAYS, ['09:00', '12:00'], ['13:00', '17:00'])
/** Every day 08:00–22:00 (840 min: fits 15, 30 and 60). */
export const LONG_7 = hours(ALL_DAYS, ['08:00', '22:00'])
/** Weekdays 08:00–12:00 and 13:00–21:00 (240 + 480 min). */
export const LONG_WEEKDAY_60 = hours(WEEKDAYS, ['08:00', '12:00'], ['13:00', '21:00'])
/** Whole days, every day: day blocks; periods touch at midnight, so multi-day bookings join. */
export const DAYS_7 = hours(ALL_DAYS, ['00:00', '24:00'])
/** Whole days, Monday to Friday. */
export const DAYS_WEEKDAY = hours(WEEKDAYS, ['00:00', '24:00'])
/** Half-day blocks 08:30–12:30 and 12:30–16:30, weekdays. */
export const HALF_DAYS = hours(WEEKDAYS, ['08:30', '16:30'])
/** MRI research hours: weekday evenings 18:00–22:00, weekends 08:00–20:00. */
export const MRI_RESEARCH = [...hours(WEEKDAYS, ['18:00', '22:00']), ...hours([6, 7], ['08:00', '20:00'])]
