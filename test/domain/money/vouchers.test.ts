import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PRICE_CLASSES, type PriceClass } from '../../../src/domain/money/rates.js'
import {
  coveredFen,
  deductionFen,
  isExhausted,
  type VoucherTerms,
  voucherRefusal,
} from '../../../src/domain/money/vouchers.js'

const terms = (overrides: Partial<VoucherTerms> = {}): VoucherTerms => ({
  coveragePercent: 50,
  fullCoverageBelowFen: null,
  perUseCapFen: null,
  perHolderYearCapFen: null,
  ...overrides,
})

describe('what a programme covers of one charge', () => {
  it.each([
    // charge, coverage %, full coverage below, cap per use, covered
    [10_000, 50, null, null, 5_000],
    [10_001, 50, null, null, 5_000], // 5000.5 rounds down
    [10_001, 0, null, null, 0],
    [10_001, 100, null, null, 10_001],
    [9_999, 50, 10_000, null, 9_999], // strictly below the threshold: the whole charge
    [10_000, 50, 10_000, null, 5_000], // at the threshold: the percent
    [10_001, 50, 10_000, null, 5_000],
    [0, 50, 10_000, null, 0],
    [100_000, 50, null, 30_000, 30_000], // the cap per use
    [60_000, 50, null, 30_000, 30_000], // exactly the cap
    [59_998, 50, null, 30_000, 29_999],
    [9_999, 50, 10_000, 5_000, 5_000], // full coverage, still capped per use
    [100_000, 50, null, 0, 0],
  ])('of %i fen at %i %% (whole below %s, cap %s): %i', (charge, coveragePercent, below, cap, expected) => {
    const t = terms({ coveragePercent, fullCoverageBelowFen: below, perUseCapFen: cap })
    expect(coveredFen(charge, 'enterprise', t)).toBe(expected)
  })

  it('is never anything for an internal use', () => {
    expect(coveredFen(10_000, 'internal', terms({ coveragePercent: 100 }))).toBe(0)
    expect(coveredFen(5, 'internal', terms({ fullCoverageBelowFen: 10_000 }))).toBe(0)
  })
})

describe('the deduction when a charge becomes final', () => {
  it.each([
    // charge, balance, year cap, used this year, deduction
    [10_000, 100_000, null, 0, 5_000],
    [10_000, 5_000, null, 0, 5_000], // the balance just suffices
    [10_000, 4_999, null, 0, 4_999], // the balance decides
    [10_000, 0, null, 0, 0],
    [10_000, 100_000, 20_000, 15_000, 5_000], // exactly what is left of the yearly cap
    [10_000, 100_000, 20_000, 16_000, 4_000], // the yearly cap decides
    [10_000, 100_000, 20_000, 20_000, 0], // the yearly cap is used up
    [10_000, 100_000, 20_000, 25_000, 0], // over it (a cap lowered after the fact): never negative
    [10_000, -3, null, 0, 0], // never negative
  ])('charge %i, balance %i, yearly cap %s with %i used: %i', (charge, balance, cap, used, expected) => {
    const d = deductionFen({
      chargeFen: charge,
      priceClass: 'enterprise',
      terms: terms({ perHolderYearCapFen: cap }),
      balanceFen: balance,
      holderYearUsedFen: used,
    })
    expect(d).toBe(expected)
  })

  it('is exhausted where the balance or what is left of the yearly cap is 0', () => {
    expect(isExhausted(terms(), 0, 0)).toBe(true)
    expect(isExhausted(terms(), 1, 0)).toBe(false)
    expect(isExhausted(terms({ perHolderYearCapFen: 1_000 }), 500, 1_000)).toBe(true)
    expect(isExhausted(terms({ perHolderYearCapFen: 1_000 }), 500, 999)).toBe(false)
  })

  const termsArb = fc.record({
    coveragePercent: fc.integer({ min: 0, max: 100 }),
    fullCoverageBelowFen: fc.option(fc.integer({ min: 0, max: 1_000_000 })),
    perUseCapFen: fc.option(fc.integer({ min: 0, max: 1_000_000 })),
    perHolderYearCapFen: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
  })
  const inputArb = fc.record({
    chargeFen: fc.integer({ min: 0, max: 10_000_000 }),
    priceClass: fc.constantFrom<PriceClass>(...PRICE_CLASSES),
    terms: termsArb,
    balanceFen: fc.integer({ min: 0, max: 5_000_000 }),
    holderYearUsedFen: fc.integer({ min: 0, max: 5_000_000 }),
  })

  it('is never above the charge, the coverage, the cap per use, the balance or what is left of the yearly cap', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = deductionFen(input)
        const { terms: t } = input
        expect(Number.isSafeInteger(d)).toBe(true)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThanOrEqual(input.chargeFen)
        expect(d).toBeLessThanOrEqual(input.balanceFen)
        if (t.perUseCapFen !== null) expect(d).toBeLessThanOrEqual(t.perUseCapFen)
        if (t.perHolderYearCapFen !== null)
          expect(d).toBeLessThanOrEqual(Math.max(0, t.perHolderYearCapFen - input.holderYearUsedFen))
        const below = t.fullCoverageBelowFen !== null && input.chargeFen < t.fullCoverageBelowFen
        if (!below) expect(d * 100).toBeLessThanOrEqual(input.chargeFen * t.coveragePercent)
        if (input.priceClass === 'internal') expect(d).toBe(0)
        // payable + deduction = charge, and payable is never negative
        const payable = input.chargeFen - d
        expect(payable + d).toBe(input.chargeFen)
        expect(payable).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('a run of uses on one voucher never takes its balance below zero, and each takes the most it may', () => {
    fc.assert(
      fc.property(
        termsArb,
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.array(fc.integer({ min: 0, max: 500_000 }), { maxLength: 40 }),
        (t, amount, charges) => {
          let balance = amount
          let used = 0
          for (const chargeFen of charges) {
            const d = deductionFen({
              chargeFen,
              priceClass: 'enterprise',
              terms: t,
              balanceFen: balance,
              holderYearUsedFen: used,
            })
            expect(d).toBe(
              Math.max(
                0,
                Math.min(
                  coveredFen(chargeFen, 'enterprise', t),
                  balance,
                  t.perHolderYearCapFen === null ? Infinity : t.perHolderYearCapFen - used,
                ),
              ),
            )
            balance -= d
            used += d
            expect(balance).toBeGreaterThanOrEqual(0)
          }
          expect(amount - balance).toBe(used)
        },
      ),
    )
  })
})

describe('whether a voucher may be named for a use', () => {
  const at = (iso: string) => Date.parse(iso)
  const base = {
    voucher: { holderInstitutionId: 'zs-company', expiresAt: at('2027-12-31T23:59:59+08:00') },
    program: {
      holderKinds: ['enterprise' as const],
      providerCities: null,
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
    },
    user: { institutionId: 'zs-company', institutionKind: 'enterprise' as const },
    providerCity: 'ningbo',
    priceClass: 'enterprise' as const,
    useStart: at('2027-03-02T09:00:00+08:00'),
    namedAt: at('2027-03-01T08:00:00+08:00'),
  }
  type Input = Parameters<typeof voucherRefusal>[0]
  const cases: [string, Partial<Input>, string | null][] = [
    ['its holder’s researcher, another city’s provider (通用通兑)', {}, null],
    ['another holder’s', { user: { institutionId: 'nb-company', institutionKind: 'enterprise' } }, 'other-holder'],
    ['an internal use', { priceClass: 'internal' }, 'internal'],
    [
      'a holder of a kind the programme does not cover',
      { user: { institutionId: 'zs-company', institutionKind: 'university' } },
      'holder-kind',
    ],
    [
      'a provider city the programme does not cover',
      { program: { ...base.program, providerCities: ['zhoushan'] } },
      'provider-city',
    ],
    ['a provider city the programme names', { program: { ...base.program, providerCities: ['ningbo'] } }, null],
    ['a use on the first valid day, at local midnight', { useStart: at('2027-01-01T00:00:00+08:00') }, null],
    ['a use just before the first valid day', { useStart: at('2026-12-31T23:59:59+08:00') }, 'outside-validity'],
    ['a use on the last valid day', { useStart: at('2027-12-31T23:00:00+08:00') }, null],
    ['a use the day after', { useStart: at('2028-01-01T00:00:00+08:00') }, 'outside-validity'],
    ['a voucher that expires before the use', { useStart: at('2027-12-31T23:59:59+08:00') }, 'expired'],
    ['a voucher expired when named', { namedAt: at('2028-01-01T00:00:00+08:00') }, 'expired'],
    [
      'a voucher expired since, when the charge becomes final',
      { namedAt: null, voucher: { ...base.voucher, expiresAt: at('2027-03-02T09:30:00+08:00') } },
      null,
    ],
  ]
  it.each(cases)('%s → %s', (_label, overrides, expected) => {
    expect(voucherRefusal({ ...base, ...overrides } as Input)).toBe(expected)
  })
})
