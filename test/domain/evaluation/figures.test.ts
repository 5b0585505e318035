import { describe, expect, it } from 'vitest'
import { type EvaluatedInstrument, type EvaluationInput, evaluate } from '../../../src/domain/evaluation/figures.js'
import { type EvaluationUseGroup, groupEvaluationUses, groupIncome } from '../../../src/domain/evaluation/groups.js'
import { statusAt } from '../../../src/domain/evaluation/status-history.js'
import type { UseRecord } from '../../../src/domain/sharing/counting.js'
import type { InstitutionKind } from '../../../src/domain/types.js'
import { at, useRecord } from '../../support/use-record-fixtures.js'

const HOUR = 3_600_000
const MEANS_2025 = { year: 2025, effectiveHours: 1599, externalHours: 273 }

const kinds = new Map<string, InstitutionKind>([
  ['nb-uni', 'university'],
  ['nb-inst', 'institute'],
  ['nb-co', 'enterprise'],
  ['zs-uni', 'university'],
  ['zs-co', 'enterprise'],
])
const names = new Map([
  ['nb-uni', '宁波大学'],
  ['nb-inst', '宁波材料所'],
  ['zs-uni', '浙江海洋大学'],
])

const instrument = (overrides: Partial<EvaluatedInstrument> & { id: string }): EvaluatedInstrument => ({
  institutionId: 'nb-uni',
  name: '场发射扫描电子显微镜',
  model: 'Apreo 2',
  assetNumber: null,
  originalValue: 3_596_400,
  status: 'active',
  retiredBeforeYear: false,
  ...overrides,
})
const use = (
  instrumentId: string,
  userInstitutionId: string,
  hours: number,
  uses = 1,
  samples = 0,
): EvaluationUseGroup => ({
  instrumentId,
  userInstitutionId,
  uses,
  machineMs: hours * HOUR,
  samples,
})
const NO_RATING = { count: 0, average: null, timeliness: null, quality: null, staff: null }
const input = (overrides: Partial<EvaluationInput>): EvaluationInput => ({
  year: 2025,
  now: at('2026-03-01T10:00:00+08:00'),
  means: MEANS_2025,
  instruments: [],
  institutionIds: ['nb-uni'],
  institutionKinds: kinds,
  institutionNames: names,
  uses: [],
  income: [],
  ratings: new Map(),
  ...overrides,
})

describe('evaluate: an instrument', () => {
  const sem = instrument({ id: 'sem', assetNumber: 'NBU-2019-0003' })
  const figures = evaluate(
    input({
      instruments: [sem],
      uses: [
        use('sem', 'nb-uni', 1000, 400), // its own institution: effective only
        use('sem', 'zs-uni', 300, 90),
        use('sem', 'nb-co', 120, 30),
        use('sem', 'zs-co', 180.5, 40),
      ],
      income: [{ instrumentId: 'sem', internalFen: 15_000_000, externalFen: 21_234_567 }],
    }),
  )

  it('has its hours, share rate, income and the institutions it served', () => {
    expect(figures.instruments).toEqual([
      {
        instrumentId: 'sem',
        institutionId: 'nb-uni',
        name: '场发射扫描电子显微镜',
        model: 'Apreo 2',
        assetNumber: 'NBU-2019-0003',
        originalValue: 3_596_400,
        large: true,
        status: 'active',
        uses: 560,
        sharedUses: 160,
        effectiveHours: 1600.5,
        externalHours: 600.5,
        shareRate: 0.3752, // 600.5 / 1600.5 = 0.37519…
        incomeFen: { internal: 15_000_000, external: 21_234_567 },
        userInstitutions: 3,
        enterprises: 2,
        samples: 0,
        rating: NO_RATING,
        flags: [],
      },
    ])
  })

  it('reports the samples of its orders and the rating of the year’s uses, zero and nulls when there are none', () => {
    const withOrders = evaluate(
      input({
        instruments: [sem, instrument({ id: 'xrd' })],
        uses: [use('sem', 'zs-uni', 2, 2, 12), use('sem', 'nb-uni', 1, 1, 3), use('xrd', 'nb-uni', 1)],
        // three ratings: timeliness 5+5+4, quality 4+5+4, staff 5+5+5
        ratings: new Map([['sem', { count: 3, timeliness: 14, quality: 13, staff: 15 }]]),
      }),
    )
    const byId = new Map(withOrders.instruments.map((f) => [f.instrumentId, f]))
    expect(byId.get('sem')).toMatchObject({
      samples: 15,
      // 42 ÷ 9 = 4.666…: the mean of the three, to 2 decimals half up
      rating: { count: 3, average: 4.67, timeliness: 4.67, quality: 4.33, staff: 5 },
    })
    expect(byId.get('xrd')).toMatchObject({ samples: 0, rating: NO_RATING })
    // a rating of an instrument outside the institutions evaluated changes nothing
    const other = evaluate(
      input({
        instruments: [sem],
        ratings: new Map([['elsewhere', { count: 1, timeliness: 1, quality: 1, staff: 1 }]]),
      }),
    )
    expect(other.instruments.map((f) => f.rating)).toEqual([NO_RATING])
  })

  it('has no share rate without effective hours, and counts internal uses as effective only', () => {
    const [idle] = evaluate(input({ instruments: [sem] })).instruments
    expect(idle).toMatchObject({ effectiveHours: 0, externalHours: 0, shareRate: null, userInstitutions: 0 })
    const [own] = evaluate(input({ instruments: [sem], uses: [use('sem', 'nb-uni', 5)] })).instruments
    expect(own).toMatchObject({ effectiveHours: 5, externalHours: 0, shareRate: 0, sharedUses: 0 })
  })

  it('flags a large instrument under the means, never a small one', () => {
    const small = instrument({ id: 'small', originalValue: 499_999 })
    const unknown = instrument({ id: 'unknown', originalValue: null })
    const edge = instrument({ id: 'edge', originalValue: 500_000 })
    const { instruments } = evaluate(input({ instruments: [small, unknown, edge] }))
    expect(instruments.map((f) => [f.instrumentId, f.large, f.flags])).toEqual([
      ['edge', true, ['below-effective-mean', 'below-external-mean']],
      ['small', false, []],
      ['unknown', false, []],
    ])
  })

  it('lists flagged instruments first, two flags before one, then large ones, then by institution and name', () => {
    const { instruments } = evaluate(
      input({
        institutionIds: ['nb-uni', 'nb-inst'],
        instruments: [
          instrument({ id: 'a-small', name: 'A', originalValue: 100_000 }),
          instrument({ id: 'busy', name: 'B' }),
          instrument({ id: 'own-only', name: 'C' }),
          instrument({ id: 'idle', name: 'D', institutionId: 'nb-inst' }),
          instrument({ id: 'idle-2', name: 'E' }),
        ],
        uses: [use('busy', 'zs-uni', 1600), use('own-only', 'nb-uni', 1700)],
      }),
    )
    // institutions by code point: 宁波大学 (大 U+5927) before 宁波材料所 (材 U+6750)
    expect(instruments.map((f) => f.instrumentId)).toEqual(['idle-2', 'idle', 'own-only', 'busy', 'a-small'])
  })
})

describe('evaluate: an institution, over its large instruments', () => {
  it('sums hours and income, counts user institutions once, and has an open rate', () => {
    const figures = evaluate(
      input({
        institutionIds: ['nb-uni', 'zs-uni'],
        instruments: [
          instrument({ id: 'sem' }),
          instrument({ id: 'tem', originalValue: 12_841_000 }),
          instrument({ id: 'idle', originalValue: 2_000_000 }),
          instrument({ id: 'small', originalValue: 300_000 }),
          instrument({ id: 'retired', originalValue: 5_000_000, status: 'retired', retiredBeforeYear: true }),
          instrument({ id: 'zs-ctd', institutionId: 'zs-uni', originalValue: 1_300_000 }),
        ],
        uses: [
          use('sem', 'zs-uni', 10.25),
          use('sem', 'nb-co', 2),
          use('sem', 'nb-uni', 20),
          use('tem', 'zs-uni', 4),
          use('tem', 'zs-co', 1),
          use('small', 'nb-inst', 50), // small: not in the institution's figures
        ],
        income: [
          { instrumentId: 'sem', internalFen: 300_000, externalFen: 123_456 },
          { instrumentId: 'tem', internalFen: 0, externalFen: 100_000 },
          { instrumentId: 'small', internalFen: 999, externalFen: 999 },
        ],
      }),
    )
    expect(figures.institutions).toEqual([
      {
        institutionId: 'nb-uni',
        largeInstruments: 3, // sem, tem and idle; the one retired before 2025 is out (and, idle, not even listed)
        openRate: 0.6667,
        effectiveHours: 37.25,
        externalHours: 17.25,
        shareRate: 0.4631, // 17.25 / 37.25
        incomeFen: { internal: 300_000, external: 223_456 },
        userInstitutions: 3, // zs-uni once, nb-co, zs-co
        enterprises: 2,
        flaggedInstruments: 3,
      },
      {
        institutionId: 'zs-uni',
        largeInstruments: 1,
        openRate: 0,
        effectiveHours: 0,
        externalHours: 0,
        shareRate: null,
        incomeFen: { internal: 0, external: 0 },
        userInstitutions: 0,
        enterprises: 0,
        flaggedInstruments: 1,
      },
    ])
    expect(figures.instruments.map((f) => f.instrumentId)).not.toContain('retired')
  })

  it('keeps a large instrument retired before the year but used in it (an old log) out of the open rate only', () => {
    const figures = evaluate(
      input({
        instruments: [
          instrument({ id: 'retired', status: 'retired', retiredBeforeYear: true }),
          instrument({ id: 'sem' }),
        ],
        uses: [use('retired', 'zs-uni', 3), use('sem', 'nb-uni', 1)],
      }),
    )
    expect(figures.institutions[0]).toMatchObject({ largeInstruments: 1, openRate: 0, externalHours: 3 })
  })

  it('has no open rate without large instruments', () => {
    const figures = evaluate(input({ instruments: [instrument({ id: 'small', originalValue: 10_000 })] }))
    expect(figures.institutions[0]).toMatchObject({ largeInstruments: 0, openRate: null, shareRate: null })
  })

  it('reports the means in force and the thresholds it compared with', () => {
    const figures = evaluate(input({ year: 2026, now: at('2026-03-01T10:00:00+08:00') }))
    expect(figures.nationalMeans).toEqual(MEANS_2025)
    expect(figures.thresholds).toMatchObject({ daysCounted: 60, effectiveHours: 262.85, externalHours: 44.88 })
    expect(evaluate(input({ means: null })).thresholds).toBeNull()
  })
})

describe('groupEvaluationUses: the sharing statistics’ rule of a use, its year and its machine time', () => {
  const now = at('2027-06-01T00:00:00+08:00')
  it('groups the year’s uses by instrument and the researcher’s institution', () => {
    const records = [
      useRecord({ instrumentId: 'b' }),
      useRecord({
        instrumentId: 'b',
        actualStart: at('2027-03-01T09:30:00+08:00'),
        actualEnd: at('2027-03-01T10:00:00+08:00'),
      }),
      useRecord({ instrumentId: 'a', userInstitutionId: 'zs-uni' }),
      useRecord({ status: 'cancelled' }),
      useRecord({ status: 'no_show' }),
      useRecord({ status: 'confirmed', end: now + 1, start: now - HOUR }), // not over yet
      useRecord({ status: 'confirmed', end: now, start: now - HOUR, instrumentId: 'a', userInstitutionId: 'zs-uni' }),
      // over New Year's midnight in Shanghai: counts in its start's year, 2026
      useRecord({ start: at('2026-12-31T23:30:00+08:00'), end: at('2027-01-01T01:30:00+08:00') }),
    ]
    expect(groupEvaluationUses(records, 2027, now)).toEqual([
      { instrumentId: 'a', userInstitutionId: 'zs-uni', uses: 2, machineMs: 3 * HOUR, samples: 0 },
      { instrumentId: 'b', userInstitutionId: 'nb-uni', uses: 2, machineMs: 2.5 * HOUR, samples: 0 },
    ])
    expect(groupEvaluationUses(records, 2026, now)).toEqual([
      { instrumentId: 'sem-1', userInstitutionId: 'nb-uni', uses: 1, machineMs: 2 * HOUR, samples: 0 },
    ])
  })

  it('counts a reported or completed order as one use, dated by its report, with its runs’ hours and its samples', () => {
    const order = (reportedAt: number, overrides: Partial<UseRecord> = {}): UseRecord =>
      useRecord({
        kind: 'order',
        instrumentId: 'x',
        start: reportedAt,
        end: reportedAt,
        status: 'reported',
        runMillis: 3 * HOUR,
        samples: 5,
        ...overrides,
      })
    const newYear = at('2027-01-01T00:00:00+08:00')
    const records = [
      order(at('2027-03-02T10:00:00+08:00')),
      order(at('2027-03-03T10:00:00+08:00'), { status: 'completed', samples: 7, runMillis: 0 }),
      order(newYear), // reported at New Year's midnight in Shanghai: 2027
      order(newYear - 1, { samples: 100 }), // a millisecond before: 2026
      order(at('2027-03-04T10:00:00+08:00'), { status: 'in_progress', samples: 40 }), // not reported: no use
      order(at('2027-03-04T10:00:00+08:00'), { status: 'cancelled', samples: 40 }),
      // its runs, confirmed and over, completed even: never uses of their own
      useRecord({ instrumentId: 'x', status: 'confirmed', runOf: 'o1', end: now - HOUR, start: now - 4 * HOUR }),
      useRecord({ instrumentId: 'x', status: 'completed', runOf: 'o1' }),
    ]
    expect(groupEvaluationUses(records, 2027, now)).toEqual([
      { instrumentId: 'x', userInstitutionId: 'nb-uni', uses: 3, machineMs: 6 * HOUR, samples: 17 },
    ])
    expect(groupEvaluationUses(records, 2026, now)).toEqual([
      { instrumentId: 'x', userInstitutionId: 'nb-uni', uses: 1, machineMs: 3 * HOUR, samples: 100 },
    ])
  })
})

describe('groupIncome: charges and fees of the year before deductions, internal and external apart', () => {
  it('sums by instrument, the payer deciding internal or not, reversals netting out', () => {
    const entry = { instrumentId: 'sem', providerInstitutionId: 'nb-uni', payerInstitutionId: 'zs-uni' }
    expect(
      groupIncome(
        [
          { ...entry, monthOrd: 2027 * 12, chargeFen: 30_000 },
          { ...entry, monthOrd: 2027 * 12 + 11, chargeFen: 4_500 }, // a fee
          { ...entry, monthOrd: 2027 * 12 + 3, chargeFen: -30_000 }, // a reversal
          { ...entry, monthOrd: 2027 * 12 + 3, chargeFen: 45_000 },
          { ...entry, payerInstitutionId: 'nb-uni', monthOrd: 2027 * 12 + 5, chargeFen: 15_000 },
          { ...entry, monthOrd: 2027 * 12 - 1, chargeFen: 1 }, // December 2026
          { ...entry, monthOrd: 2028 * 12, chargeFen: 1 }, // January 2028
          { ...entry, instrumentId: 'a', monthOrd: 2027 * 12, chargeFen: 7 },
        ],
        2027,
      ),
    ).toEqual([
      { instrumentId: 'a', internalFen: 0, externalFen: 7 },
      { instrumentId: 'sem', internalFen: 15_000, externalFen: 49_500 },
    ])
  })
})

describe('statusAt: the status an instrument had at an instant, from its audit trail', () => {
  const retiredAt = at('2025-08-01T10:00:00+08:00')
  const changes = [
    { at: at('2025-03-01T09:00:00+08:00'), from: 'active' as const, to: 'maintenance' as const },
    { at: at('2025-04-01T09:00:00+08:00'), from: 'maintenance' as const, to: 'active' as const },
    { at: retiredAt, from: 'active' as const, to: 'retired' as const },
  ]
  it.each([
    ['before any change: what it was created as', at('2025-01-01T00:00:00+08:00'), 'active'],
    ['in maintenance', at('2025-03-15T00:00:00+08:00'), 'maintenance'],
    ['at the very instant of its retirement: not yet', retiredAt, 'active'],
    ['a millisecond later', retiredAt + 1, 'retired'],
    ['when the next year began', at('2026-01-01T00:00:00+08:00'), 'retired'],
  ])('%s', (_what, instant, status) => {
    expect(statusAt('retired', changes, instant)).toBe(status)
  })

  it('without any change, has always had its status; changes need not come in order', () => {
    expect(statusAt('retired', [], 0)).toBe('retired')
    expect(statusAt('retired', [...changes].reverse(), at('2025-03-15T00:00:00+08:00'))).toBe('maintenance')
  })
})
