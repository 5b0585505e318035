import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqliteConnection } from '../../src/db/connect-sqlite.js'
import { PRICE_CLASSES, type PriceClass } from '../../src/domain/money/rates.js'
import { ENTRY_KINDS } from '../../src/domain/money/statements.js'
import {
  foldMoneyStats,
  groupEntries,
  type HourlyGroup,
  type MoneyEntryRecord,
} from '../../src/domain/money/statistics.js'
import { listMoneyGroups } from '../../src/repositories/money-stats.js'
import { testDatabase } from '../support/database.js'

/**
 * The SQL of `GET /stats/money` against the pure fold, on generated billing entries: both paths group, the same fold
 * folds, and the results must be equal. And the same-city comparison: equal when every instrument prices a class
 * alike, measured (not forced) when a price changed.
 */

const CITIES = ['ningbo', 'zhoushan', 'shanghai']
const INSTITUTIONS = [
  { id: 'nb-1', city: 'ningbo', kind: 'university' },
  { id: 'nb-2', city: 'ningbo', kind: 'enterprise' },
  { id: 'zs-1', city: 'zhoushan', kind: 'university' },
  { id: 'zs-2', city: 'zhoushan', kind: 'enterprise' },
  { id: 'sh-1', city: 'shanghai', kind: 'institute' },
]
const cityOf = new Map(INSTITUTIONS.map((i) => [i.id, i.city]))
const YEAR = 2027

interface Generated extends MoneyEntryRecord {
  provider: string
  payer: string
  monthOrd: number
}

function generate(seed: number, count: number): Generated[] {
  const entryArb = fc.record({
    provider: fc.constantFrom('nb-1', 'zs-1', 'sh-1'),
    payer: fc.constantFrom(...INSTITUTIONS.map((i) => i.id)),
    instrument: fc.integer({ min: 0, max: 5 }),
    kind: fc.constantFrom(...ENTRY_KINDS),
    priceClass: fc.constantFrom<PriceClass>(...PRICE_CLASSES),
    unit: fc.constantFrom('hour' as const, 'hour' as const, 'sample' as const),
    quantity: fc.integer({ min: 1, max: 600 }),
    unitPriceFen: fc.integer({ min: 0, max: 50_000 }),
    deductionShare: fc.integer({ min: 0, max: 100 }),
    program: fc.option(fc.constantFrom('p-nb', 'p-zs'), { nil: null }),
    monthOrd: fc.integer({ min: YEAR * 12 - 2, max: YEAR * 12 + 13 }),
  })
  return fc.sample(entryArb, { seed, numRuns: count }).map((e) => {
    const sign = e.kind === 'reversal' ? -1 : 1
    const charge = Math.round((e.quantity * e.unitPriceFen) / (e.unit === 'hour' ? 60 : 1))
    const deduction = e.program && e.kind !== 'fee' ? Math.floor((charge * e.deductionShare) / 100) : 0
    return {
      provider: e.provider,
      payer: e.payer,
      monthOrd: e.monthOrd,
      kind: e.kind,
      instrumentId: `${e.provider}-i${e.instrument}`,
      providerCity: cityOf.get(e.provider)!,
      payerCity: cityOf.get(e.payer)!,
      priceClass: e.priceClass,
      unit: e.unit,
      quantityUnits: sign * e.quantity,
      unitPriceFen: e.unitPriceFen,
      chargeFen: sign * charge,
      deductionFen: sign * deduction,
      payableFen: sign * (charge - deduction),
      programId: deduction !== 0 ? e.program : null,
    }
  })
}

let connection: SqliteConnection
let entries: Generated[]
const PROGRAMS = new Map([
  ['p-nb', { name: '宁波市科技创新券', city: 'ningbo' }],
  ['p-zs', { name: '舟山市科技创新券', city: 'zhoushan' }],
])

beforeAll(async () => {
  connection = testDatabase()
  const { db } = connection
  entries = generate(20270301, 1500)
  await db
    .insertInto('cities')
    .values(CITIES.map((code) => ({ code, name: code })))
    .onConflict((oc) => oc.doNothing())
    .execute()
  await db
    .insertInto('institutions')
    .values(INSTITUTIONS.map((i) => ({ ...i, name: i.id })))
    .execute()
  await db
    .insertInto('users')
    .values({
      id: 'u',
      email: 'u@x',
      name: 'u',
      password_hash: 'x',
      role: 'researcher',
      institution_id: 'nb-1',
      feed_key: 'k',
      created_at: 0,
    })
    .execute()
  const instruments = [...new Set(entries.map((e) => e.instrumentId))]
  await db
    .insertInto('instruments')
    .values(
      instruments.map((id) => ({
        id,
        institution_id: id.split('-i')[0]!,
        name: id,
        category: 'other',
        opening_hours: '[]',
        slot_minutes: 30,
        min_minutes: 30,
        max_minutes: 480,
        buffer_minutes: 0,
        notice_minutes: 0,
        horizon_days: 30,
        requires_approval: 0,
        requires_qualification: 0,
        created_at: 0,
        updated_at: 0,
      })),
    )
    .execute()
  for (const [id, p] of PROGRAMS) {
    await db
      .insertInto('voucher_programs')
      .values({
        id,
        name: p.name,
        city: p.city,
        coverage_percent: 50,
        holder_kinds: '["enterprise"]',
        valid_from: '2026-01-01',
        valid_to: '2028-12-31',
        created_at: 0,
      })
      .execute()
    await db
      .insertInto('vouchers')
      .values({
        id: `v-${id}`,
        program_id: id,
        holder_institution_id: 'zs-2',
        amount_fen: 1,
        expires_at: 0,
        granted_at: 0,
      })
      .execute()
  }
  for (let i = 0; i < entries.length; i += 20)
    await db
      .insertInto('billing_entries')
      .values(
        entries.slice(i, i + 20).map((e) => ({
          kind: e.kind,
          provider_institution_id: e.provider,
          payer_institution_id: e.payer,
          instrument_id: e.instrumentId,
          user_id: 'u',
          use_start_ms: 0,
          month_ord: e.monthOrd,
          price_class: e.priceClass,
          unit: e.unit,
          quantity_units: e.quantityUnits,
          unit_price_fen: e.unitPriceFen,
          charge_fen: e.chargeFen,
          deduction_fen: e.deductionFen,
          payable_fen: e.payableFen,
          voucher_id: e.programId ? `v-${e.programId}` : null,
          created_at: 0,
        })),
      )
      .execute()
})
afterAll(() => connection.close())

describe('money statistics: SQL against the pure fold', () => {
  it.each([undefined, 'nb-1', 'zs-1'])('agree on 1,500 generated entries (provider %s)', async (provider) => {
    const inYear = entries.filter(
      (e) => e.monthOrd >= YEAR * 12 && e.monthOrd < YEAR * 12 + 12 && (!provider || e.provider === provider),
    )
    expect(inYear.length).toBeGreaterThan(100)
    const pure = groupEntries(inYear)
    const sql = await listMoneyGroups(connection.db, YEAR * 12, YEAR * 12 + 12, provider)
    const fold = (groups: typeof pure) =>
      foldMoneyStats({ year: YEAR, cities: CITIES, groups: groups.groups, hourly: groups.hourly, programs: PROGRAMS })
    expect(fold(sql)).toEqual(fold(pure))
    const stats = fold(sql)
    // the totals are the sums of the parts, every way round
    const sum = (rows: { chargeFen: number; feeFen: number }[]) => rows.reduce((s, r) => s + r.chargeFen + r.feeFen, 0)
    expect(sum(stats.byDirection)).toBe(stats.totals.chargeFen + stats.totals.feeFen)
    expect(sum(stats.byClass)).toBe(stats.totals.chargeFen + stats.totals.feeFen)
    expect(stats.byDirection).toHaveLength(CITIES.length * CITIES.length)
    expect(stats.deductionsByProgram.reduce((s, p) => s + p.deductionFen, 0)).toBe(stats.totals.deductionFen)
  })
})

describe('the same-city comparison (同城待遇)', () => {
  const group = (
    instrumentId: string,
    crossCity: boolean,
    minutes: number,
    price: number,
    priceClass: PriceClass = 'academic',
  ): HourlyGroup => ({
    instrumentId,
    priceClass,
    crossCity,
    billedMinutes: minutes,
    priceMinutes: minutes * price,
  })
  const compare = (hourly: HourlyGroup[]) =>
    foldMoneyStats({ year: YEAR, cities: CITIES, groups: [], hourly, programs: new Map() }).hourlyPrice.find(
      (h) => h.priceClass === 'academic',
    )!

  it('is equal when each instrument prices the class alike, however differently the two groups use them', () => {
    // same-city users mostly on the cheap XRD, cross-city users mostly on the dear SEM: raw means would differ
    const result = compare([
      group('xrd', false, 6000, 8_000),
      group('xrd', true, 60, 8_000),
      group('sem', false, 30, 20_001),
      group('sem', true, 3000, 20_001),
      group('ctd', false, 600, 5_000), // used by one group only: not compared
    ])
    expect(result.comparedInstruments).toBe(2)
    expect(result.sameCity.meanFenPerHour).toBe(result.crossCity.meanFenPerHour)
    // the cross-city hours' mix: (60 × 8,000 + 3,000 × 20,001) / 3,060, half up
    expect(result.crossCity.meanFenPerHour).toBe(Math.round((60 * 8_000 + 3000 * 20_001) / 3060))
    expect(result.sameCity.billedHours).toBe(100.5)
    expect(result.crossCity.billedHours).toBe(51)
  })

  it('holds exactly for any mix of uses and prices, as long as the card has no city column', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            instrument: fc.constantFrom('a', 'b', 'c', 'd'),
            crossCity: fc.boolean(),
            minutes: fc.integer({ min: 1, max: 10_000 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.record({ a: fc.nat(1_000_000), b: fc.nat(1_000_000), c: fc.nat(1_000_000), d: fc.nat(1_000_000) }),
        (uses, prices) => {
          const result = compare(uses.map((u) => group(u.instrument, u.crossCity, u.minutes, prices[u.instrument])))
          expect(result.sameCity.meanFenPerHour).toBe(result.crossCity.meanFenPerHour)
        },
      ),
    )
  })

  it('shows a difference where there is one (a price changed mid-year), rather than asserting equality', () => {
    const result = compare([
      group('sem', false, 600, 20_000),
      group('sem', true, 300, 20_000),
      group('sem', true, 300, 25_000), // booked after a price rise
    ])
    expect(result.sameCity.meanFenPerHour).toBe(20_000)
    expect(result.crossCity.meanFenPerHour).toBe(22_500)
  })

  it('compares nothing for internal uses, which are never cross-city', () => {
    const stats = foldMoneyStats({
      year: YEAR,
      cities: CITIES,
      groups: [],
      hourly: [group('sem', false, 60, 15_000, 'internal')],
      programs: new Map(),
    })
    expect(stats.hourlyPrice.find((h) => h.priceClass === 'internal')).toMatchObject({
      comparedInstruments: 0,
      sameCity: { meanFenPerHour: null },
      crossCity: { meanFenPerHour: null },
    })
  })
})
