import { describe, expect, it } from 'vitest'
import { checkBookingRules, horizonEnd, type RuleCode, type RuleContext } from '../../src/domain/rules.js'
import type { BookingRules, InstrumentStatus } from '../../src/domain/types.js'
import { bookingRules, EVERY_DAY, period as p, WEEKDAYS, weekly } from '../support/booking-rules.js'

const at = (iso: string) => {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`)
  return t
}
const base = bookingRules({
  // Mon–Fri 09–12 and 13–18, plus a night run from Friday 18:00 to Saturday 06:00 (two periods joined at midnight)
  openingHours: [
    ...weekly(WEEKDAYS, ['09:00', '12:00'], ['13:00', '18:00']),
    p(5, '18:00', '24:00'),
    p(6, '00:00', '06:00'),
  ],
  slotMinutes: 30,
  minMinutes: 30,
  maxMinutes: 480,
  noticeMinutes: 60,
  horizonDays: 30,
})
const allDay = weekly(EVERY_DAY, ['00:00', '24:00'])

const MONDAY_8AM = '2027-03-01T08:00:00+08:00'

interface Case {
  name: string
  start: string
  end: string
  now?: string
  rules?: Partial<BookingRules>
  status?: InstrumentStatus
  expected: RuleCode | null
}

const cases: Case[] = [
  { name: 'an ordinary request', start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T10:00:00+08:00', expected: null },
  // inactive
  {
    name: 'maintenance',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T10:00:00+08:00',
    status: 'maintenance',
    expected: 'inactive',
  },
  {
    name: 'retired, even when off-grid too',
    start: '2027-03-02T09:10:00+08:00',
    end: '2027-03-02T10:00:00+08:00',
    status: 'retired',
    expected: 'inactive',
  },
  // off-grid
  {
    name: 'start off the grid',
    start: '2027-03-02T09:10:00+08:00',
    end: '2027-03-02T10:00:00+08:00',
    expected: 'off-grid',
  },
  {
    name: 'end off the grid',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T09:50:00+08:00',
    expected: 'off-grid',
  },
  {
    name: 'start not a whole minute',
    start: '2027-03-02T09:00:30+08:00',
    end: '2027-03-02T10:00:00+08:00',
    expected: 'off-grid',
  },
  {
    name: 'off-grid comes before too-short',
    start: '2027-03-02T09:10:00+08:00',
    end: '2027-03-02T09:20:00+08:00',
    expected: 'off-grid',
  },
  {
    name: 'off-grid end inside a period beats outside-hours',
    start: '2027-03-02T08:00:00+08:00',
    end: '2027-03-02T09:10:00+08:00',
    expected: 'off-grid',
  },
  {
    name: 'an off-grid start outside every period is outside-hours, not off-grid',
    start: '2027-03-02T12:10:00+08:00',
    end: '2027-03-02T13:00:00+08:00',
    expected: 'outside-hours',
  },
  {
    name: 'a start at a closing time is on the grid (bounds inclusive), then outside-hours',
    start: '2027-03-02T12:00:00+08:00',
    end: '2027-03-02T13:00:00+08:00',
    expected: 'outside-hours',
  },
  // length
  {
    name: 'exactly the minimum',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T10:00:00+08:00',
    rules: { minMinutes: 60 },
    expected: null,
  },
  {
    name: 'one slot under the minimum',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T09:30:00+08:00',
    rules: { minMinutes: 60 },
    expected: 'too-short',
  },
  {
    name: 'end before start',
    start: '2027-03-02T10:00:00+08:00',
    end: '2027-03-02T09:00:00+08:00',
    expected: 'too-short',
  },
  {
    name: 'exactly the maximum',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T11:00:00+08:00',
    rules: { maxMinutes: 120 },
    expected: null,
  },
  {
    name: 'one slot over the maximum',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T11:30:00+08:00',
    rules: { maxMinutes: 120 },
    expected: 'too-long',
  },
  {
    name: 'too-long comes before outside-hours',
    start: '2027-03-02T08:00:00+08:00',
    end: '2027-03-02T18:00:00+08:00',
    expected: 'too-long',
  },
  // opening hours
  {
    name: 'across the lunch break',
    start: '2027-03-02T11:00:00+08:00',
    end: '2027-03-02T14:00:00+08:00',
    expected: 'outside-hours',
  },
  {
    name: 'on a Sunday',
    start: '2027-03-07T09:00:00+08:00',
    end: '2027-03-07T10:00:00+08:00',
    expected: 'outside-hours',
  },
  {
    name: 'exactly a whole period',
    start: '2027-03-02T13:00:00+08:00',
    end: '2027-03-02T18:00:00+08:00',
    expected: null,
  },
  {
    name: 'overnight across midnight via joined periods',
    start: '2027-03-05T22:00:00+08:00',
    end: '2027-03-06T02:00:00+08:00',
    expected: null,
  },
  { name: 'up to a 24:00 close', start: '2027-03-05T22:00:00+08:00', end: '2027-03-06T00:00:00+08:00', expected: null },
  {
    name: 'overnight past the morning close',
    start: '2027-03-05T23:00:00+08:00',
    end: '2027-03-06T06:30:00+08:00',
    expected: 'outside-hours',
  },
  {
    name: 'from the afternoon into the night run (touching at 18:00)',
    start: '2027-03-05T17:00:00+08:00',
    end: '2027-03-05T19:00:00+08:00',
    expected: null,
  },
  // notice
  {
    name: 'exactly at the notice',
    start: '2027-03-01T09:00:00+08:00',
    end: '2027-03-01T09:30:00+08:00',
    expected: null,
  },
  {
    name: 'one minute short of the notice',
    now: '2027-03-01T08:01:00+08:00',
    start: '2027-03-01T09:00:00+08:00',
    end: '2027-03-01T09:30:00+08:00',
    expected: 'notice',
  },
  {
    name: 'a start in the past, even with no notice',
    now: '2027-03-01T10:00:00+08:00',
    start: '2027-03-01T09:00:00+08:00',
    end: '2027-03-01T10:30:00+08:00',
    rules: { noticeMinutes: 0 },
    expected: 'notice',
  },
  {
    name: 'starting right now with no notice',
    now: '2027-03-01T09:00:00+08:00',
    start: '2027-03-01T09:00:00+08:00',
    end: '2027-03-01T09:30:00+08:00',
    rules: { noticeMinutes: 0 },
    expected: null,
  },
  {
    name: 'notice comes before horizon',
    start: '2027-06-01T09:00:00+08:00',
    end: '2027-06-01T09:30:00+08:00',
    rules: { noticeMinutes: 200 * 24 * 60 },
    expected: 'notice',
  },
  // horizon: today is Monday 2027-03-01 in Shanghai, so 30 days ahead is Wednesday 2027-03-31
  {
    name: 'the last slot of the last horizon day',
    start: '2027-03-31T17:30:00+08:00',
    end: '2027-03-31T18:00:00+08:00',
    expected: null,
  },
  {
    name: 'the first slot of the day after',
    start: '2027-04-01T09:00:00+08:00',
    end: '2027-04-01T09:30:00+08:00',
    expected: 'horizon',
  },
  {
    name: 'horizon 0: today only',
    start: '2027-03-01T17:30:00+08:00',
    end: '2027-03-01T18:00:00+08:00',
    rules: { horizonDays: 0 },
    expected: null,
  },
  {
    name: 'horizon 0: not tomorrow',
    start: '2027-03-02T09:00:00+08:00',
    end: '2027-03-02T09:30:00+08:00',
    rules: { horizonDays: 0 },
    expected: 'horizon',
  },
  // New Year's Eve: 00:30 on 1 January in Shanghai is still 31 December in UTC
  {
    name: "horizon 1 after New Year's midnight in Shanghai",
    now: '2027-01-01T00:30:00+08:00',
    start: '2027-01-02T10:00:00Z',
    end: '2027-01-02T11:00:00Z',
    rules: { openingHours: allDay, noticeMinutes: 0, horizonDays: 1 },
    expected: null,
  },
  {
    name: 'the same instants in UTC',
    now: '2027-01-01T00:30:00+08:00',
    start: '2027-01-02T10:00:00Z',
    end: '2027-01-02T11:00:00Z',
    rules: { openingHours: allDay, noticeMinutes: 0, horizonDays: 1, timezone: 'UTC' },
    expected: 'horizon',
  },
  {
    name: "a night run over New Year's midnight",
    now: '2026-12-20T00:00:00+08:00',
    start: '2026-12-31T22:00:00+08:00',
    end: '2027-01-01T02:00:00+08:00',
    rules: { openingHours: [p(4, '20:00', '24:00'), p(5, '00:00', '02:00')] },
    expected: null,
  },
]

// Berlin, Sundays 01:00–05:00, 2-hour slots: on daylight-saving days the grid counts real hours from the opening.
const berlin: Partial<BookingRules> = {
  timezone: 'Europe/Berlin',
  openingHours: [p(7, '01:00', '05:00')],
  slotMinutes: 120,
  minMinutes: 60,
  maxMinutes: 180,
  noticeMinutes: 0,
}
const berlinNow = '2027-03-10T00:00:00Z'
const berlinFallNow = '2027-10-20T00:00:00Z'
cases.push(
  {
    name: 'Berlin, an ordinary Sunday: 01:00–03:00',
    now: berlinNow,
    start: '2027-03-21T01:00:00+01:00',
    end: '2027-03-21T03:00:00+01:00',
    rules: berlin,
    expected: null,
  },
  {
    name: 'Berlin spring-forward: 01:00–04:00 local is two real hours, on the grid',
    now: berlinNow,
    start: '2027-03-28T01:00:00+01:00',
    end: '2027-03-28T04:00:00+02:00',
    rules: berlin,
    expected: null,
  },
  {
    name: 'Berlin spring-forward: 03:00 local is one real hour after opening, off the grid',
    now: berlinNow,
    start: '2027-03-28T01:00:00+01:00',
    end: '2027-03-28T03:00:00+02:00',
    rules: berlin,
    expected: 'off-grid',
  },
  {
    name: 'Berlin spring-forward: the 05:00 close is three real hours after opening, off the grid',
    now: berlinNow,
    start: '2027-03-28T04:00:00+02:00',
    end: '2027-03-28T05:00:00+02:00',
    rules: berlin,
    expected: 'off-grid',
  },
  {
    name: 'Berlin fall-back: 01:00 to the second 02:00 is two real hours',
    now: berlinFallNow,
    start: '2027-10-31T01:00:00+02:00',
    end: '2027-10-31T02:00:00+01:00',
    rules: berlin,
    expected: null,
  },
  {
    name: 'Berlin fall-back: 01:00–03:00 local is three real hours, off the grid',
    now: berlinFallNow,
    start: '2027-10-31T01:00:00+02:00',
    end: '2027-10-31T03:00:00+01:00',
    rules: berlin,
    expected: 'off-grid',
  },
  {
    name: 'Berlin fall-back: 01:00–04:00 local is four real hours, too long for 180 minutes',
    now: berlinFallNow,
    start: '2027-10-31T01:00:00+02:00',
    end: '2027-10-31T04:00:00+01:00',
    rules: berlin,
    expected: 'too-long',
  },
)

describe('checkBookingRules', () => {
  it.each(cases)('$name → $expected', ({ start, end, now, rules, status, expected }) => {
    const context: RuleContext = {
      rules: { ...base, ...rules },
      instrumentStatus: status ?? 'active',
      now: at(now ?? MONDAY_8AM),
    }
    const violation = checkBookingRules({ start: at(start), end: at(end) }, context)
    expect(violation?.rule ?? null).toBe(expected)
    if (violation) expect(violation.detail).toMatch(/^[A-Z].*\.$/)
  })

  it.each([
    [
      'notice',
      { start: '2027-03-01T09:00:00+08:00', end: '2027-03-01T09:30:00+08:00' },
      'Reservations must start at least 60 minutes from now.',
    ],
    [
      'too-short',
      { start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T09:00:00+08:00' },
      'Reservations must last at least 30 minutes.',
    ],
    [
      'too-long',
      { start: '2027-03-05T17:00:00+08:00', end: '2027-03-06T02:00:00+08:00' },
      'Reservations may last at most 480 minutes.',
    ],
    [
      'off-grid',
      { start: '2027-03-02T09:10:00+08:00', end: '2027-03-02T10:00:00+08:00' },
      'The start (2027-03-02 09:10) is not on the 30-minute slot grid counted from the opening time.',
    ],
    [
      'horizon',
      { start: '2027-04-01T09:00:00+08:00', end: '2027-04-01T09:30:00+08:00' },
      'Reservations may start at most 30 days ahead, on 2027-03-31 at the latest (Asia/Shanghai).',
    ],
  ])('%s explains itself', (rule, request, detail) => {
    const context: RuleContext = { rules: base, instrumentStatus: 'active', now: at('2027-03-01T08:30:00+08:00') }
    expect(checkBookingRules({ start: at(request.start), end: at(request.end) }, context)).toEqual({ rule, detail })
  })
})

describe('horizonEnd', () => {
  it.each([
    ['Shanghai, 30 days', 'Asia/Shanghai', 30, MONDAY_8AM, '2027-04-01T00:00:00+08:00'],
    [
      'Shanghai, just after midnight on New Year',
      'Asia/Shanghai',
      0,
      '2027-01-01T00:30:00+08:00',
      '2027-01-02T00:00:00+08:00',
    ],
    ['UTC, the same instant', 'UTC', 0, '2027-01-01T00:30:00+08:00', '2027-01-01T00:00:00Z'],
    [
      'Berlin across spring-forward: calendar days, not 24 h',
      'Europe/Berlin',
      1,
      '2027-03-27T12:00:00+01:00',
      '2027-03-29T00:00:00+02:00',
    ],
    [
      'Berlin across fall-back: calendar days, not 24 h',
      'Europe/Berlin',
      1,
      '2027-10-30T12:00:00+02:00',
      '2027-11-01T00:00:00+01:00',
    ],
  ])('%s', (_name, zone, days, now, expected) => {
    expect(horizonEnd(zone, days, at(now))).toBe(at(expected))
  })
})
