import { describe, expect, it } from 'vitest'
import { type AvailabilityInput, computeAvailability } from '../../src/domain/availability.js'
import type { Busy } from '../../src/domain/conflicts.js'
import type { Interval } from '../../src/domain/interval.js'
import type { BookingRules, HeldInterval, InstrumentStatus } from '../../src/domain/types.js'
import { bookingRules, EVERY_DAY, period as p, WEEKDAYS, weekly } from '../support/booking-rules.js'

const at = (iso: string) => {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`)
  return t
}
const span = ([start, end]: readonly [string, string]): Interval => ({ start: at(start), end: at(end) })
const workdays = weekly(WEEKDAYS, ['09:00', '12:00'], ['13:00', '18:00'])
const allDay = weekly(EVERY_DAY, ['00:00', '24:00'])

const base = bookingRules({ openingHours: workdays, slotMinutes: 30, noticeMinutes: 60, horizonDays: 30 })

type Pair = readonly [string, string]
interface Case {
  name: string
  window: Pair
  now?: string
  rules?: Partial<BookingRules>
  status?: InstrumentStatus
  held?: readonly [string, string, string?][]
  blackouts?: readonly Pair[]
  free: readonly Pair[]
}

const TUE = (time: string) => `2027-03-02T${time}:00+08:00`
const TUESDAY: Pair = [TUE('00:00'), '2027-03-03T00:00:00+08:00']

const cases: Case[] = [
  {
    name: 'nothing held: the open periods',
    window: TUESDAY,
    free: [
      [TUE('09:00'), TUE('12:00')],
      [TUE('13:00'), TUE('18:00')],
    ],
  },
  {
    name: 'a reservation cuts a hole; touching ends stay free',
    window: TUESDAY,
    held: [[TUE('10:00'), TUE('11:00')]],
    free: [
      [TUE('09:00'), TUE('10:00')],
      [TUE('11:00'), TUE('12:00')],
      [TUE('13:00'), TUE('18:00')],
    ],
  },
  {
    name: 'buffers: the hold after it and the current buffer before it',
    window: TUESDAY,
    rules: { bufferMinutes: 30 },
    held: [[TUE('10:00'), TUE('11:00'), TUE('11:30')]],
    free: [
      [TUE('09:00'), TUE('09:30')],
      [TUE('11:30'), TUE('12:00')],
      [TUE('13:00'), TUE('18:00')],
    ],
  },
  {
    name: 'an older reservation without buffer still gets the current buffer before it',
    window: TUESDAY,
    rules: { bufferMinutes: 30 },
    held: [[TUE('10:00'), TUE('11:00')]],
    free: [
      [TUE('09:00'), TUE('09:30')],
      [TUE('11:00'), TUE('12:00')],
      [TUE('13:00'), TUE('18:00')],
    ],
  },
  {
    name: 'a buffer reaching from outside the window; a reservation just after it',
    window: [TUE('10:00'), TUE('12:00')],
    rules: { bufferMinutes: 30 },
    held: [
      [TUE('09:00'), TUE('10:00'), TUE('10:30')],
      [TUE('12:00'), TUE('12:30'), TUE('13:00')],
    ],
    free: [[TUE('10:30'), TUE('11:30')]],
  },
  {
    name: 'an off-grid blackout: bounds rounded inward',
    window: TUESDAY,
    blackouts: [[TUE('11:15'), TUE('14:10')]],
    free: [
      [TUE('09:00'), TUE('11:00')],
      [TUE('14:30'), TUE('18:00')],
    ],
  },
  {
    name: 'a blackout ending inside a period leaves nothing when less than a slot remains',
    window: TUESDAY,
    blackouts: [[TUE('09:00'), TUE('11:40')]],
    free: [[TUE('13:00'), TUE('18:00')]],
  },
  {
    name: 'a window off the grid',
    window: [TUE('09:15'), TUE('17:45')],
    free: [
      [TUE('09:30'), TUE('12:00')],
      [TUE('13:00'), TUE('17:30')],
    ],
  },
  {
    name: 'notice: free from the first slot after now + notice',
    window: ['2027-03-01T00:00:00+08:00', '2027-03-02T00:00:00+08:00'],
    now: '2027-03-01T09:10:00+08:00',
    free: [
      ['2027-03-01T10:30:00+08:00', '2027-03-01T12:00:00+08:00'],
      ['2027-03-01T13:00:00+08:00', '2027-03-01T18:00:00+08:00'],
    ],
  },
  {
    name: 'notice exactly on a slot',
    window: ['2027-03-01T00:00:00+08:00', '2027-03-01T12:00:00+08:00'],
    now: '2027-03-01T09:00:00+08:00',
    free: [['2027-03-01T10:00:00+08:00', '2027-03-01T12:00:00+08:00']],
  },
  {
    name: 'horizon: the last day (31 March) is free, the next is not',
    window: ['2027-03-31T00:00:00+08:00', '2027-04-03T00:00:00+08:00'],
    free: [
      ['2027-03-31T09:00:00+08:00', '2027-03-31T12:00:00+08:00'],
      ['2027-03-31T13:00:00+08:00', '2027-03-31T18:00:00+08:00'],
    ],
  },
  {
    name: 'a window entirely in the past',
    window: ['2027-02-01T00:00:00+08:00', '2027-02-02T00:00:00+08:00'],
    free: [],
  },
  {
    name: 'instrument in maintenance: nothing free',
    window: TUESDAY,
    status: 'maintenance',
    held: [[TUE('10:00'), TUE('11:00')]],
    free: [],
  },
  {
    name: 'overnight: joined periods merge across midnight',
    window: ['2027-03-05T00:00:00+08:00', '2027-03-07T00:00:00+08:00'],
    rules: { openingHours: [...workdays, p(5, '18:00', '24:00'), p(6, '00:00', '06:00')] },
    held: [['2027-03-06T02:00:00+08:00', '2027-03-06T03:00:00+08:00']],
    free: [
      ['2027-03-05T09:00:00+08:00', '2027-03-05T12:00:00+08:00'],
      ['2027-03-05T13:00:00+08:00', '2027-03-06T02:00:00+08:00'],
      ['2027-03-06T03:00:00+08:00', '2027-03-06T06:00:00+08:00'],
    ],
  },
  {
    name: 'overnight with 90-minute slots: each bound on the grid of the period it falls in',
    window: ['2027-03-05T00:00:00+08:00', '2027-03-07T00:00:00+08:00'],
    rules: { openingHours: [p(5, '19:30', '24:00'), p(6, '00:00', '03:00')], slotMinutes: 90 },
    blackouts: [
      ['2027-03-05T19:30:00+08:00', '2027-03-05T22:10:00+08:00'],
      ['2027-03-06T02:50:00+08:00', '2027-03-06T03:00:00+08:00'],
    ],
    free: [['2027-03-05T22:30:00+08:00', '2027-03-06T01:30:00+08:00']],
  },
  {
    name: "New Year's Eve night run in Shanghai",
    window: ['2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z'],
    now: '2026-12-20T00:00:00Z',
    rules: { openingHours: [p(4, '20:00', '24:00'), p(5, '00:00', '02:00')] },
    free: [['2026-12-31T12:00:00Z', '2026-12-31T18:00:00Z']],
  },
  {
    name: "New Year's Eve night run in UTC",
    window: ['2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z'],
    now: '2026-12-20T00:00:00Z',
    rules: { openingHours: [p(4, '20:00', '24:00'), p(5, '00:00', '02:00')], timezone: 'UTC' },
    free: [['2026-12-31T20:00:00Z', '2027-01-01T02:00:00Z']],
  },
  {
    name: "horizon 0 just after New Year's midnight in Shanghai: until the end of 1 January",
    window: ['2026-12-31T00:00:00Z', '2027-01-03T00:00:00Z'],
    now: '2027-01-01T00:30:00+08:00',
    rules: { openingHours: allDay, noticeMinutes: 0, horizonDays: 0 },
    free: [['2027-01-01T00:30:00+08:00', '2027-01-02T00:00:00+08:00']],
  },
  {
    name: 'the same instant in UTC: still 31 December, until its end',
    window: ['2026-12-31T00:00:00Z', '2027-01-03T00:00:00Z'],
    now: '2027-01-01T00:30:00+08:00',
    rules: { openingHours: allDay, noticeMinutes: 0, horizonDays: 0, timezone: 'UTC' },
    free: [['2026-12-31T16:30:00Z', '2027-01-01T00:00:00Z']],
  },
  {
    name: 'Berlin spring-forward, 90-minute slots: the short night ends on its own grid (05:30, not 06:00)',
    window: ['2027-03-27T00:00:00+01:00', '2027-03-29T00:00:00+02:00'],
    now: '2027-03-20T00:00:00Z',
    rules: {
      timezone: 'Europe/Berlin',
      openingHours: [p(6, '21:00', '24:00'), p(7, '00:00', '06:00')],
      slotMinutes: 90,
    },
    free: [['2027-03-27T21:00:00+01:00', '2027-03-28T05:30:00+02:00']],
  },
  {
    name: 'Berlin fall-back: 00:00–06:00 lasts seven hours; the second 02:00 is a grid point',
    window: ['2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00'],
    now: '2027-10-20T00:00:00Z',
    rules: { timezone: 'Europe/Berlin', openingHours: [p(7, '00:00', '06:00')], slotMinutes: 60 },
    blackouts: [['2027-10-31T01:20:00+02:00', '2027-10-31T02:10:00+02:00']],
    free: [
      ['2027-10-31T00:00:00+02:00', '2027-10-31T01:00:00+02:00'],
      ['2027-10-31T02:00:00+01:00', '2027-10-31T06:00:00+01:00'],
    ],
  },
]

function input(c: Case): AvailabilityInput {
  return {
    rules: { ...base, ...c.rules },
    instrumentStatus: c.status ?? 'active',
    window: span(c.window),
    now: at(c.now ?? '2027-03-01T08:00:00+08:00'),
    held: (c.held ?? []).map(([start, end, holdEnd]) => ({
      start: at(start),
      end: at(end),
      holdEnd: at(holdEnd ?? end),
    })),
    blackouts: (c.blackouts ?? []).map(span),
  }
}

describe('computeAvailability', () => {
  it.each(cases)('$name', (c) => {
    expect(computeAvailability(input(c)).free).toEqual(c.free.map(span))
  })

  it('lists busy time of the window whatever the status, the notice or the horizon', () => {
    const held: HeldInterval[] = [
      { start: at(TUE('10:00')), end: at(TUE('11:00')), holdEnd: at(TUE('11:30')) },
      {
        start: at('2027-03-01T07:00:00+08:00'),
        end: at('2027-03-01T08:00:00+08:00'),
        holdEnd: at('2027-03-01T08:00:00+08:00'),
      },
    ]
    const blackouts = [span([TUE('16:00'), '2027-03-04T00:00:00+08:00'])]
    const expected: Busy[] = [
      { ...span([TUE('10:00'), TUE('11:00')]), kind: 'reservation' },
      { ...span([TUE('11:00'), TUE('11:30')]), kind: 'buffer' },
      { ...span([TUE('16:00'), '2027-03-04T00:00:00+08:00']), kind: 'blackout' },
    ]
    for (const status of ['active', 'retired'] as const) {
      const result = computeAvailability({ ...input({ name: '', window: TUESDAY, free: [], status }), held, blackouts })
      expect(result.busy).toEqual(expected)
    }
  })

  it('does not apply length limits: a free gap shorter than minMinutes is listed', () => {
    const c: Case = {
      name: '',
      window: TUESDAY,
      rules: { minMinutes: 120 },
      held: [[TUE('09:30'), TUE('12:00')]],
      free: [],
    }
    expect(computeAvailability(input(c)).free[0]).toEqual(span([TUE('09:00'), TUE('09:30')]))
  })
})
