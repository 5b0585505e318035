import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  billedMinutes,
  bookedCharge,
  cancellationFee,
  feeOf,
  hoursOf,
  noShowFee,
  sampleCharge,
  timeCharge,
} from '../../../src/domain/money/charge.js'
import { ceilToMultiple, mulDivDown, mulDivHalfUp, yuan } from '../../../src/domain/money/fen.js'
import {
  CHARGE_BASES,
  DEFAULT_RATE_CARD,
  PRICE_CLASSES,
  priceClassOf,
  type RateCard,
} from '../../../src/domain/money/rates.js'

const MINUTE = 60_000
const at = (iso: string) => Date.parse(iso)
const NINE = at('2027-03-01T09:00:00+08:00')
/** A use booked 09:00 + `booked` minutes, checked in and out at the given minutes after 09:00 (null: never). */
const use = (booked: number, checkIn: number | null = null, checkOut: number | null = null) => ({
  start: NINE,
  end: NINE + booked * MINUTE,
  actualStart: checkIn === null ? null : NINE + checkIn * MINUTE,
  actualEnd: checkOut === null ? null : NINE + checkOut * MINUTE,
})

const card = (overrides: Partial<RateCard> = {}): RateCard => ({
  ...DEFAULT_RATE_CARD,
  hour: { internal: 15_000, academic: 20_000, enterprise: 30_000 },
  sample: { internal: 8_000, academic: 12_000, enterprise: 18_000 },
  ...overrides,
})

describe('fen arithmetic', () => {
  it.each([
    [0, 100, 60, 0],
    [1, 30, 60, 1], // 0.5 → 1: half goes up
    [1, 29, 60, 0], // 0.483 → 0
    [1, 89, 60, 1], // 1.483 → 1
    [1, 90, 60, 2], // 1.5 → 2
    [50, 20_001, 60, 16_668], // 16667.5 → 16668
    [45, 1, 100, 0], // 0.45 → 0
    [50, 1, 100, 1], // 0.5 → 1
    [99, 1, 100, 1],
  ])('%i × %i ÷ %i rounded half up is %i', (a, b, d, expected) => {
    expect(mulDivHalfUp(a, b, d)).toBe(expected)
  })

  it.each([
    [1, 99, 100, 0],
    [199, 50, 100, 99], // 99.5 → 99: coverage rounds down
    [200, 50, 100, 100],
    [12_345, 100, 100, 12_345],
    [12_345, 0, 100, 0],
  ])('%i × %i ÷ %i rounded down is %i', (a, b, d, expected) => {
    expect(mulDivDown(a, b, d)).toBe(expected)
  })

  it('refuses a product beyond 2^53 instead of rounding it', () => {
    expect(() => mulDivHalfUp(2 ** 40, 2 ** 20, 60)).toThrow(RangeError)
    expect(() => mulDivDown(1.5, 2, 1)).toThrow(RangeError)
  })

  it.each([
    [0, 30, 0],
    [-5, 30, 0],
    [1, 30, 30],
    [29, 30, 30],
    [30, 30, 30],
    [31, 30, 60],
    [60, 1, 60],
  ])('ceilToMultiple(%i, %i) = %i', (n, step, expected) => expect(ceilToMultiple(n, step)).toBe(expected))

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [12_345, '123.45'],
    [-5, '-0.05'],
    [-12_345, '-123.45'],
  ])('%i fen is ¥%s', (fen, text) => expect(yuan(fen)).toBe(text))
})

describe('the price class', () => {
  it.each([
    ['nbu', 'university', 'internal'],
    ['nbu', 'enterprise', 'internal'], // the owner's own people, whatever their kind
    ['zjou', 'university', 'academic'],
    ['zs-hospital', 'hospital', 'academic'],
    ['nb-talent', 'government', 'academic'],
    ['institute', 'institute', 'academic'],
    ['zs-company', 'enterprise', 'enterprise'],
  ] as const)('a user of %s (%s) on an instrument of nbu is %s', (institutionId, institutionKind, expected) => {
    expect(priceClassOf('nbu', { institutionId, institutionKind })).toBe(expected)
  })
})

describe('billed minutes', () => {
  it.each([
    // basis, increment, booked, check-in, check-out, billed
    ['booked', 30, 60, null, null, 60],
    ['booked', 30, 45, null, null, 60], // rounded up to whole increments
    ['booked', 30, 30, 0, 5, 30], // booked ignores the machine time
    ['booked', 15, 45, null, null, 45],
    ['booked', 60, 61, null, null, 120],
    ['booked', 1, 61, null, null, 61],
    ['actual', 30, 120, 0, 31, 60], // 31 minutes at the machine → 2 half hours
    ['actual', 30, 120, 0, 30, 30], // exactly one increment
    ['actual', 30, 120, 10, null, 120], // checked in, never out: end − check-in = 110 → 120
    ['actual', 30, 120, null, null, 120], // never checked in: the reserved time
    ['actual', 30, 60, 0, 0, 0], // checked out at once: nothing to bill
    ['actual', 30, 60, -10, 75, 90], // early and late: 85 minutes → 90
    ['greater', 30, 60, 0, 20, 60], // booked is larger
    ['greater', 30, 60, -10, 75, 90], // actual is larger
    ['greater', 30, 60, 0, 61, 90],
  ] as const)(
    '%s in %i-minute increments: booked %i, in %s, out %s → %i',
    (basis, inc, booked, inAt, outAt, expected) => {
      expect(billedMinutes(basis, use(booked, inAt, outAt), inc)).toBe(expected)
    },
  )

  it('rounds up machine time that is not a whole minute', () => {
    const oddSeconds = { ...use(60, 0, null), actualEnd: NINE + 30 * MINUTE + 1 }
    expect(billedMinutes('actual', oddSeconds, 30)).toBe(60)
    expect(billedMinutes('actual', oddSeconds, 1)).toBe(31)
  })
})

describe('the charge of a time use', () => {
  it.each([
    // hourly price in fen, billed minutes (booked), charge
    [20_000, 60, 20_000],
    [20_000, 90, 30_000],
    [15_001, 30, 7_501], // 7500.5 → 7501
    [15_001, 90, 22_502], // 22501.5 → 22502
    [10_001, 60, 10_001],
    [1, 30, 1], // 0.5 fen → 1
    [1, 29, 0], // with 1-minute increments: 0.483 → 0
    [0, 600, 0],
  ])('%i fen/h for %i minutes costs %i fen', (price, minutes, expected) => {
    const inc = minutes % 30 === 0 ? 30 : 1
    const charged = timeCharge(
      card({ hour: { internal: price, academic: price, enterprise: price }, incrementMinutes: inc }),
      'academic',
      use(minutes),
    )
    expect(charged.chargeFen).toBe(expected)
    expect(charged).toMatchObject({ unit: 'hour', billedMinutes: minutes, unitPriceFen: price })
  })

  it('reports quantity as billed hours with two decimals, for display', () => {
    expect(timeCharge(card(), 'academic', use(90)).quantity).toBe(1.5)
    expect(timeCharge(card({ incrementMinutes: 10 }), 'academic', use(50)).quantity).toBe(0.83)
    expect(hoursOf(20)).toBe(0.33)
    expect(hoursOf(40)).toBe(0.67)
  })

  it('uses the class of the user, and nothing else, to choose the price', () => {
    expect(PRICE_CLASSES.map((c) => timeCharge(card(), c, use(60)).chargeFen)).toEqual([15_000, 20_000, 30_000])
  })

  it('is free when the card has no hourly prices', () => {
    expect(timeCharge(DEFAULT_RATE_CARD, 'enterprise', use(120))).toEqual({
      unit: 'hour',
      billedMinutes: 120,
      quantity: 2,
      unitPriceFen: 0,
      chargeFen: 0,
    })
  })

  it('charges samples at the class price, and nothing without sample prices', () => {
    expect(sampleCharge(card(), 'enterprise', 3)).toEqual({
      unit: 'sample',
      quantity: 3,
      unitPriceFen: 18_000,
      chargeFen: 54_000,
    })
    expect(sampleCharge(DEFAULT_RATE_CARD, 'academic', 3).chargeFen).toBe(0)
  })
})

describe('fees', () => {
  const booked = { start: NINE, end: NINE + 90 * MINUTE }

  it.each([
    [0, 0],
    [1, 300], // 1 % of 30,000
    [33, 9_900],
    [50, 15_000],
    [100, 30_000],
  ])('%i %% of the booked charge is %i fen', (percent, expected) => {
    expect(feeOf(card(), 'academic', booked, percent).feeFen).toBe(expected)
  })

  it('rounds a fee half up', () => {
    const odd = card({ hour: { internal: 101, academic: 101, enterprise: 101 } }) // 60 minutes: 101 fen
    expect(feeOf(odd, 'academic', { start: NINE, end: NINE + 60 * MINUTE }, 50).feeFen).toBe(51) // 50.5 → 51
    expect(feeOf(odd, 'academic', { start: NINE, end: NINE + 60 * MINUTE }, 49).feeFen).toBe(49) // 49.49 → 49
  })

  it('is a percent of the charge for the booked length, whatever the basis', () => {
    for (const chargeBasis of CHARGE_BASES)
      expect(noShowFee(card({ chargeBasis }), 'academic', booked)).toMatchObject({
        feeFen: 30_000,
        percent: 100,
        of: bookedCharge(card(), 'academic', booked),
      })
  })

  describe('a cancellation', () => {
    const lateCard = card({ freeCancelHours: 24, lateCancelPercent: 50 })
    const reservation = { ...booked, status: 'confirmed' }
    const HOUR = 3_600_000
    it.each([
      ['48 h before', NINE - 48 * HOUR, true, null],
      ['exactly 24 h before', NINE - 24 * HOUR, true, null],
      ['24 h − 1 ms before', NINE - 24 * HOUR + 1, true, 15_000],
      ['1 h before', NINE - HOUR, true, 15_000],
      ['by an admin, 1 h before', NINE - HOUR, false, null],
    ] as const)('%s costs %s', (_label, cancelledAt, byResearcher, expected) => {
      expect(cancellationFee(lateCard, 'academic', reservation, cancelledAt, byResearcher)?.feeFen ?? null).toBe(
        expected,
      )
    })

    it('of a request never approved is free', () => {
      expect(cancellationFee(lateCard, 'academic', { ...booked, status: 'pending' }, NINE - HOUR, true)).toBeNull()
    })

    it('late, at 0 %, is a fee of nothing', () => {
      expect(cancellationFee(card(), 'academic', reservation, NINE - HOUR, true)?.feeFen).toBe(0)
    })
  })
})

describe('properties', () => {
  const priceArb = fc.integer({ min: 0, max: 10_000_000 })
  const cardArb = fc.record({
    hour: fc.record({ internal: priceArb, academic: priceArb, enterprise: priceArb }),
    sample: fc.constant(null),
    chargeBasis: fc.constantFrom(...CHARGE_BASES),
    incrementMinutes: fc.constantFrom(1, 5, 15, 30, 60),
    freeCancelHours: fc.integer({ min: 0, max: 72 }),
    lateCancelPercent: fc.integer({ min: 0, max: 100 }),
    noShowPercent: fc.integer({ min: 0, max: 100 }),
  })
  const useArb = fc
    .tuple(fc.integer({ min: 1, max: 7 * 24 * 60 }), fc.option(fc.integer({ min: -60, max: 600 })), fc.nat(600))
    .map(([booked, inAt, length]) => use(booked, inAt, inAt === null ? null : inAt + length))

  it('billed minutes are whole increments, never fewer than the basis asks for, less than one increment more', () => {
    fc.assert(
      fc.property(cardArb, useArb, (rates, u) => {
        const minutes = billedMinutes(rates.chargeBasis, u, rates.incrementMinutes)
        expect(minutes % rates.incrementMinutes).toBe(0)
        const booked = (u.end - u.start) / MINUTE
        const raw = rates.chargeBasis === 'booked' ? booked : billedMinutes('actual', u, 1)
        if (rates.chargeBasis !== 'greater') {
          expect(minutes).toBeGreaterThanOrEqual(Math.floor(raw))
          expect(minutes - raw).toBeLessThan(rates.incrementMinutes)
        }
      }),
    )
  })

  it('a charge is within half a fen of billed minutes × price ÷ 60', () => {
    fc.assert(
      fc.property(cardArb, fc.constantFrom(...PRICE_CLASSES), useArb, (rates, priceClass, u) => {
        const { chargeFen, billedMinutes: minutes, unitPriceFen } = timeCharge(rates, priceClass, u)
        expect(Number.isSafeInteger(chargeFen)).toBe(true)
        expect(Math.abs(chargeFen - (minutes * unitPriceFen) / 60)).toBeLessThanOrEqual(0.5)
      }),
    )
  })

  it('a fee never exceeds the booked charge, and 100 % is all of it', () => {
    fc.assert(
      fc.property(
        cardArb,
        fc.constantFrom(...PRICE_CLASSES),
        useArb,
        fc.integer({ min: 0, max: 100 }),
        (r, c, u, p) => {
          const fee = feeOf(r, c, u, p)
          expect(fee.feeFen).toBeLessThanOrEqual(fee.of.chargeFen)
          expect(feeOf(r, c, u, 100).feeFen).toBe(fee.of.chargeFen)
          expect(feeOf(r, c, u, 0).feeFen).toBe(0)
        },
      ),
    )
  })

  it('same-city treatment: users of one class from either city pay the same for the same use', () => {
    // the class comes from the institution alone; the card has no city column to differ by
    fc.assert(
      fc.property(
        cardArb,
        useArb,
        fc.constantFrom('university', 'institute', 'hospital', 'government', 'enterprise' as const),
        (rates, u, kind) => {
          const sameCity = priceClassOf('nbu', { institutionId: 'nimte', institutionKind: kind })
          const crossCity = priceClassOf('nbu', { institutionId: 'zjou', institutionKind: kind })
          expect(crossCity).toBe(sameCity)
          expect(timeCharge(rates, crossCity, u)).toEqual(timeCharge(rates, sameCity, u))
        },
      ),
    )
  })
})
