import type { Interval } from './interval.js'
import { yearBounds } from './sharing/counting.js'
import type { InstrumentStatus, Role } from './types.js'

/**
 * What makes a use recorded after the fact plausible (API.md, `POST /instruments/{id}/uses`). A recorded use counts
 * towards the 500 a year exactly as a booked one, but no booking rule applies to a record of fact — so without these
 * an admin could inflate the count with 1-millisecond uses, uses of a retired instrument, of a talent office or a
 * deactivated account, or of the year 0001.
 */

/** The platform's records begin on 1 January of this year in Asia/Shanghai: statistics start there too. */
export const RECORDS_START_YEAR = 2000
/** A recorded use lasts at most 31 days, the longest any reservation may hold an instrument. */
export const MAX_RECORDED_USE_MINUTES = 31 * 24 * 60

export type RecordedUseRule = 'inactive' | 'ineligible-user' | 'too-short' | 'too-long' | 'before-records'

export interface RecordedUseViolation {
  rule: RecordedUseRule
  /** A sentence for humans. */
  detail: string
  /** The bound that was broken, in minutes, where there is one (too-short, too-long). */
  limitMinutes?: number
}

export interface RecordedUseContext {
  instrumentStatus: InstrumentStatus
  /** The instrument's shortest reservation. */
  minMinutes: number
  /** The account the use is recorded for. */
  user: { role: Role; active: boolean; institutionId: string | null }
}

type Check = (use: Interval, context: RecordedUseContext) => RecordedUseViolation | null

const MINUTE = 60_000

const retired: Check = (_use, { instrumentStatus }) =>
  instrumentStatus === 'retired'
    ? { rule: 'inactive', detail: 'The instrument is retired: no use can be recorded on it.' }
    : null

const eligibleUser: Check = (_use, { user }) =>
  user.active && (user.role === 'researcher' || user.role === 'institution_admin') && user.institutionId !== null
    ? null
    : {
        rule: 'ineligible-user',
        detail:
          'Uses are recorded for active researchers and institute admins only (not talent offices, platform admins or deactivated accounts).',
      }

const tooShort: Check = (use, { minMinutes }) =>
  use.end - use.start < minMinutes * MINUTE
    ? {
        rule: 'too-short',
        detail: `A use lasts at least the instrument's shortest reservation, ${minMinutes} minutes.`,
        limitMinutes: minMinutes,
      }
    : null

const tooLong: Check = (use) =>
  use.end - use.start > MAX_RECORDED_USE_MINUTES * MINUTE
    ? {
        rule: 'too-long',
        detail: 'A recorded use lasts at most 31 days.',
        limitMinutes: MAX_RECORDED_USE_MINUTES,
      }
    : null

const beforeRecords: Check = (use) =>
  use.start < yearBounds(RECORDS_START_YEAR).start
    ? { rule: 'before-records', detail: `A use cannot start before ${RECORDS_START_YEAR}-01-01 (Asia/Shanghai).` }
    : null

/** The fixed order of the checks: the first violation decides. */
const CHECKS: readonly Check[] = [retired, eligibleUser, tooShort, tooLong, beforeRecords]

/**
 * The first plausibility rule a recorded use (half-open, epoch ms UTC) breaks, or null. Order: inactive,
 * ineligible-user, too-short, too-long, before-records. That it ended before now, and overlaps, are checked elsewhere.
 */
export function checkRecordedUse(use: Interval, context: RecordedUseContext): RecordedUseViolation | null {
  for (const check of CHECKS) {
    const violation = check(use, context)
    if (violation) return violation
  }
  return null
}
