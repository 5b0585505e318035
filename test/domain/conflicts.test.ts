import { describe, expect, it } from 'vitest'
import { type Busy, busyBetween, findConflicts } from '../../src/domain/conflicts.js'
import type { Interval } from '../../src/domain/interval.js'
import type { HeldInterval } from '../../src/domain/types.js'

/** "HH:mm" on 2027-03-01 in UTC; "+1 HH:mm" the day after. */
const m = (time: string) => {
  const [day, hhmm] = time.startsWith('+1 ') ? ['02', time.slice(3)] : ['01', time]
  return Date.parse(`2027-03-${day}T${hhmm}:00Z`)
}
const i = (start: string, end: string): Interval => ({ start: m(start), end: m(end) })
const h = (start: string, end: string, holdEnd = end): HeldInterval => ({
  start: m(start),
  end: m(end),
  holdEnd: m(holdEnd),
})
const b = (start: string, end: string, kind: Busy['kind']): Busy => ({ start: m(start), end: m(end), kind })

describe('findConflicts', () => {
  it.each<[string, Interval, number, HeldInterval[], Interval[], Busy[]]>([
    ['touching after a reservation', i('10:00', '11:00'), 0, [h('09:00', '10:00')], [], []],
    ['touching before a reservation', i('08:00', '09:00'), 0, [h('09:00', '10:00')], [], []],
    [
      'overlapping a reservation',
      i('09:30', '10:30'),
      0,
      [h('09:00', '10:00')],
      [],
      [b('09:00', '10:00', 'reservation')],
    ],
    ['inside a reservation', i('09:15', '09:45'), 0, [h('09:00', '10:00')], [], [b('09:00', '10:00', 'reservation')]],
    [
      'identical to a reservation',
      i('09:00', '10:00'),
      0,
      [h('09:00', '10:00')],
      [],
      [b('09:00', '10:00', 'reservation')],
    ],
    [
      "inside a reservation's buffer",
      i('10:00', '11:00'),
      30,
      [h('09:00', '10:00', '10:30')],
      [],
      [b('10:00', '10:30', 'buffer')],
    ],
    ["right after a reservation's buffer", i('10:30', '11:00'), 30, [h('09:00', '10:00', '10:30')], [], []],
    [
      'over a reservation and its buffer: reported as the reservation',
      i('09:30', '10:30'),
      30,
      [h('09:00', '10:00', '10:30')],
      [],
      [b('09:00', '10:00', 'reservation')],
    ],
    [
      "the request's own buffer reaches the next reservation",
      i('10:00', '11:00'),
      30,
      [h('11:00', '12:00', '12:30')],
      [],
      [b('11:00', '12:00', 'buffer')],
    ],
    [
      "the request's own buffer ends exactly at the next reservation",
      i('10:00', '10:30'),
      30,
      [h('11:00', '12:00', '12:30')],
      [],
      [],
    ],
    [
      'an older reservation keeps the buffer it was made with (none)',
      i('10:00', '11:00'),
      30,
      [h('09:00', '10:00')],
      [],
      [],
    ],
    [
      'the current buffer still applies before an older reservation',
      i('08:00', '09:00'),
      30,
      [h('09:00', '10:00')],
      [],
      [b('09:00', '10:00', 'buffer')],
    ],
    ['touching a blackout', i('10:00', '11:00'), 0, [], [i('11:00', '12:00'), i('09:00', '10:00')], []],
    ['overlapping a blackout', i('10:00', '11:30'), 0, [], [i('11:00', '12:00')], [b('11:00', '12:00', 'blackout')]],
    ['buffers do not separate reservations from blackouts', i('10:00', '11:00'), 30, [], [i('11:00', '12:00')], []],
    [
      'a blackout may start inside the buffer of a reservation',
      i('10:00', '11:00'),
      30,
      [h('07:00', '08:00', '08:30')],
      [i('08:00', '09:00')],
      [],
    ],
    [
      'several, sorted by start',
      i('09:00', '13:00'),
      0,
      [h('12:00', '14:00'), h('08:00', '09:30', '10:00')],
      [i('10:30', '11:00')],
      [b('08:00', '09:30', 'reservation'), b('10:30', '11:00', 'blackout'), b('12:00', '14:00', 'reservation')],
    ],
    [
      'overnight request against a reservation after midnight',
      i('22:00', '+1 02:00'),
      0,
      [h('+1 01:00', '+1 03:00')],
      [],
      [b('+1 01:00', '+1 03:00', 'reservation')],
    ],
  ])('%s', (_name, request, buffer, held, blackouts, expected) => {
    expect(findConflicts(request, buffer, held, blackouts)).toEqual(expected)
  })
})

describe('busyBetween', () => {
  const window = i('09:00', '12:00')
  it.each<[string, HeldInterval[], Interval[], Busy[]]>([
    ['nothing', [], [], []],
    [
      'a reservation inside with its buffer',
      [h('10:00', '11:00', '11:30')],
      [],
      [b('10:00', '11:00', 'reservation'), b('11:00', '11:30', 'buffer')],
    ],
    ['no buffer entry when holdEnd = end', [h('10:00', '11:00')], [], [b('10:00', '11:00', 'reservation')]],
    [
      'a reservation ending at the window start: only its buffer, unclipped',
      [h('08:00', '09:00', '09:30')],
      [],
      [b('09:00', '09:30', 'buffer')],
    ],
    [
      'a reservation over the window end, its buffer after it',
      [h('11:30', '12:30', '13:00')],
      [],
      [b('11:30', '12:30', 'reservation')],
    ],
    ['a buffer touching the window start is left out', [h('07:00', '08:30', '09:00')], [], []],
    [
      'blackouts that overlap, not those that touch',
      [],
      [i('12:00', '13:00'), i('11:00', '15:00'), i('08:00', '09:00')],
      [b('11:00', '15:00', 'blackout')],
    ],
    [
      'sorted by start',
      [h('11:00', '11:30'), h('09:30', '10:00', '10:15')],
      [i('10:30', '10:45')],
      [
        b('09:30', '10:00', 'reservation'),
        b('10:00', '10:15', 'buffer'),
        b('10:30', '10:45', 'blackout'),
        b('11:00', '11:30', 'reservation'),
      ],
    ],
  ])('%s', (_name, held, blackouts, expected) => {
    expect(busyBetween(window, held, blackouts)).toEqual(expected)
  })
})
