import { compareText } from '../sharing/counting.js'
import { PRICE_CLASSES, type PriceClass } from './rates.js'
import type { EntryKind } from './statements.js'

/**
 * The money statistics of `GET /stats/money` (income by direction and class, deductions by programme, and the mean
 * price per hour same-city and cross-city users paid), folded from groups of billing entries. Both paths share the
 * fold: the SQL of repositories/money-stats.ts groups with GROUP BY, `groupEntries` here groups plain entries, and
 * tests check that the two agree.
 */

/** Final charges, fees and reversals of a year with the same direction, class, kind and programme. */
export interface MoneyGroup {
  /** The payer's (user's institution's) city. */
  fromCity: string
  /** The provider's (instrument's institution's) city. */
  toCity: string
  priceClass: PriceClass
  kind: EntryKind
  /** The programme of the voucher that paid part of it; null: none. */
  programId: string | null
  chargeFen: number
  deductionFen: number
  payableFen: number
}

/**
 * Time charges (and their reversals) of one instrument and class, by whether the user came from the other city:
 * the billed minutes and Σ(unit price × billed minutes), i.e. the list prices applied, without per-use rounding.
 */
export interface HourlyGroup {
  instrumentId: string
  priceClass: PriceClass
  crossCity: boolean
  billedMinutes: number
  priceMinutes: number
}

export interface MoneyAmounts {
  chargeFen: number
  feeFen: number
  deductionFen: number
  payableFen: number
}

export interface HourlyMean {
  billedHours: number
  /** Fen per billed hour, rounded half up; null without uses. */
  meanFenPerHour: number | null
}

export interface MoneyStats {
  year: number
  /** Income before deductions: charges net of reversals, fees apart. */
  totals: MoneyAmounts
  /** Every ordered pair of cities, the same city included (`from` the user's, `to` the instrument's), each class. */
  byDirection: ({ from: string; to: string } & MoneyAmounts & {
      byClass: ({ priceClass: PriceClass } & MoneyAmounts)[]
    })[]
  byClass: ({ priceClass: PriceClass } & MoneyAmounts)[]
  deductionsByProgram: { programId: string; name: string; city: string; deductionFen: number }[]
  /**
   * Per class, on the instruments that served both same-city and cross-city users of that class in the year: the
   * mean list price per billed hour each group paid, the same-city prices weighted by each instrument's cross-city
   * hours so that both means stand on the same mix of instruments. A rate card has no city column, so the two are
   * equal — measured here from the uses, not asserted.
   */
  hourlyPrice: {
    priceClass: PriceClass
    comparedInstruments: number
    sameCity: HourlyMean
    crossCity: HourlyMean
  }[]
}

const zero = (): MoneyAmounts => ({ chargeFen: 0, feeFen: 0, deductionFen: 0, payableFen: 0 })

function add(into: MoneyAmounts, group: MoneyGroup) {
  if (group.kind === 'fee') into.feeFen += group.chargeFen
  else into.chargeFen += group.chargeFen
  into.deductionFen += group.deductionFen
  into.payableFen += group.payableFen
}

// ---------------------------------------------------------------- exact fractions for the hourly means

interface Fraction {
  n: bigint
  d: bigint
}
const big = (n: number) => BigInt(n)
const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0 ? -a : a, b < 0 ? -b : b]
  while (y !== BigInt(0)) [x, y] = [y, x % y]
  return x
}
const reduce = ({ n, d }: Fraction): Fraction => {
  const g = gcd(n, d) || BigInt(1)
  return { n: n / g, d: d / g }
}
const plus = (a: Fraction, b: Fraction): Fraction => reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d })
/** A non-negative fraction rounded half up to an integer. */
const roundHalfUp = ({ n, d }: Fraction): number => Number((BigInt(2) * n + d) / (BigInt(2) * d))

const hoursOfMinutes = (minutes: number) => Math.round((minutes * 100) / 60) / 100

/**
 * Mix-standardised means of one class, in fen per billed hour. For each compared instrument i, with cross-city
 * minutes w_i and the two groups' A = Σ(hourly price × minutes): cross-city mean = Σ Ax_i / Σ w_i; same-city mean =
 * Σ w_i · As_i / Ms_i / Σ w_i (Ms_i its same-city minutes). Exact rationals, so that equal prices per instrument give
 * exactly equal means.
 */
function compareHourly(groups: HourlyGroup[]): Omit<MoneyStats['hourlyPrice'][number], 'priceClass'> {
  const byInstrument = new Map<string, { same?: HourlyGroup; cross?: HourlyGroup }>()
  for (const group of groups) {
    const entry = byInstrument.get(group.instrumentId) ?? {}
    const side = group.crossCity ? 'cross' : 'same'
    const seen = entry[side]
    entry[side] = seen
      ? {
          ...seen,
          billedMinutes: seen.billedMinutes + group.billedMinutes,
          priceMinutes: seen.priceMinutes + group.priceMinutes,
        }
      : group
    byInstrument.set(group.instrumentId, entry)
  }
  const compared = [...byInstrument.entries()]
    // reversals net out first: a side with no billed minutes left did not use the instrument
    .filter(
      (e): e is [string, { same: HourlyGroup; cross: HourlyGroup }] =>
        (e[1].same?.billedMinutes ?? 0) > 0 && (e[1].cross?.billedMinutes ?? 0) > 0,
    )
    .sort(([a], [b]) => compareText(a, b))
  if (compared.length === 0)
    return {
      comparedInstruments: 0,
      sameCity: { billedHours: 0, meanFenPerHour: null },
      crossCity: { billedHours: 0, meanFenPerHour: null },
    }
  let weights = 0
  let sameMinutes = 0
  let crossPriceMinutes = 0
  let sameWeighted: Fraction = { n: BigInt(0), d: BigInt(1) }
  for (const [, { same, cross }] of compared) {
    weights += cross.billedMinutes
    sameMinutes += same.billedMinutes
    crossPriceMinutes += cross.priceMinutes
    sameWeighted = plus(
      sameWeighted,
      reduce({ n: big(cross.billedMinutes) * big(same.priceMinutes), d: big(same.billedMinutes) }),
    )
  }
  // Σ(price per hour × minutes) / Σ minutes is already fen per hour: the minutes weigh, they do not convert
  const perHour = (f: Fraction) => roundHalfUp(reduce({ n: f.n, d: f.d * big(weights) }))
  return {
    comparedInstruments: compared.length,
    sameCity: { billedHours: hoursOfMinutes(sameMinutes), meanFenPerHour: perHour(sameWeighted) },
    crossCity: {
      billedHours: hoursOfMinutes(weights),
      meanFenPerHour: perHour({ n: big(crossPriceMinutes), d: BigInt(1) }),
    },
  }
}

/** Folds the groups of a year into `MoneyStats`; `cities` in their order, programmes by id. */
export function foldMoneyStats(input: {
  year: number
  cities: readonly string[]
  groups: readonly MoneyGroup[]
  hourly: readonly HourlyGroup[]
  programs: ReadonlyMap<string, { name: string; city: string }>
}): MoneyStats {
  const totals = zero()
  const direction = new Map<string, MoneyAmounts & { byClass: Map<PriceClass, MoneyAmounts> }>()
  const classes = new Map<PriceClass, MoneyAmounts>(PRICE_CLASSES.map((c) => [c, zero()]))
  const deductions = new Map<string, number>()
  const key = (from: string, to: string) => `${from}\u0000${to}`
  for (const from of input.cities)
    for (const to of input.cities)
      direction.set(key(from, to), { ...zero(), byClass: new Map(PRICE_CLASSES.map((c) => [c, zero()])) })
  for (const group of input.groups) {
    add(totals, group)
    add(classes.get(group.priceClass)!, group)
    const row = direction.get(key(group.fromCity, group.toCity))
    if (row) {
      add(row, group)
      add(row.byClass.get(group.priceClass)!, group)
    }
    if (group.programId !== null && group.deductionFen !== 0)
      deductions.set(group.programId, (deductions.get(group.programId) ?? 0) + group.deductionFen)
  }
  return {
    year: input.year,
    totals,
    byDirection: input.cities.flatMap((from) =>
      input.cities.map((to) => {
        const { byClass, ...amounts } = direction.get(key(from, to))!
        return {
          from,
          to,
          ...amounts,
          byClass: PRICE_CLASSES.map((priceClass) => ({ priceClass, ...byClass.get(priceClass)! })),
        }
      }),
    ),
    byClass: PRICE_CLASSES.map((priceClass) => ({ priceClass, ...classes.get(priceClass)! })),
    deductionsByProgram: [...deductions.entries()]
      .filter(([, fen]) => fen !== 0)
      .map(([programId, deductionFen]) => {
        const program = input.programs.get(programId)
        return { programId, name: program?.name ?? '', city: program?.city ?? '', deductionFen }
      })
      .sort(
        (a, b) => compareText(a.city, b.city) || compareText(a.name, b.name) || compareText(a.programId, b.programId),
      ),
    hourlyPrice: PRICE_CLASSES.map((priceClass) => ({
      priceClass,
      ...compareHourly(input.hourly.filter((h) => h.priceClass === priceClass)),
    })),
  }
}

/** One billing entry, as the pure path groups it. */
export interface MoneyEntryRecord {
  kind: EntryKind
  instrumentId: string
  providerCity: string
  payerCity: string
  priceClass: PriceClass
  unit: 'hour' | 'sample'
  quantityUnits: number
  unitPriceFen: number
  chargeFen: number
  deductionFen: number
  payableFen: number
  programId: string | null
}

/** The groups the SQL makes, from plain entries (tests compare the two). */
export function groupEntries(entries: readonly MoneyEntryRecord[]): { groups: MoneyGroup[]; hourly: HourlyGroup[] } {
  const groups = entries.map(
    (e): MoneyGroup => ({
      fromCity: e.payerCity,
      toCity: e.providerCity,
      priceClass: e.priceClass,
      kind: e.kind,
      programId: e.programId,
      chargeFen: e.chargeFen,
      deductionFen: e.deductionFen,
      payableFen: e.payableFen,
    }),
  )
  const hourly = entries
    .filter((e) => e.unit === 'hour' && e.kind !== 'fee')
    .map(
      (e): HourlyGroup => ({
        instrumentId: e.instrumentId,
        priceClass: e.priceClass,
        crossCity: e.providerCity !== e.payerCity,
        billedMinutes: e.quantityUnits,
        priceMinutes: e.quantityUnits * e.unitPriceFen,
      }),
    )
  return { groups, hourly }
}
