import { describe, expect, it } from 'vitest'
import { nearestFreeSlots } from '../../src/domain/slots.js'

const at = (hhmm: string) => Date.parse(`2027-03-02T${hhmm}:00+08:00`)
const span = (from: string, to: string) => ({ start: at(from), end: at(to) })
const shown = (slots: { start: number; end: number }[]) =>
  slots.map(
    (s) =>
      `${new Date(s.start + 8 * 3600_000).toISOString().slice(11, 16)}-${new Date(s.end + 8 * 3600_000).toISOString().slice(11, 16)}`,
  )

describe('nearestFreeSlots', () => {
  it.each([
    {
      name: 'the grid start closest to the request in each free interval, in time order',
      free: [span('08:00', '09:00'), span('11:00', '12:00'), span('14:00', '18:00')],
      request: span('10:00', '11:00'),
      expected: ['08:00-09:00', '11:00-12:00', '14:00-15:00'],
    },
    {
      name: 'an interval shorter than the request offers nothing',
      free: [span('08:00', '08:30'), span('12:00', '13:00')],
      request: span('10:00', '11:00'),
      expected: ['12:00-13:00'],
    },
    {
      name: 'inside a long interval, the request moved onto the grid',
      free: [span('08:00', '18:00')],
      request: span('10:10', '11:10'),
      expected: ['10:30-11:30'],
    },
    {
      name: 'a start near the end of an interval is pulled back to fit',
      free: [span('08:00', '10:30')],
      request: span('10:00', '11:00'),
      expected: ['09:30-10:30'],
    },
    {
      name: 'the requested time itself is never offered back',
      free: [span('10:00', '11:00')],
      request: span('10:00', '11:00'),
      expected: [],
    },
    {
      name: 'the four closest of many, then in time order',
      free: ['08', '09', '10', '12', '13', '14', '15'].map((h) => span(`${h}:00`, `${h}:30`)),
      request: span('11:00', '11:30'),
      expected: ['09:00-09:30', '10:00-10:30', '12:00-12:30', '13:00-13:30'],
    },
  ])('$name', ({ free, request, expected }) => {
    expect(shown(nearestFreeSlots(free, request, 30))).toEqual(expected)
  })

  it('offers nothing for an empty request', () => {
    expect(nearestFreeSlots([span('08:00', '18:00')], span('10:00', '10:00'), 30)).toEqual([])
  })
})
