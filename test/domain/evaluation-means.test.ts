import { describe, expect, it } from 'vitest'
import { meansInForce } from '../../src/domain/evaluation-means.js'

describe('meansInForce: a year without its own means uses the latest earlier one', () => {
  const all = [
    { year: 2025, effectiveHours: 1599, externalHours: 273 },
    { year: 2021, effectiveHours: 1500, externalHours: 250 },
    { year: 2027, effectiveHours: 1650.5, externalHours: 300.25 },
  ]
  it.each([
    [2020, null],
    [2021, 2021],
    [2024, 2021],
    [2025, 2025],
    [2026, 2025],
    [2027, 2027],
    [2100, 2027],
  ])('%i → the means of %s', (year, from) => {
    expect(meansInForce(all, year)?.year ?? null).toBe(from)
  })

  it('answers nothing when there are none', () => {
    expect(meansInForce([], 2025)).toBeNull()
  })
})
