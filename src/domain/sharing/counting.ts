import { DateTime } from 'luxon'
import type { ReservationStatus } from '../types.js'
import { zoneOf } from '../zones.js'

/**
 * The counting rule (DOMAIN.md "Counting shared uses"): what is a use, its year and month in
 * Asia/Shanghai, its machine time, and whether it is shared and cross-city. Pure: `now` is always
 * an argument. Grouping and folding uses into statistics is `aggregation.ts`.
 */

/** The zone that decides the year and the month of a use, whatever the instrument's zone. */
export const STATS_ZONE = 'Asia/Shanghai'

/** The plan's yearly goal, used for a year that has no row in `targets`. */
export const DEFAULT_YEARLY_TARGET = 500

/** A reservation in this status is a use. */
export const COMPLETED_STATUS = 'completed' satisfies ReservationStatus
/** A reservation in one of these statuses is a use once its end has passed. */
export const USE_WHEN_ENDED_STATUSES = ['confirmed', 'in_use'] as const satisfies readonly ReservationStatus[]

export const MS_PER_MINUTE = 60_000

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
  /** An admin recorded it after the fact (`POST /instruments/{id}/uses`) instead of its being booked. */
  recorded: boolean
}

export interface InstitutionInfo {
  name: string
  /** A city code, e.g. `ningbo`. */
  city: string
}

/** Every institution by id. Institutions are never deleted, so every id of a use is in here. */
export type Institutions = ReadonlyMap<string, InstitutionInfo>

/** The institution of `id`; throws when it is missing, which only a caller's bug can cause. */
export function institutionOf(institutions: Institutions, id: string): InstitutionInfo {
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

/** Binary (code unit) order, never locale order: every listing of the statistics sorts the same on every runtime. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
