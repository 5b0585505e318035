import { describe, expect, it } from 'vitest'
import {
  aggregateUses,
  groupUses,
  projectCrossCityUses,
  roundHours,
  type SharingContext,
  type UseGroup,
} from '../../../src/domain/sharing/aggregation.js'
import { at, cities, institutions, useRecord } from '../../support/use-record-fixtures.js'

describe('roundHours', () => {
  it('rounds hours to 2 decimals only for presentation', () => {
    expect(roundHours(85)).toBe(1.42)
    expect(roundHours(0.3)).toBe(0.01) // 18 s = 0.005 h: half up
    expect(roundHours(0.1 + 0.2)).toBe(0.01) // a float sum rounds like the exact value
  })
})

describe('groupUses', () => {
  const now = at('2027-06-01T00:00:00+08:00')

  it("counts a use over New Year's midnight once, with all its hours, in its start's year", () => {
    const nye = useRecord({
      start: at('2026-12-31T23:30:00+08:00'), // 15:30Z
      end: at('2027-01-01T01:30:00+08:00'),
    })
    const nextYear = useRecord({ start: at('2026-12-31T16:30:00Z'), end: at('2026-12-31T17:30:00Z') })
    expect(groupUses([nye, nextYear], 2026, now, institutions)).toEqual([
      {
        providerInstitutionId: 'zs-uni',
        userCity: 'ningbo',
        shared: true,
        category: 'electron-optics',
        month: 12,
        uses: 1,
        machineMinutes: 120,
      },
    ])
    expect(groupUses([nye, nextYear], 2027, now, institutions)).toEqual([
      {
        providerInstitutionId: 'zs-uni',
        userCity: 'ningbo',
        shared: true,
        category: 'electron-optics',
        month: 1,
        uses: 1,
        machineMinutes: 60,
      },
    ])
  })

  it("groups by provider, researcher's city, sharedness, category and month, in a fixed order", () => {
    const groups = groupUses(
      [
        useRecord({ providerInstitutionId: 'zs-uni' }),
        useRecord({ providerInstitutionId: 'zs-uni', actualStart: at('2027-03-01T10:00:00+08:00') }),
        useRecord({ providerInstitutionId: 'nb-uni', userInstitutionId: 'zs-uni' }),
        useRecord({ status: 'cancelled' }),
        useRecord({ status: 'confirmed', end: now + 1 }),
        useRecord({ providerInstitutionId: 'nb-uni', userInstitutionId: 'nb-uni' }),
        useRecord({ providerInstitutionId: 'nb-uni', userInstitutionId: 'nb-inst' }),
      ],
      2027,
      now,
      institutions,
    )
    expect(groups.map((g) => [g.providerInstitutionId, g.userCity, g.shared, g.uses, g.machineMinutes])).toEqual([
      ['nb-uni', 'ningbo', false, 1, 120],
      ['nb-uni', 'ningbo', true, 1, 120],
      ['nb-uni', 'zhoushan', true, 1, 120],
      ['zs-uni', 'ningbo', true, 2, 180],
    ])
  })
})

describe('projection', () => {
  it.each([
    // current year: count × daysInYear ÷ local days elapsed including today
    ['2027-03-01T10:00:00+08:00', 2027, 100, Math.round((100 * 365) / 60)],
    ['2027-01-01T00:00:00+08:00', 2027, 2, 730], // Jan 1 counts as one whole day
    ['2026-12-31T16:00:00Z', 2027, 2, 730], // Jan 1 in Shanghai, still 31 Dec in UTC
    ['2028-12-31T23:59:00+08:00', 2028, 321, 321], // 366 of 366 days in a leap year
    ['2028-02-29T12:00:00+08:00', 2028, 60, 366],
    ['2027-03-01T10:00:00+08:00', 2027, 0, 0],
    // past years: the actual count; future years: 0
    ['2027-03-01T10:00:00+08:00', 2026, 487, 487],
    ['2027-03-01T10:00:00+08:00', 2028, 5, 0],
  ])('at %s, year %i with %i uses projects %i', (now, year, count, expected) => {
    expect(projectCrossCityUses(count, year, at(now))).toBe(expected)
  })
})

describe('aggregateUses', () => {
  /** A group described by the researcher's institution, as people think of it. */
  const group = ({
    providerInstitutionId = 'zs-uni',
    userInstitutionId = 'nb-uni',
    ...overrides
  }: Partial<UseGroup> & { userInstitutionId?: string }): UseGroup => ({
    providerInstitutionId,
    userCity: institutions.get(userInstitutionId)?.city ?? 'nowhere',
    shared: userInstitutionId !== providerInstitutionId,
    category: 'electron-optics',
    month: 1,
    uses: 1,
    machineMinutes: 60,
    ...overrides,
  })
  const ctx = (overrides: Partial<SharingContext> = {}): SharingContext => ({
    year: 2026,
    now: at('2027-03-01T10:00:00+08:00'),
    target: 500,
    cities,
    institutions,
    ...overrides,
  })

  it('gives zeros everywhere, every direction and twelve months for no uses', () => {
    const stats = aggregateUses([], ctx({ year: 2027 }))
    expect(stats).toEqual({
      year: 2027,
      target: 500,
      crossCityUses: 0,
      sharedUses: 0,
      totalUses: 0,
      machineHours: { total: 0, shared: 0, crossCity: 0 },
      byDirection: [
        { from: 'ningbo', to: 'shanghai', uses: 0 },
        { from: 'ningbo', to: 'zhoushan', uses: 0 },
        { from: 'shanghai', to: 'ningbo', uses: 0 },
        { from: 'shanghai', to: 'zhoushan', uses: 0 },
        { from: 'zhoushan', to: 'ningbo', uses: 0 },
        { from: 'zhoushan', to: 'shanghai', uses: 0 },
      ],
      byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, crossCityUses: 0, sharedUses: 0 })),
      byInstitution: [],
      byCategory: [],
      projection: { expectedCrossCityUses: 0, onTrack: false },
    })
  })

  it('tells own, shared and cross-city uses apart', () => {
    const stats = aggregateUses(
      [
        // own institution: a use, not shared
        group({ providerInstitutionId: 'nb-uni', userInstitutionId: 'nb-uni', uses: 7, machineMinutes: 700 }),
        // same city, other institution: shared, not cross-city
        group({ providerInstitutionId: 'nb-inst', userInstitutionId: 'nb-uni', category: 'nmr', uses: 3, month: 2 }),
        // Ningbo researchers on a Zhoushan instrument
        group({ uses: 4, machineMinutes: 45, month: 2 }),
        group({ uses: 1, machineMinutes: 30, month: 12, category: 'marine' }),
        // Zhoushan researchers on a Ningbo instrument
        group({ providerInstitutionId: 'nb-inst', userInstitutionId: 'zs-uni', uses: 2, machineMinutes: 0.5 }),
      ],
      ctx({ target: 7 }),
    )
    expect(stats.totalUses).toBe(17)
    expect(stats.sharedUses).toBe(10)
    expect(stats.crossCityUses).toBe(7)
    // minutes: total 835.5, shared 135.5, cross-city 75.5
    expect(stats.machineHours).toEqual({ total: 13.93, shared: 2.26, crossCity: 1.26 })
    expect(stats.byDirection.filter((d) => d.uses > 0)).toEqual([
      { from: 'ningbo', to: 'zhoushan', uses: 5 },
      { from: 'zhoushan', to: 'ningbo', uses: 2 },
    ])
    expect(stats.byDirection).toHaveLength(6)
    expect(stats.byMonth[0]).toEqual({ month: 1, crossCityUses: 2, sharedUses: 2 })
    expect(stats.byMonth[1]).toEqual({ month: 2, crossCityUses: 4, sharedUses: 7 })
    expect(stats.byMonth[11]).toEqual({ month: 12, crossCityUses: 1, sharedUses: 1 })
    expect(stats.byInstitution).toEqual([
      { institutionId: 'zs-uni', crossCityUses: 5, sharedUses: 5 },
      { institutionId: 'nb-inst', crossCityUses: 2, sharedUses: 5 },
    ])
    expect(stats.byCategory).toEqual([
      { category: 'electron-optics', crossCityUses: 6 },
      { category: 'marine', crossCityUses: 1 },
      { category: 'nmr', crossCityUses: 0 },
    ])
    // a past year projects its actual count
    expect(stats.projection).toEqual({ expectedCrossCityUses: 7, onTrack: true })
  })

  it('orders institutions by cross-city uses, then shared uses, then id', () => {
    const stats = aggregateUses(
      [
        group({ providerInstitutionId: 'zs-uni', userInstitutionId: 'nb-uni', uses: 2 }),
        group({ providerInstitutionId: 'nb-uni', userInstitutionId: 'zs-uni', uses: 2 }),
        group({ providerInstitutionId: 'nb-inst', userInstitutionId: 'sh-inst', uses: 2 }),
        group({ providerInstitutionId: 'nb-inst', userInstitutionId: 'nb-uni', uses: 1 }),
      ],
      ctx(),
    )
    expect(stats.byInstitution.map((i) => i.institutionId)).toEqual(['nb-inst', 'nb-uni', 'zs-uni'])
  })

  it('projects the current year and compares with the target', () => {
    const groups = [group({ uses: 100 })]
    const now = at('2027-03-01T10:00:00+08:00') // day 60 of 365
    expect(aggregateUses(groups, ctx({ year: 2027, now, target: 608 })).projection).toEqual({
      expectedCrossCityUses: 608,
      onTrack: true,
    })
    expect(aggregateUses(groups, ctx({ year: 2027, now, target: 609 })).projection.onTrack).toBe(false)
    expect(aggregateUses(groups, ctx({ year: 2028, now, target: 0 })).projection).toEqual({
      expectedCrossCityUses: 0,
      onTrack: true,
    })
  })

  it('refuses a group whose institution it does not know', () => {
    expect(() => aggregateUses([group({ providerInstitutionId: 'ghost' })], ctx())).toThrow(/ghost/)
  })
})
