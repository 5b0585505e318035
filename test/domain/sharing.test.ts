import { describe, expect, it } from 'vitest'
import {
  aggregateUses,
  csvField,
  groupUses,
  type Institutions,
  isUse,
  machineMinutes,
  monthBounds,
  monthOf,
  projectCrossCityUses,
  roundHours,
  type SharingContext,
  sharingCsv,
  type UseGroup,
  type UseRecord,
  yearBounds,
  yearOf,
} from '../../src/domain/sharing.js'
import type { ReservationStatus } from '../../src/domain/types.js'

const at = (iso: string) => Date.parse(iso)
const MINUTE = 60_000

const institutions: Institutions = new Map([
  ['nb-uni', { name: '宁波大学', city: 'ningbo' }],
  ['nb-inst', { name: '宁波材料所', city: 'ningbo' }],
  ['zs-uni', { name: '浙江海洋大学', city: 'zhoushan' }],
  ['sh-inst', { name: '上海某研究所', city: 'shanghai' }],
])
const cities = ['ningbo', 'shanghai', 'zhoushan']

let nextId = 0
const record = (overrides: Partial<UseRecord> = {}): UseRecord => {
  nextId += 1
  return {
    reservationId: `r${String(nextId).padStart(3, '0')}`,
    start: at('2027-03-01T09:00:00+08:00'),
    end: at('2027-03-01T11:00:00+08:00'),
    status: 'completed',
    actualStart: null,
    actualEnd: null,
    instrumentId: 'sem-1',
    instrumentName: 'Scanning electron microscope',
    category: 'electron-optics',
    providerInstitutionId: 'zs-uni',
    userInstitutionId: 'nb-uni',
    ...overrides,
  }
}

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

  it('rounds hours to 2 decimals only for presentation', () => {
    expect(roundHours(85)).toBe(1.42)
    expect(roundHours(0.3)).toBe(0.01) // 18 s = 0.005 h: half up
    expect(roundHours(0.1 + 0.2)).toBe(0.01) // a float sum rounds like the exact value
  })
})

describe('groupUses', () => {
  const now = at('2027-06-01T00:00:00+08:00')

  it("counts a use over New Year's midnight once, with all its hours, in its start's year", () => {
    const nye = record({
      start: at('2026-12-31T23:30:00+08:00'), // 15:30Z
      end: at('2027-01-01T01:30:00+08:00'),
    })
    const nextYear = record({ start: at('2026-12-31T16:30:00Z'), end: at('2026-12-31T17:30:00Z') })
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
        record({ providerInstitutionId: 'zs-uni' }),
        record({ providerInstitutionId: 'zs-uni', actualStart: at('2027-03-01T10:00:00+08:00') }),
        record({ providerInstitutionId: 'nb-uni', userInstitutionId: 'zs-uni' }),
        record({ status: 'cancelled' }),
        record({ status: 'confirmed', end: now + 1 }),
        record({ providerInstitutionId: 'nb-uni', userInstitutionId: 'nb-uni' }),
        record({ providerInstitutionId: 'nb-uni', userInstitutionId: 'nb-inst' }),
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

describe('sharingCsv', () => {
  const header =
    'reservationId,start,end,instrumentId,instrumentName,providerInstitution,providerCity,userInstitution,userCity,shared,crossCity,machineHours'

  it('starts with a BOM and the header, ends every line with CRLF', () => {
    expect(sharingCsv([], institutions)).toBe(`\uFEFF${header}\r\n`)
  })

  it('writes one row per use, by start then id, with +08:00 instants and institutions by name', () => {
    const start = at('2026-12-31T15:30:00Z')
    const csv = sharingCsv(
      [
        record({ reservationId: 'b', start, end: start + 90 * MINUTE }),
        record({
          reservationId: 'c',
          start: start - MINUTE,
          end: start + 20 * MINUTE,
          providerInstitutionId: 'nb-inst',
          actualStart: start,
          actualEnd: start + 1_000,
        }),
        record({ reservationId: 'a', start, end: start + 90 * MINUTE, providerInstitutionId: 'nb-inst' }),
      ],
      institutions,
    )
    expect(csv.split('\r\n')).toEqual([
      `\uFEFF${header}`,
      'c,2026-12-31T23:29:00+08:00,2026-12-31T23:50:00+08:00,sem-1,Scanning electron microscope,宁波材料所,ningbo,宁波大学,ningbo,true,false,0.00',
      'a,2026-12-31T23:30:00+08:00,2027-01-01T01:00:00+08:00,sem-1,Scanning electron microscope,宁波材料所,ningbo,宁波大学,ningbo,true,false,1.50',
      'b,2026-12-31T23:30:00+08:00,2027-01-01T01:00:00+08:00,sem-1,Scanning electron microscope,浙江海洋大学,zhoushan,宁波大学,ningbo,true,true,1.50',
      '',
    ])
  })

  it('marks own-institution uses as neither shared nor cross-city', () => {
    const csv = sharingCsv([record({ providerInstitutionId: 'nb-uni' })], institutions)
    expect(csv).toContain(',宁波大学,ningbo,宁波大学,ningbo,false,false,2.00\r\n')
  })

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+86 574', "'+86 574"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['HPLC-MS = fine inside', 'HPLC-MS = fine inside'],
    ['', ''],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected)
  })

  it('neutralises a formula in a user-typed name inside the file', () => {
    const csv = sharingCsv([record({ instrumentName: '=cmd|" /C calc"!A0' })], institutions)
    expect(csv).toContain(`,"'=cmd|"" /C calc""!A0",`)
  })

  it('never carries a person, even if a record has one attached', () => {
    const withPerson = { ...record(), userName: '张三', userEmail: 'zhang@example.org' } as UseRecord
    const csv = sharingCsv([withPerson], institutions)
    expect(csv).not.toContain('张三')
    expect(csv).not.toContain('zhang@')
    expect(csv.split('\r\n')[1]?.split(',')).toHaveLength(12)
  })
})
