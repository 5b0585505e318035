import { describe, expect, it } from 'vitest'
import {
  isUse,
  machineMinutes,
  monthBounds,
  monthOf,
  yearBounds,
  yearOf,
} from '../../../src/domain/sharing/counting.js'
import type { ReservationStatus } from '../../../src/domain/types.js'

const at = (iso: string) => Date.parse(iso)
const MINUTE = 60_000

describe('the year and month in Asia/Shanghai', () => {
  it.each([
    ['2026-12-31T15:30:00Z', 2026, 12], // New Year's Eve 23:30 in Shanghai
    ['2026-12-31T15:59:59.999Z', 2026, 12],
    ['2026-12-31T16:00:00Z', 2027, 1], // local midnight
    ['2026-12-31T16:30:00Z', 2027, 1], // still 31 Dec in UTC, already 2027 in Shanghai
    ['2027-02-28T15:59:59.999Z', 2027, 2],
    ['2027-02-28T16:00:00Z', 2027, 3],
  ])('%s is year %i, month %i', (iso, year, month) => {
    expect(yearOf(at(iso))).toBe(year)
    expect(monthOf(at(iso))).toBe(month)
  })

  it('bounds a year and its months at local midnight', () => {
    expect(yearBounds(2027)).toEqual({ start: at('2026-12-31T16:00:00Z'), end: at('2027-12-31T16:00:00Z') })
    const bounds = monthBounds(2028) // a leap year
    expect(bounds).toHaveLength(13)
    expect(bounds[0]).toBe(yearBounds(2028).start)
    expect(bounds[2]).toBe(at('2028-02-29T16:00:00Z'))
    expect(bounds[12]).toBe(yearBounds(2028).end)
  })

  it('rejects a year that is no year', () => {
    expect(() => yearBounds(2027.5)).toThrow(RangeError)
  })
})

describe('isUse', () => {
  const now = at('2027-03-10T12:00:00+08:00')
  const before = now - 1
  const after = now + 1
  const cases: [ReservationStatus, number, boolean][] = [
    ['completed', before, true],
    ['completed', after, true], // checked out early: a use already
    ['confirmed', before, true],
    ['confirmed', now, true], // the end has passed at the end instant (half-open)
    ['confirmed', after, false],
    ['in_use', before, true],
    ['in_use', after, false],
    ['pending', before, false],
    ['expired', before, false],
    ['rejected', before, false],
    ['cancelled', before, false],
    ['no_show', before, false],
  ]
  it.each(cases)('%s ending at now%+d ms counts: %s', (status, end, expected) => {
    expect(isUse({ status, end }, now)).toBe(expected)
  })
})

describe('machine time', () => {
  const start = at('2027-03-01T09:00:00+08:00')
  const end = at('2027-03-01T11:00:00+08:00')
  it.each([
    ['checked in and out', { actualStart: start + 10 * MINUTE, actualEnd: start + 95 * MINUTE }, 85],
    ['checked in, never out', { actualStart: start + 30 * MINUTE, actualEnd: null }, 90],
    ['never checked in (reserved time)', { actualStart: null, actualEnd: null }, 120],
    ['checked out without a check-in (reserved time)', { actualStart: null, actualEnd: start + MINUTE }, 120],
    ['fractional minutes', { actualStart: start + 30_000, actualEnd: null }, 119.5],
  ])('%s', (_, actual, minutes) => {
    expect(machineMinutes({ start, end, ...actual })).toBe(minutes)
  })
})
