import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { type EvaluatedInstrument, evaluate } from '../../../src/domain/evaluation/figures.js'
import { flagsOf, flagThresholds, hundredthsOfMs, isLarge } from '../../../src/domain/evaluation/flags.js'
import { type EvaluationUseGroup, groupEvaluationUses } from '../../../src/domain/evaluation/groups.js'
import { isUse, useMillis, yearBounds } from '../../../src/domain/sharing/counting.js'
import type { InstitutionKind } from '../../../src/domain/types.js'
import { useRecord } from '../../support/use-record-fixtures.js'

/* Properties of the evaluation figures over random instruments, uses and income. */

const INSTITUTIONS = ['nb-uni', 'nb-co', 'zs-uni', 'zs-co'] as const
const kinds = new Map<string, InstitutionKind>([
  ['nb-uni', 'university'],
  ['nb-co', 'enterprise'],
  ['zs-uni', 'university'],
  ['zs-co', 'enterprise'],
])
const names = new Map(INSTITUTIONS.map((id) => [id, id]))
const MEANS = { year: 2025, effectiveHours: 1599, externalHours: 273 }
const HOUR = 3_600_000

const instrumentArb = fc.record({
  institutionId: fc.constantFrom('nb-uni', 'zs-uni'),
  originalValue: fc.option(fc.constantFrom(0, 120_000, 499_999, 500_000, 3_600_000, 40_000_000), { nil: null }),
  retiredBeforeYear: fc.boolean(),
})
const scenarioArb = fc
  .record({
    instruments: fc.array(instrumentArb, { minLength: 1, maxLength: 8 }),
    uses: fc.array(
      fc.record({
        instrument: fc.nat(),
        user: fc.constantFrom(...INSTITUTIONS),
        uses: fc.integer({ min: 1, max: 50 }),
        machineMs: fc.integer({ min: 0, max: 2_000 * HOUR }),
      }),
      { maxLength: 30 },
    ),
    income: fc.array(
      fc.record({
        instrument: fc.nat(),
        internalFen: fc.integer({ min: 0, max: 10_000_000 }),
        externalFen: fc.integer({ min: 0, max: 10_000_000 }),
      }),
      { maxLength: 8 },
    ),
    // any instant of 2024–2027: 2025 is past, current or future against it
    now: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
  })
  .map((s) => {
    const instruments: EvaluatedInstrument[] = s.instruments.map((x, i) => ({
      ...x,
      id: `i${i}`,
      name: `instrument ${i}`,
      model: '',
      assetNumber: null,
      status: x.retiredBeforeYear ? 'retired' : 'active',
    }))
    const pick = (n: number) => instruments[n % instruments.length]!.id
    // one group per instrument and user institution, as both grouping paths give them
    const groups = new Map<string, EvaluationUseGroup>()
    for (const u of s.uses) {
      const key = `${pick(u.instrument)} ${u.user}`
      const group = groups.get(key) ?? {
        instrumentId: pick(u.instrument),
        userInstitutionId: u.user,
        uses: 0,
        machineMs: 0,
        samples: 0,
      }
      group.uses += u.uses
      group.machineMs += u.machineMs
      groups.set(key, group)
    }
    const income = new Map<string, { instrumentId: string; internalFen: number; externalFen: number }>()
    for (const e of s.income) income.set(pick(e.instrument), { instrumentId: pick(e.instrument), ...e })
    return {
      year: 2025,
      now: s.now,
      means: MEANS,
      instruments,
      institutionIds: ['nb-uni', 'zs-uni'],
      institutionKinds: kinds,
      institutionNames: names,
      uses: [...groups.values()],
      income: [...income.values()],
      ratings: new Map(),
    }
  })

describe('evaluation figures: properties', () => {
  it('share rates and open rates are ratios from 0 to 1, or null exactly when undefined', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const figures = evaluate(input)
        for (const f of figures.instruments) {
          expect(f.externalHours).toBeLessThanOrEqual(f.effectiveHours)
          if (f.effectiveHours === 0) expect(f.shareRate).toBeNull()
          else {
            expect(f.shareRate).toBeGreaterThanOrEqual(0)
            expect(f.shareRate).toBeLessThanOrEqual(1)
          }
        }
        for (const i of figures.institutions) {
          for (const rate of [i.shareRate, i.openRate]) if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true)
          expect(i.openRate === null).toBe(i.largeInstruments === 0)
          expect(i.shareRate === null).toBe(i.effectiveHours === 0)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('an institution’s figures are the sums over its large instruments as listed', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const figures = evaluate(input)
        for (const institution of figures.institutions) {
          const large = figures.instruments.filter((f) => f.institutionId === institution.institutionId && f.large)
          const hundredths = (hours: number) => Math.round(hours * 100)
          const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
          expect(hundredths(institution.effectiveHours)).toBe(sum(large.map((f) => hundredths(f.effectiveHours))))
          expect(hundredths(institution.externalHours)).toBe(sum(large.map((f) => hundredths(f.externalHours))))
          expect(institution.incomeFen.internal).toBe(sum(large.map((f) => f.incomeFen.internal)))
          expect(institution.incomeFen.external).toBe(sum(large.map((f) => f.incomeFen.external)))
          expect(institution.flaggedInstruments).toBe(large.filter((f) => f.flags.length > 0).length)
          // user institutions: the distinct outside institutions of the large instruments' uses
          const ids = new Set(large.map((f) => f.instrumentId))
          const users = new Set(
            input.uses
              .filter((g) => ids.has(g.instrumentId) && g.userInstitutionId !== institution.institutionId)
              .map((g) => g.userInstitutionId),
          )
          expect(institution.userInstitutions).toBe(users.size)
          expect(institution.enterprises).toBe([...users].filter((id) => kinds.get(id) === 'enterprise').length)
          expect(institution.userInstitutions).toBeLessThanOrEqual(sum(large.map((f) => f.userInstitutions)))
          // the open rate's denominator: large instruments not retired before the year
          const counted = input.instruments.filter(
            (x) => x.institutionId === institution.institutionId && isLarge(x.originalValue) && !x.retiredBeforeYear,
          )
          expect(institution.largeInstruments).toBe(counted.length)
        }
        // every instrument's hours are its groups' machine time
        for (const f of figures.instruments) {
          const ms = input.uses.filter((g) => g.instrumentId === f.instrumentId).reduce((a, g) => a + g.machineMs, 0)
          expect(Math.round(f.effectiveHours * 100)).toBe(hundredthsOfMs(ms))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('lists flagged instruments before the others, and flags only large ones', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const flags = evaluate(input).instruments.map((f) => {
          if (!f.large) expect(f.flags).toEqual([])
          return f.flags.length
        })
        expect(flags).toEqual([...flags].sort((a, b) => b - a))
      }),
      { numRuns: 200 },
    )
  })
})

describe('pro-rata flags at the day boundaries of the current year', () => {
  const zone = 'Asia/Shanghai'
  it('an instrument is flagged exactly when its hours projected to the year stay below the mean, day by day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 0, max: 86_399_999 }),
        (day, effective, external, intoDay) => {
          const midnight = DateTime.fromObject({ year: 2027, month: 1, day: 1 }, { zone }).plus({ days: day - 1 })
          const now = midnight.toMillis() + intoDay
          const thresholds = flagThresholds(MEANS, 2027, now)
          expect(thresholds?.daysCounted).toBe(day) // the same all day long, from midnight to midnight
          const flags = flagsOf(true, { effective, external }, thresholds)
          // projected to 365 days at today's pace, against the mean (exact rationals)
          expect(flags.includes('below-effective-mean')).toBe(effective * 365 < 159_900 * day)
          expect(flags.includes('below-external-mean')).toBe(external * 365 < 27_300 * day)
          // one millisecond before midnight it was the day before: a threshold never larger
          if (day > 1) {
            const before = flagThresholds(MEANS, 2027, midnight.toMillis() - 1)!
            expect(before.daysCounted).toBe(day - 1)
            expect(before.effectiveHours).toBeLessThanOrEqual(thresholds!.effectiveHours)
            // flagged the day before → flagged today with the same hours
            const earlier = flagsOf(true, { effective, external }, before)
            for (const flag of earlier) expect(flags).toContain(flag)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('groupEvaluationUses: properties', () => {
  it('keeps every use of the year once, with its machine time, and nothing else', () => {
    const { start, end } = yearBounds(2027)
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            start: fc.integer({ min: start - 3 * HOUR, max: end + 3 * HOUR }),
            length: fc.integer({ min: 1, max: 10 * HOUR }),
            status: fc.constantFrom('completed', 'confirmed', 'in_use', 'cancelled', 'no_show', 'pending'),
            instrumentId: fc.constantFrom('a', 'b', 'c'),
            userInstitutionId: fc.constantFrom(...INSTITUTIONS),
            // a reservation, a run of an order (never a use), or an order (reported or not) with samples and run time
            shape: fc.constantFrom('reservation', 'run', 'order'),
            orderStatus: fc.constantFrom('reported', 'completed', 'in_progress', 'cancelled'),
            samples: fc.integer({ min: 1, max: 500 }),
            runMillis: fc.integer({ min: 0, max: 20 * HOUR }),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: start, max: end + 6 * HOUR }),
        (rows, now) => {
          const records = rows.map(({ shape, orderStatus, samples, runMillis, ...r }) =>
            shape === 'order'
              ? useRecord({ ...r, kind: 'order', status: orderStatus, end: r.start, samples, runMillis })
              : useRecord({
                  ...r,
                  status: r.status as 'completed',
                  end: r.start + r.length,
                  runOf: shape === 'run' ? 'an-order' : null,
                }),
          )
          const groups = groupEvaluationUses(records, 2027, now)
          const kept = records.filter((r) => r.start >= start && r.start < end && isUse(r, now))
          expect(kept.every((r) => r.runOf === null)).toBe(true)
          expect(groups.reduce((n, g) => n + g.uses, 0)).toBe(kept.length)
          expect(groups.reduce((n, g) => n + g.machineMs, 0)).toBe(kept.reduce((n, r) => n + useMillis(r), 0))
          expect(groups.reduce((n, g) => n + g.samples, 0)).toBe(kept.reduce((n, r) => n + (r.samples ?? 0), 0))
          expect(new Set(groups.map((g) => `${g.instrumentId} ${g.userInstitutionId}`)).size).toBe(groups.length)
        },
      ),
      { numRuns: 200 },
    )
  })
})
