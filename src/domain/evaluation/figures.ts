import type { NationalMeans } from '../evaluation-means.js'
import { EMPTY_RATING_SUMS, type RatingSummary, type RatingSums, summariseRatings } from '../ratings.js'
import { compareText } from '../sharing/counting.js'
import type { InstitutionKind, InstrumentStatus } from '../types.js'
import {
  type EvaluationFlag,
  type FlagThresholds,
  flagsOf,
  flagThresholds,
  hoursOfHundredths,
  hundredthsOfMs,
  isLarge,
  ratioOf,
} from './flags.js'
import type { EvaluationUseGroup, IncomeGroup } from './groups.js'

/*
 * The figures institutions are graded on (开放共享评价, DOMAIN.md "Evaluation figures"), per instrument and per
 * institution for one calendar year in Asia/Shanghai, folded from the use groups and income groups of groups.ts.
 * Pure: `now` is an argument (it decides the pro rata of the current year).
 */

/** An instrument as the evaluation lists it. */
export interface EvaluatedInstrument {
  id: string
  institutionId: string
  name: string
  model: string
  assetNumber: string | null
  /** 原值, whole yuan; null when unknown (then never large). */
  originalValue: number | null
  status: InstrumentStatus
  /** Retired when the year began (status-history.ts `statusAt` at the year's start): out of the open rate. */
  retiredBeforeYear: boolean
}

export interface EvaluationInput {
  year: number
  now: number
  /** The means in force for the year (`meansInForce`): its own, else the latest earlier year's; null when none. */
  means: NationalMeans | null
  /** The instruments of the institutions evaluated, every status. */
  instruments: readonly EvaluatedInstrument[]
  /** The institutions to report, in any order (each evaluated over its instruments among `instruments`). */
  institutionIds: readonly string[]
  /** Every institution's kind, by id: the user institutions of the uses are in here (enterprises are counted). */
  institutionKinds: ReadonlyMap<string, InstitutionKind>
  /** The institutions' names, by id: instruments are listed by institution name within their flags. */
  institutionNames: ReadonlyMap<string, string>
  uses: readonly EvaluationUseGroup[]
  income: readonly IncomeGroup[]
  /** The sums of the ratings of the year's uses (by the use's date), by instrument; an instrument without any: absent. */
  ratings: ReadonlyMap<string, RatingSums>
}

export interface IncomeFen {
  internal: number
  external: number
}

export interface InstrumentFigures {
  instrumentId: string
  institutionId: string
  name: string
  model: string
  assetNumber: string | null
  originalValue: number | null
  large: boolean
  status: InstrumentStatus
  uses: number
  sharedUses: number
  /** 有效工作机时: machine hours of every use, the owner's own included. */
  effectiveHours: number
  /** 对外服务机时: machine hours of shared uses. */
  externalHours: number
  /** 共享率 = external ÷ effective, 0..1 to 4 decimals; null when effective is 0. */
  shareRate: number | null
  /** 服务收入: final charges and fees of the year before deductions, from the own institution's users and others'. */
  incomeFen: IncomeFen
  /** 服务单位数: institutions whose researchers made shared uses; how many of them are enterprises. */
  userInstitutions: number
  enterprises: number
  /** 样品数: the samples of the year's reported sample orders. */
  samples: number
  /**
   * 用户评价: the ratings of the year's uses (DOMAIN.md "Ratings": means to 2 decimals, `average` the mean of the
   * three), `{count: 0, …null}` when nobody rated one.
   */
  rating: RatingSummary
  flags: EvaluationFlag[]
}

export interface InstitutionFigures {
  institutionId: string
  /** Large instruments not retired before the year began: the open rate's denominator. */
  largeInstruments: number
  /** 开放率: of those, the share that served at least one shared use in the year (4 decimals); null when none. */
  openRate: number | null
  /** Over its large instruments: the sums of the instruments' hours as listed, and their share rate. */
  effectiveHours: number
  externalHours: number
  shareRate: number | null
  incomeFen: IncomeFen
  /** Over its large instruments, each institution counted once. */
  userInstitutions: number
  enterprises: number
  /** Its large instruments with at least one flag. */
  flaggedInstruments: number
}

export interface EvaluationFigures {
  year: number
  nationalMeans: NationalMeans | null
  /** What large instruments were compared with (the means pro rata); null without means. */
  thresholds: Omit<FlagThresholds, 'means'> | null
  /** Flagged instruments first (two flags before one), then large ones, then by institution name, name and id. */
  instruments: InstrumentFigures[]
  /** By institution name, then id. */
  institutions: InstitutionFigures[]
}

interface Tally {
  uses: number
  sharedUses: number
  effectiveMs: number
  externalMs: number
  samples: number
  users: Set<string>
}

/** Folds a year's use and income groups into the evaluation figures (DOMAIN.md "Evaluation figures"). */
export function evaluate(input: EvaluationInput): EvaluationFigures {
  const thresholds = flagThresholds(input.means, input.year, input.now)
  const owners = new Map(input.instruments.map((instrument) => [instrument.id, instrument.institutionId]))
  const tallies = new Map<string, Tally>()
  for (const g of input.uses) {
    const owner = owners.get(g.instrumentId)
    if (owner === undefined) continue // an instrument outside the institutions evaluated
    let tally = tallies.get(g.instrumentId)
    if (!tally) {
      tally = { uses: 0, sharedUses: 0, effectiveMs: 0, externalMs: 0, samples: 0, users: new Set() }
      tallies.set(g.instrumentId, tally)
    }
    tally.uses += g.uses
    tally.effectiveMs += g.machineMs
    tally.samples += g.samples
    if (g.userInstitutionId === owner) continue
    tally.sharedUses += g.uses
    tally.externalMs += g.machineMs
    tally.users.add(g.userInstitutionId)
  }
  const income = new Map(input.income.map((g) => [g.instrumentId, g]))
  const isEnterprise = (id: string) => input.institutionKinds.get(id) === 'enterprise'

  /** With what the institutions' figures need: hours in hundredths, the users, and whether the open rate counts it. */
  type Listed = InstrumentFigures & { effective: number; external: number; users: Set<string>; counted: boolean }
  const listed: Listed[] = []
  for (const instrument of input.instruments) {
    const tally = tallies.get(instrument.id)
    const money = income.get(instrument.id)
    // retired before the year began and idle in it: not an instrument of this year's evaluation
    if (instrument.retiredBeforeYear && !tally && !money) continue
    const effective = hundredthsOfMs(tally?.effectiveMs ?? 0)
    const external = hundredthsOfMs(tally?.externalMs ?? 0)
    const large = isLarge(instrument.originalValue)
    const users = tally?.users ?? new Set<string>()
    listed.push({
      instrumentId: instrument.id,
      institutionId: instrument.institutionId,
      name: instrument.name,
      model: instrument.model,
      assetNumber: instrument.assetNumber,
      originalValue: instrument.originalValue,
      large,
      status: instrument.status,
      uses: tally?.uses ?? 0,
      sharedUses: tally?.sharedUses ?? 0,
      effectiveHours: hoursOfHundredths(effective),
      externalHours: hoursOfHundredths(external),
      shareRate: ratioOf(external, effective),
      incomeFen: { internal: money?.internalFen ?? 0, external: money?.externalFen ?? 0 },
      userInstitutions: users.size,
      enterprises: [...users].filter(isEnterprise).length,
      samples: tally?.samples ?? 0,
      rating: summariseRatings(input.ratings.get(instrument.id) ?? EMPTY_RATING_SUMS),
      flags: flagsOf(large, { effective, external }, thresholds),
      effective,
      external,
      users,
      counted: large && !instrument.retiredBeforeYear,
    })
  }

  const institutions = input.institutionIds.map((institutionId): InstitutionFigures => {
    const large = listed.filter((f) => f.institutionId === institutionId && f.large)
    const counted = large.filter((f) => f.counted)
    const effective = sum(large.map((f) => f.effective))
    const external = sum(large.map((f) => f.external))
    const users = new Set(large.flatMap((f) => [...f.users]))
    return {
      institutionId,
      largeInstruments: counted.length,
      openRate: counted.length === 0 ? null : ratioOf(counted.filter((f) => f.sharedUses > 0).length, counted.length),
      effectiveHours: hoursOfHundredths(effective),
      externalHours: hoursOfHundredths(external),
      shareRate: ratioOf(external, effective),
      incomeFen: {
        internal: sum(large.map((f) => f.incomeFen.internal)),
        external: sum(large.map((f) => f.incomeFen.external)),
      },
      userInstitutions: users.size,
      enterprises: [...users].filter(isEnterprise).length,
      flaggedInstruments: large.filter((f) => f.flags.length > 0).length,
    }
  })

  const nameOf = (id: string) => input.institutionNames.get(id) ?? id
  const instruments = listed
    .sort(
      (a, b) =>
        b.flags.length - a.flags.length ||
        Number(b.large) - Number(a.large) ||
        compareText(nameOf(a.institutionId), nameOf(b.institutionId)) ||
        compareText(a.institutionId, b.institutionId) ||
        compareText(a.name, b.name) ||
        compareText(a.instrumentId, b.instrumentId),
    )
    .map(({ effective: _e, external: _x, users: _u, counted: _c, ...figures }) => figures)
  return {
    year: input.year,
    nationalMeans: input.means,
    thresholds: thresholds && {
      daysCounted: thresholds.daysCounted,
      daysInYear: thresholds.daysInYear,
      effectiveHours: thresholds.effectiveHours,
      externalHours: thresholds.externalHours,
    },
    instruments,
    institutions: institutions.sort(
      (a, b) =>
        compareText(nameOf(a.institutionId), nameOf(b.institutionId)) || compareText(a.institutionId, b.institutionId),
    ),
  }
}

const sum = (values: readonly number[]): number => values.reduce((total, n) => total + n, 0)
