import { DateTime } from 'luxon'
import type { ReservationStatus } from './types.js'
import { zoneOf } from './zones.js'

/**
 * Counting shared uses (DOMAIN.md "Counting shared uses"). Pure: `now` is always an argument.
 *
 * The statistics are computed in two steps that both paths share: uses are first reduced to
 * `UseGroup`s (by the SQL of the stats repository with GROUP BY, or by `groupUses` here from
 * plain records), then `aggregateUses` folds the groups into the `SharingStats` of API.md.
 */

/** The zone that decides the year and the month of a use, whatever the instrument's zone. */
export const STATS_ZONE = 'Asia/Shanghai'

/** The plan's yearly goal, used for a year that has no row in `targets`. */
export const DEFAULT_YEARLY_TARGET = 500

/** A reservation in this status is a use. */
export const COMPLETED_STATUS = 'completed' satisfies ReservationStatus
/** A reservation in one of these statuses is a use once its end has passed. */
export const USE_WHEN_ENDED_STATUSES = ['confirmed', 'in_use'] as const satisfies readonly ReservationStatus[]

const MS_PER_MINUTE = 60_000

function localYearStart(year: number): DateTime {
  if (!Number.isSafeInteger(year)) throw new RangeError(`invalid year ${year}`)
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: zoneOf(STATS_ZONE) })
  if (!start.isValid) throw new RangeError(`invalid year ${year}`)
  return start
}

/** `[start, end)` of a year in Asia/Shanghai, epoch ms UTC: local Jan 1 00:00 of `year` and of `year + 1`. */
export function yearBounds(year: number): { start: number; end: number } {
  const start = localYearStart(year)
  return { start: start.toMillis(), end: start.plus({ years: 1 }).toMillis() }
}

/**
 * The 13 month boundaries of a year in Asia/Shanghai, epoch ms UTC: local 00:00 of the first day
 * of months 1..12 and of January of the next year. Month `m` is `[bounds[m - 1], bounds[m])`.
 */
export function monthBounds(year: number): number[] {
  const start = localYearStart(year)
  return Array.from({ length: 13 }, (_, i) => start.plus({ months: i }).toMillis())
}

/** The year of an instant (epoch ms UTC) in Asia/Shanghai. */
export function yearOf(instant: number): number {
  return DateTime.fromMillis(instant, { zone: zoneOf(STATS_ZONE) }).year
}

/** The month (1..12) of an instant (epoch ms UTC) in Asia/Shanghai. */
export function monthOf(instant: number): number {
  return DateTime.fromMillis(instant, { zone: zoneOf(STATS_ZONE) }).month
}

/**
 * Whether a reservation is a use at `now`: `completed`, or `confirmed`/`in_use` with its end
 * passed (`end <= now`). Every other status (pending, expired, rejected, cancelled, no_show)
 * never counts.
 */
export function isUse(r: { status: ReservationStatus; end: number }, now: number): boolean {
  if (r.status === COMPLETED_STATUS) return true
  return (USE_WHEN_ENDED_STATUSES as readonly ReservationStatus[]).includes(r.status) && r.end <= now
}

export interface MachineTimeInput {
  start: number
  end: number
  actualStart?: number | null
  actualEnd?: number | null
}

/**
 * Machine time of a use in ms: checked-out minus checked-in where both exist; checked in but
 * never out: end minus check-in; otherwise the reserved time `end - start`.
 */
export function machineMillis(r: MachineTimeInput): number {
  const actualStart = r.actualStart ?? null
  const actualEnd = r.actualEnd ?? null
  if (actualStart !== null && actualEnd !== null) return actualEnd - actualStart
  if (actualStart !== null) return r.end - actualStart
  return r.end - r.start
}

/** Machine time of a use in minutes (may be fractional); see `machineMillis`. */
export function machineMinutes(r: MachineTimeInput): number {
  return machineMillis(r) / MS_PER_MINUTE
}

/**
 * Hours with 2 decimals, for presentation only. Rounds half up on whole milliseconds, so that a
 * float sum of fractional minutes and the exact value round alike.
 */
export function roundHours(minutes: number): number {
  const ms = Math.round(minutes * MS_PER_MINUTE)
  return Math.round(ms / 36_000) / 100
}

/** A reservation as the statistics see it. Instants are epoch ms UTC; no person's data. */
export interface UseRecord {
  reservationId: string
  start: number
  end: number
  status: ReservationStatus
  actualStart: number | null
  actualEnd: number | null
  instrumentId: string
  instrumentName: string
  category: string
  /** The instrument's institution. */
  providerInstitutionId: string
  /** The researcher's institution, copied onto the reservation when it was made. */
  userInstitutionId: string
}

export interface InstitutionInfo {
  name: string
  /** A city code, e.g. `ningbo`. */
  city: string
}

/** Every institution by id. Institutions are never deleted, so every id of a use is in here. */
export type Institutions = ReadonlyMap<string, InstitutionInfo>

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
  /** 1..12, of the booked start in Asia/Shanghai. */
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

/** Binary (code unit) order, never locale order: the same on every runtime. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

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
    entry.ms += machineMillis(r)
  }
  return [...groups.values()]
    .map(({ group, ms }) => ({ ...group, machineMinutes: ms / MS_PER_MINUTE }))
    .sort(compareUseGroups)
}

function institutionOf(institutions: Institutions, id: string): InstitutionInfo {
  const institution = institutions.get(id)
  // Institutions are never deleted and reservations reference them: a miss is a caller's bug.
  if (!institution) throw new Error(`institution ${id} is missing from the institutions map`)
  return institution
}

/** Whether a use of `provider`'s instrument by a researcher of `user` is shared, and cross-city. */
export function classifyUse(
  institutions: Institutions,
  providerInstitutionId: string,
  userInstitutionId: string,
): { shared: boolean; crossCity: boolean } {
  if (providerInstitutionId === userInstitutionId) return { shared: false, crossCity: false }
  const provider = institutionOf(institutions, providerInstitutionId)
  const user = institutionOf(institutions, userInstitutionId)
  return { shared: true, crossCity: provider.city !== user.city }
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

/** The CSV header of `GET /stats/sharing.csv`. */
export const SHARING_CSV_HEADER = [
  'reservationId',
  'start',
  'end',
  'instrumentId',
  'instrumentName',
  'providerInstitution',
  'providerCity',
  'userInstitution',
  'userCity',
  'shared',
  'crossCity',
  'machineHours',
] as const

/**
 * One CSV field: RFC 4180 quoting (fields with a comma, quote, CR or LF are quoted, inner quotes
 * doubled), after neutralising spreadsheet formulas. Instrument and institution names are typed
 * by users; a cell beginning with `=`, `+`, `-` or `@` (or tab / CR, which some spreadsheets
 * strip before evaluating) would run as a formula when a talent office opens the file in Excel
 * or WPS (CSV injection, OWASP), so it gets a leading apostrophe and stays text.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** RFC 3339 with the Asia/Shanghai offset, e.g. `2027-03-01T09:00:00+08:00`. */
function formatInstant(instant: number): string {
  return DateTime.fromMillis(instant, { zone: zoneOf(STATS_ZONE) }).toISO({ suppressMilliseconds: true }) ?? ''
}

/** Hours with exactly 2 decimals, e.g. `1.50`. */
function formatHours(ms: number): string {
  const hundredths = Math.round(ms / 36_000)
  const sign = hundredths < 0 ? '-' : ''
  const abs = Math.abs(hundredths)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * The CSV of `GET /stats/sharing.csv`: `rows` are the counted uses (one line each), sorted here
 * by start, then reservation id. UTF-8 BOM (so spreadsheets read the Chinese names as UTF-8),
 * CRLF after every line, RFC 4180 quoting. Institutions appear by name; the file never carries
 * a person's name.
 */
export function sharingCsv(rows: readonly UseRecord[], institutions: Institutions): string {
  const sorted = [...rows].sort((a, b) => a.start - b.start || compareText(a.reservationId, b.reservationId))
  const lines = [SHARING_CSV_HEADER.join(',')]
  for (const r of sorted) {
    const provider = institutionOf(institutions, r.providerInstitutionId)
    const user = institutionOf(institutions, r.userInstitutionId)
    const { shared, crossCity } = classifyUse(institutions, r.providerInstitutionId, r.userInstitutionId)
    const fields = [
      r.reservationId,
      formatInstant(r.start),
      formatInstant(r.end),
      r.instrumentId,
      r.instrumentName,
      provider.name,
      provider.city,
      user.name,
      user.city,
      String(shared),
      String(crossCity),
      formatHours(machineMillis(r)),
    ]
    lines.push(fields.map(csvField).join(','))
  }
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`
}
