import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import type { Interval } from '../../src/domain/interval.js'
import { isValidTimezone, openPeriodsBetween, validateOpeningHours } from '../../src/domain/opening-hours.js'
import type { OpeningPeriod, Weekday } from '../../src/domain/types.js'

const at = (iso: string) => {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`)
  return t
}
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) })
const p = (weekday: Weekday, open: string, close: string): OpeningPeriod => ({ weekday, open, close })

const weekdays = [p(1, '09:00', '12:00'), p(1, '13:30', '17:30')]
const overnight = [p(1, '18:00', '24:00'), p(2, '00:00', '06:00')]
const newYear = [p(4, '20:00', '24:00'), p(5, '00:00', '02:00')] // 2026-12-31 is a Thursday

describe('openPeriodsBetween', () => {
  it.each<[string, OpeningPeriod[], string, string, string, Interval[]]>([
    [
      'two periods of a Monday in Shanghai',
      weekdays,
      'Asia/Shanghai',
      '2027-03-01T00:00:00+08:00',
      '2027-03-02T00:00:00+08:00',
      [
        span('2027-03-01T09:00:00+08:00', '2027-03-01T12:00:00+08:00'),
        span('2027-03-01T13:30:00+08:00', '2027-03-01T17:30:00+08:00'),
      ],
    ],
    [
      'a period partly in the window is returned whole (not clipped)',
      weekdays,
      'Asia/Shanghai',
      '2027-03-01T10:00:00+08:00',
      '2027-03-01T10:30:00+08:00',
      [span('2027-03-01T09:00:00+08:00', '2027-03-01T12:00:00+08:00')],
    ],
    [
      'periods that only touch the window are not returned',
      weekdays,
      'Asia/Shanghai',
      '2027-03-01T12:00:00+08:00',
      '2027-03-01T13:30:00+08:00',
      [],
    ],
    [
      'a 24:00 close ends at the next local midnight; periods across midnight are not merged',
      overnight,
      'Asia/Shanghai',
      '2027-03-01T00:00:00+08:00',
      '2027-03-03T00:00:00+08:00',
      [
        span('2027-03-01T18:00:00+08:00', '2027-03-02T00:00:00+08:00'),
        span('2027-03-02T00:00:00+08:00', '2027-03-02T06:00:00+08:00'),
      ],
    ],
    [
      "New Year's Eve in Shanghai",
      newYear,
      'Asia/Shanghai',
      '2026-12-31T00:00:00Z',
      '2027-01-02T00:00:00Z',
      [span('2026-12-31T12:00:00Z', '2026-12-31T16:00:00Z'), span('2026-12-31T16:00:00Z', '2026-12-31T18:00:00Z')],
    ],
    [
      "New Year's Eve in UTC",
      newYear,
      'UTC',
      '2026-12-31T00:00:00Z',
      '2027-01-02T00:00:00Z',
      [span('2026-12-31T20:00:00Z', '2027-01-01T00:00:00Z'), span('2027-01-01T00:00:00Z', '2027-01-01T02:00:00Z')],
    ],
    [
      'Berlin spring-forward: 00:00–06:00 lasts five real hours',
      [p(7, '00:00', '06:00')],
      'Europe/Berlin',
      '2027-03-27T00:00:00Z',
      '2027-03-29T00:00:00Z',
      [span('2027-03-28T00:00:00+01:00', '2027-03-28T06:00:00+02:00')],
    ],
    [
      'Berlin spring-forward: a period inside the skipped hour vanishes, one starting in it opens at 03:30',
      [p(7, '02:00', '03:00'), p(7, '02:30', '04:00')],
      'Europe/Berlin',
      '2027-03-28T00:00:00+01:00',
      '2027-03-29T00:00:00+02:00',
      [span('2027-03-28T03:30:00+02:00', '2027-03-28T04:00:00+02:00')],
    ],
    [
      'Berlin fall-back: 00:00–24:00 lasts twenty-five real hours',
      [p(7, '00:00', '24:00')],
      'Europe/Berlin',
      '2027-10-31T00:00:00+02:00',
      '2027-11-01T00:00:00+01:00',
      [span('2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00')],
    ],
    [
      'two weeks give two Mondays',
      [p(1, '09:00', '10:00')],
      'Asia/Shanghai',
      '2027-03-01T00:00:00+08:00',
      '2027-03-15T00:00:00+08:00',
      [
        span('2027-03-01T09:00:00+08:00', '2027-03-01T10:00:00+08:00'),
        span('2027-03-08T09:00:00+08:00', '2027-03-08T10:00:00+08:00'),
      ],
    ],
    ['no hours, no periods', [], 'Asia/Shanghai', '2027-03-01T00:00:00+08:00', '2027-03-15T00:00:00+08:00', []],
    ['an empty window', weekdays, 'Asia/Shanghai', '2027-03-01T10:00:00+08:00', '2027-03-01T10:00:00+08:00', []],
  ])('%s', (_name, hours, zone, from, to, expected) => {
    expect(openPeriodsBetween(hours, zone, at(from), at(to))).toEqual(expected)
  })

  it('sorts periods given out of order', () => {
    const result = openPeriodsBetween(
      [p(2, '08:00', '09:00'), p(1, '13:00', '14:00'), p(1, '08:00', '09:00')],
      'UTC',
      at('2027-03-01T00:00:00Z'),
      at('2027-03-03T00:00:00Z'),
    )
    expect(result.map((r) => new Date(r.start).toISOString())).toEqual([
      '2027-03-01T08:00:00.000Z',
      '2027-03-01T13:00:00.000Z',
      '2027-03-02T08:00:00.000Z',
    ])
  })

  it.each([
    ['an unknown zone', weekdays, 'Mars/Olympus'],
    ['a malformed time', [p(1, '9:00', '12:00')], 'UTC'],
  ])('throws a RangeError on %s', (_name, hours, zone) => {
    expect(() => openPeriodsBetween(hours, zone, 0, 1)).toThrow(RangeError)
  })
})

describe('validateOpeningHours', () => {
  it.each<[string, OpeningPeriod[], number, { path: string; message: string }[] | string[]]>([
    ['a normal week', [p(1, '08:00', '12:00'), p(1, '13:00', '17:30'), p(7, '00:00', '24:00')], 30, []],
    ['touching periods of one day', [p(3, '08:00', '12:00'), p(3, '12:00', '18:00')], 60, []],
    ['an empty list', [], 30, []],
    ['a 24:00 close', [p(1, '18:00', '24:00')], 360, []],
    ['24:00 as an opening time', [p(1, '24:00', '24:00')], 30, ['0.open']],
    ['hour 24 with minutes', [p(1, '08:00', '24:30')], 30, ['0.close']],
    ['a single-digit hour', [p(1, '8:00', '12:00')], 30, ['0.open']],
    ['minute 60', [p(1, '08:60', '12:00')], 30, ['0.open']],
    ['hour 25', [p(1, '08:00', '25:00')], 30, ['0.close']],
    ['close before open', [p(1, '12:00', '08:00')], 30, ['0.close']],
    ['close equal to open', [p(1, '12:00', '12:00')], 30, ['0.close']],
    ['length not a multiple of the slot', [p(1, '08:00', '09:00'), p(2, '08:00', '09:45')], 30, ['1.close']],
    [
      'overlapping periods of one weekday',
      [p(1, '08:00', '12:00'), p(2, '08:00', '12:00'), p(1, '11:00', '13:00')],
      60,
      ['2.open'],
    ],
    ['identical periods', [p(5, '08:00', '12:00'), p(5, '08:00', '12:00')], 60, ['1.open']],
    [
      'weekday 0 and 8',
      [
        { weekday: 0 as Weekday, open: '08:00', close: '09:00' },
        { weekday: 8 as Weekday, open: '08:00', close: '09:00' },
      ],
      60,
      ['0.weekday', '1.weekday'],
    ],
    ['several errors of one period', [p(1, 'x', '25:00')], 30, ['0.open', '0.close']],
  ])('%s', (_name, hours, slot, expectedPaths) => {
    expect(validateOpeningHours(hours, slot).map((e) => e.path)).toEqual(expectedPaths)
  })

  it('explains each error in a sentence, with a stable code for translations', () => {
    const [error] = validateOpeningHours([p(1, '08:00', '09:45')], 30)
    expect(error).toEqual({
      path: '0.close',
      message: expect.stringContaining('not a multiple of the 30-minute slot'),
      code: 'slot-multiple',
    })
  })

  it.each([
    [[{ weekday: 9 as Weekday, open: '08:00', close: '09:00' }], 'weekday'],
    [[p(1, 'x', '09:00')], 'open-time'],
    [[p(1, '08:00', '25:00')], 'close-time'],
    [[p(1, '09:00', '08:00')], 'order'],
    [[p(1, '08:00', '12:00'), p(1, '11:00', '13:00')], 'overlap'],
  ])('codes %j as %s', (hours, code) => {
    expect(validateOpeningHours(hours, 60).map((e) => e.code)).toEqual([code])
  })
})

describe('isValidTimezone', () => {
  it.each([
    ['Asia/Shanghai', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['asia/shanghai', false],
    ['Mars/Olympus', false],
    ['', false],
    ['+08:00', false],
    ['EST', false],
  ])('%s → %s', (zone, expected) => {
    expect(isValidTimezone(zone)).toBe(expected)
  })
})

describe('openPeriodsBetween walks days as luxon does', () => {
  /** The walk written with luxon DateTimes, as it was before zones.ts took over the arithmetic. */
  function withLuxon(hours: OpeningPeriod[], timezone: string, from: number, to: number) {
    const result: { start: number; end: number }[] = []
    const at = (day: DateTime, minutes: number) =>
      minutes === 24 * 60
        ? day.plus({ days: 1 }).startOf('day').toMillis()
        : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis()
    const minutesOf = (time: string) =>
      time === '24:00' ? 24 * 60 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3))
    let day = DateTime.fromMillis(from, { zone: timezone }).startOf('day').minus({ days: 1 })
    while (day.toMillis() < to) {
      for (const period of hours.filter((p) => p.weekday === day.weekday)) {
        const start = at(day, minutesOf(period.open))
        const end = at(day, minutesOf(period.close))
        if (start < end && start < to && from < end) result.push({ start, end })
      }
      day = day.plus({ days: 1 }).startOf('day')
    }
    return result.sort((a, b) => a.start - b.start || a.end - b.end)
  }

  const time = fc
    .integer({ min: 0, max: 47 })
    .map((half) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`)
  const period = fc
    .tuple(fc.integer({ min: 1, max: 7 }), time, fc.oneof(time, fc.constant('24:00')))
    .map(([weekday, open, close]) => ({ weekday: weekday as OpeningPeriod['weekday'], open, close }))

  it('gives the same periods in zones with daylight saving at midnight, half hours and a skipped day', () => {
    fc.assert(
      fc.property(
        fc.array(period, { maxLength: 6 }),
        fc.constantFrom(
          'Asia/Shanghai',
          'Europe/Berlin',
          'America/Santiago',
          'America/Havana',
          'Australia/Lord_Howe',
          'Pacific/Apia',
        ),
        fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 20 * 86_400_000 }),
        (hours, zone, from, length) => {
          expect(openPeriodsBetween(hours, zone, from, from + length)).toEqual(
            withLuxon(hours, zone, from, from + length),
          )
        },
      ),
      { numRuns: 1500 },
    )
  })
})
