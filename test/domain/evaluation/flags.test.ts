import { describe, expect, it } from 'vitest'
import { flagsOf, flagThresholds, hundredthsOfMs, isLarge, ratioOf } from '../../../src/domain/evaluation/flags.js'

const at = (iso: string) => Date.parse(iso)
const MEANS_2025 = { year: 2025, effectiveHours: 1599, externalHours: 273 }

describe('hours in hundredths', () => {
  it.each([
    [0, 0],
    [17_999, 0], // 0.0049997 h
    [18_000, 1], // 0.005 h: half up
    [36_000, 1],
    [3_600_000, 100],
    [5_400_000, 150],
    [1_599 * 3_600_000, 159_900],
  ])('%i ms → %i hundredths', (ms, hundredths) => {
    expect(hundredthsOfMs(ms)).toBe(hundredths)
  })

  it('refuses what is not whole non-negative ms', () => {
    expect(() => hundredthsOfMs(-1)).toThrow(RangeError)
    expect(() => hundredthsOfMs(0.5)).toThrow(RangeError)
  })
})

describe('ratioOf: 4 decimals, half up, null without a whole', () => {
  it.each([
    [0, 1, 0],
    [1, 1, 1],
    [452, 1000, 0.452],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [1, 20_000, 0.0001], // 0.00005: half up
    [1, 20_001, 0],
    [0, 0, null],
  ])('%i / %i → %s', (part, whole, ratio) => {
    expect(ratioOf(part, whole)).toBe(ratio)
  })
})

describe('large instruments: 原值 of 500,000 CNY or more', () => {
  it.each([
    [500_000, true],
    [499_999, false],
    [40_529_700, true],
    [0, false],
    [null, false],
  ])('%s yuan → %s', (value, large) => {
    expect(isLarge(value)).toBe(large)
  })
})

describe('flagThresholds: the means pro rata of the days counted', () => {
  it('compares a past year with the whole means', () => {
    const t = flagThresholds(MEANS_2025, 2025, at('2026-03-01T12:00:00+08:00'))
    expect(t).toEqual({
      means: MEANS_2025,
      daysCounted: 365,
      daysInYear: 365,
      effectiveHours: 1599,
      externalHours: 273,
    })
  })

  it('scales the current year by its days up to and including today, in Shanghai', () => {
    // 2027-03-01 is the 60th day of 2027: 1,599 × 60 / 365 = 262.849… h, 273 × 60 / 365 = 44.876… h
    const t = flagThresholds(MEANS_2025, 2027, at('2027-03-01T00:00:00+08:00'))
    expect(t).toMatchObject({ daysCounted: 60, daysInYear: 365, effectiveHours: 262.85, externalHours: 44.88 })
    // one millisecond earlier it is still February 28th in Shanghai
    expect(flagThresholds(MEANS_2025, 2027, at('2027-03-01T00:00:00+08:00') - 1)?.daysCounted).toBe(59)
    expect(flagThresholds(MEANS_2025, 2027, at('2027-03-01T23:59:59.999+08:00'))?.daysCounted).toBe(60)
  })

  it('counts January 1st as one day and December 31st as the whole year, leap years too', () => {
    expect(flagThresholds(MEANS_2025, 2028, at('2028-01-01T00:00:00+08:00'))).toMatchObject({
      daysCounted: 1,
      daysInYear: 366,
      effectiveHours: 4.37, // 1,599 / 366 = 4.3688…
    })
    expect(flagThresholds(MEANS_2025, 2028, at('2028-12-31T23:59:59.999+08:00'))).toMatchObject({
      daysCounted: 366,
      effectiveHours: 1599,
    })
    // New Year's Eve in UTC is already New Year's Day in Shanghai
    expect(flagThresholds(MEANS_2025, 2028, at('2027-12-31T16:00:00Z'))?.daysCounted).toBe(1)
    expect(flagThresholds(MEANS_2025, 2027, at('2027-12-31T16:00:00Z'))?.daysCounted).toBe(365)
  })

  it('counts no day of a future year, and has nothing without means', () => {
    expect(flagThresholds(MEANS_2025, 2028, at('2027-06-01T00:00:00+08:00'))).toMatchObject({
      daysCounted: 0,
      effectiveHours: 0,
    })
    expect(flagThresholds(null, 2027, at('2027-06-01T00:00:00+08:00'))).toBeNull()
  })
})

describe('flagsOf: strictly below, only large instruments, only with means', () => {
  const pastYear = flagThresholds(MEANS_2025, 2025, at('2026-01-10T00:00:00+08:00'))
  const day60 = flagThresholds(MEANS_2025, 2027, at('2027-03-01T10:00:00+08:00'))
  const future = flagThresholds(MEANS_2025, 2028, at('2027-03-01T10:00:00+08:00'))
  it.each([
    ['exactly the means', pastYear, 159_900, 27_300, []],
    ['a hundredth below each', pastYear, 159_899, 27_299, ['below-effective-mean', 'below-external-mean']],
    ['below the external mean only', pastYear, 200_000, 10_000, ['below-external-mean']],
    ['nothing at all', pastYear, 0, 0, ['below-effective-mean', 'below-external-mean']],
    // pro rata 262.849… h and 44.876… h
    ['the pro rata hundredth above', day60, 26_285, 4_488, []],
    ['the pro rata hundredth below', day60, 26_284, 4_487, ['below-effective-mean', 'below-external-mean']],
    ['a future year', future, 0, 0, []],
  ])('%s', (_what, thresholds, effective, external, flags) => {
    expect(flagsOf(true, { effective, external }, thresholds)).toEqual(flags)
  })

  it('never flags a small instrument, nor anything without means', () => {
    expect(flagsOf(false, { effective: 0, external: 0 }, pastYear)).toEqual([])
    expect(flagsOf(true, { effective: 0, external: 0 }, null)).toEqual([])
  })
})
