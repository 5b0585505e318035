import { DateTime } from 'luxon'
import { zoneOf } from '../zones.js'
import {
  compareText,
  type Institutions,
  institutionOf,
  isUse,
  MS_PER_MINUTE,
  monthOf,
  STATS_ZONE,
  type UseRecord,
  useMillis,
  yearBounds,
} from './counting.js'

/**
 * The statistics of `GET /stats/sharing`, computed in two steps that both paths share: uses are
 * first reduced to `UseGroup`s (by the SQL of the stats repository with GROUP BY, or by
 * `groupUses` here from plain records), then `aggregateUses` folds the groups into the
 * `SharingStats` of API.md. What counts as a use, and how, is `counting.ts`.
 */

/**
 * The uses of one year with the same provider, researcher's city, sharedness, category and month —
 * all the statistics need, and far fewer groups than one per researcher institution.
 */
export interface UseGroup {
  providerInstitutionId: string
  /** The city of the researcher's institution (copied onto the reservation when it was made). */
  userCity: string
  /** The researcher's institution is not the instrument's. */
  shared: boolean
  category: string
  /** 1..12, of the booked start (an order's reported time) in Asia/Shanghai. */
  month: number
  uses: number
  /** Sum of the machine minutes of the uses (fractional). */
  machineMinutes: number
}

export interface SharingStats {
  year: number
  target: number
  crossCityUses: number
  sharedUses: number
  totalUses: number
  machineHours: { total: number; shared: number; crossCity: number }
  /** Every ordered pair of different cities; `from` is the researcher's city, `to` the instrument's. */
  byDirection: { from: string; to: string; uses: number }[]
  /** Always 12 rows, months 1..12. */
  byMonth: { month: number; crossCityUses: number; sharedUses: number }[]
  /** Providing institutions with at least one shared use. */
  byInstitution: { institutionId: string; crossCityUses: number; sharedUses: number }[]
  /** Categories with at least one shared use. */
  byCategory: { category: string; crossCityUses: number }[]
  projection: { expectedCrossCityUses: number; onTrack: boolean }
}

export interface SharingContext {
  year: number
  now: number
  target: number
  /** City codes; `byDirection` lists every ordered pair of two different ones, in this order. */
  cities: readonly string[]
  institutions: Institutions
}

/**
 * Hours with 2 decimals, for presentation only. Rounds half up on whole milliseconds, so that a
 * float sum of fractional minutes and the exact value round alike.
 */
export function roundHours(minutes: number): number {
  const ms = Math.round(minutes * MS_PER_MINUTE)
  return Math.round(ms / 36_000) / 100
}

/** The canonical order of groups: provider, researcher's city, not shared before shared, category, month. */
export function compareUseGroups(a: UseGroup, b: UseGroup): number {
  return (
    compareText(a.providerInstitutionId, b.providerInstitutionId) ||
    compareText(a.userCity, b.userCity) ||
    Number(a.shared) - Number(b.shared) ||
    compareText(a.category, b.category) ||
    a.month - b.month
  )
}

/**
 * The pure twin of the repository's GROUP BY: the uses at `now` among `records` whose booked
 * start lies in `year` (Asia/Shanghai), grouped, in `compareUseGroups` order. Machine time is
 * summed in whole ms and divided once, as the SQL does, so both paths give identical numbers.
 */
export function groupUses(
  records: readonly UseRecord[],
  year: number,
  now: number,
  institutions: Institutions,
): UseGroup[] {
  const { start, end } = yearBounds(year)
  const groups = new Map<string, { group: UseGroup; ms: number }>()
  for (const r of records) {
    if (r.start < start || r.start >= end || !isUse(r, now)) continue
    const month = monthOf(r.start)
    const userCity = institutionOf(institutions, r.userInstitutionId).city
    const shared = r.userInstitutionId !== r.providerInstitutionId
    const key = JSON.stringify([r.providerInstitutionId, userCity, shared, r.category, month])
    let entry = groups.get(key)
    if (!entry) {
      entry = {
        group: {
          providerInstitutionId: r.providerInstitutionId,
          userCity,
          shared,
          category: r.category,
          month,
          uses: 0,
          machineMinutes: 0,
        },
        ms: 0,
      }
      groups.set(key, entry)
    }
    entry.group.uses += 1
    entry.ms += useMillis(r)
  }
  return [...groups.values()]
    .map(({ group, ms }) => ({ ...group, machineMinutes: ms / MS_PER_MINUTE }))
    .sort(compareUseGroups)
}

/**
 * The projected cross-city uses of `year` at `now`.
 * - Current year (the year of `now` in Asia/Shanghai): `count × daysInYear ÷ daysElapsed`,
 *   rounded to the nearest integer, where `daysElapsed` is the number of local calendar days
 *   from Jan 1 up to and including today (1 on Jan 1, 365 or 366 on Dec 31). Counting today as
 *   a whole day keeps the projection stable through the day and never divides by a tiny number
 *   just after midnight.
 * - Past years: the actual count. Future years: 0.
 */
export function projectCrossCityUses(count: number, year: number, now: number): number {
  const today = DateTime.fromMillis(now, { zone: zoneOf(STATS_ZONE) })
  if (year < today.year) return count
  if (year > today.year) return 0
  return Math.round((count * today.daysInYear) / today.ordinal)
}

interface Tally {
  crossCityUses: number
  sharedUses: number
}

const byCountsDesc = (a: Tally, b: Tally): number => b.crossCityUses - a.crossCityUses || b.sharedUses - a.sharedUses

/** Folds the use groups of one year into the statistics of `GET /stats/sharing` (API.md). */
export function aggregateUses(groups: readonly UseGroup[], ctx: SharingContext): SharingStats {
  let totalUses = 0
  let sharedUses = 0
  let crossCityUses = 0
  const minutes = { total: 0, shared: 0, crossCity: 0 }
  const directions = new Map<string, number>()
  const months: Tally[] = Array.from({ length: 12 }, () => ({ crossCityUses: 0, sharedUses: 0 }))
  const providers = new Map<string, Tally>()
  const categories = new Map<string, Tally>()

  for (const g of groups) {
    totalUses += g.uses
    minutes.total += g.machineMinutes
    if (!g.shared) continue
    const providerCity = institutionOf(ctx.institutions, g.providerInstitutionId).city
    const crossCity = g.userCity !== providerCity
    const month = months[g.month - 1]
    if (!month) throw new RangeError(`invalid month ${g.month}`)
    const provider = providers.get(g.providerInstitutionId) ?? { crossCityUses: 0, sharedUses: 0 }
    providers.set(g.providerInstitutionId, provider)
    const category = categories.get(g.category) ?? { crossCityUses: 0, sharedUses: 0 }
    categories.set(g.category, category)
    const tallies = [month, provider, category]

    sharedUses += g.uses
    minutes.shared += g.machineMinutes
    for (const t of tallies) t.sharedUses += g.uses
    if (!crossCity) continue
    crossCityUses += g.uses
    minutes.crossCity += g.machineMinutes
    for (const t of tallies) t.crossCityUses += g.uses
    const key = JSON.stringify([g.userCity, providerCity])
    directions.set(key, (directions.get(key) ?? 0) + g.uses)
  }

  const expectedCrossCityUses = projectCrossCityUses(crossCityUses, ctx.year, ctx.now)
  return {
    year: ctx.year,
    target: ctx.target,
    crossCityUses,
    sharedUses,
    totalUses,
    machineHours: {
      total: roundHours(minutes.total),
      shared: roundHours(minutes.shared),
      crossCity: roundHours(minutes.crossCity),
    },
    byDirection: ctx.cities.flatMap((from) =>
      ctx.cities
        .filter((to) => to !== from)
        .map((to) => ({ from, to, uses: directions.get(JSON.stringify([from, to])) ?? 0 })),
    ),
    byMonth: months.map((t, i) => ({ month: i + 1, crossCityUses: t.crossCityUses, sharedUses: t.sharedUses })),
    byInstitution: [...providers]
      .sort(([idA, a], [idB, b]) => byCountsDesc(a, b) || compareText(idA, idB))
      .map(([institutionId, t]) => ({ institutionId, crossCityUses: t.crossCityUses, sharedUses: t.sharedUses })),
    byCategory: [...categories]
      .sort(([codeA, a], [codeB, b]) => byCountsDesc(a, b) || compareText(codeA, codeB))
      .map(([category, t]) => ({ category, crossCityUses: t.crossCityUses })),
    projection: { expectedCrossCityUses, onTrack: expectedCrossCityUses >= ctx.target },
  }
}
