import type { Db } from '../db/database.js'
import { type RecognitionFigures, recognitionFigures } from '../domain/recognition.js'
import { aggregateUses, type SharingStats } from '../domain/sharing/aggregation.js'
import { yearOf } from '../domain/sharing/counting.js'
import type { User } from '../domain/types.js'
import { AppError, forbidden } from '../errors.js'
import { listRecognitionsInForceWithCities } from '../repositories/recognitions.js'
import {
  countUsesUnderRecognition,
  findTarget,
  listUseGroups,
  listUseRecords,
  loadInstitutionsAndCities,
  setTarget,
} from '../repositories/stats.js'
import type { Deps } from './deps.js'
import { sharingCsv } from './sharing-csv.js'

/**
 * Whose uses the actor may count: talent offices and platform admins both cities', an institute admin those of its
 * own instruments; anyone else none (403).
 */
export function statisticsScope(actor: User): { providerInstitutionId?: string } {
  if (actor.role === 'talent_office' || actor.role === 'platform_admin') return {}
  if (actor.role === 'institution_admin' && actor.institutionId) return { providerInstitutionId: actor.institutionId }
  throw forbidden('Sharing statistics are for talent offices and institute admins.')
}

/** Whether the actor sets the joint yearly target (talent offices and platform admins). */
export const setsTargets = (actor: User) => actor.role === 'talent_office' || actor.role === 'platform_admin'

/** The year's sharing statistics in the actor's scope (default: this year in Asia/Shanghai), with recognitions. */
export async function sharingStatsFor(
  deps: Deps,
  actor: User,
  year?: number,
): Promise<SharingStats & { recognitions: RecognitionFigures }> {
  const scope = statisticsScope(actor)
  const now = deps.clock()
  const query = { year: year ?? yearOf(now), now, ...scope }
  const [stats, recognitions] = await Promise.all([
    getSharingStats(deps.db, query),
    getRecognitionFigures(deps.db, query),
  ])
  return { ...stats, recognitions }
}

/**
 * Recognitions in force now, by direction (the issuing institution's city → the instrument's city), and the uses of
 * the year made under one; an institute admin's view counts its own instruments only.
 */
export async function getRecognitionFigures(db: Db, query: SharingQuery): Promise<RecognitionFigures> {
  const [inForce, uses, { cities }] = await Promise.all([
    listRecognitionsInForceWithCities(db, query.now, query.providerInstitutionId),
    countUsesUnderRecognition(db, query.year, query.now, query.providerInstitutionId),
    loadInstitutionsAndCities(db),
  ])
  return recognitionFigures(inForce, cities, uses)
}

/** The CSV of the year's counted uses in the actor's scope. */
export async function sharingCsvFor(deps: Deps, actor: User, year?: number): Promise<{ year: number; csv: string }> {
  const scope = statisticsScope(actor)
  const now = deps.clock()
  const chosen = year ?? yearOf(now)
  return { year: chosen, csv: await getSharingCsv(deps.db, { year: chosen, now, ...scope }) }
}

/** Sets the joint target of a year (talent offices, platform admins). */
export async function setYearlyTarget(deps: Deps, actor: User, year: number, target: number) {
  if (!setsTargets(actor)) throw forbidden('Only a talent office sets the yearly target.')
  return setSharingTarget(deps.db, { year, target, userId: actor.id, now: deps.clock() })
}

export interface SharingQuery {
  year: number
  /** Epoch ms UTC: decides which reservations have taken place and the projection. */
  now: number
  /** An institute admin's view: only the uses of this institution's instruments. */
  providerInstitutionId?: string
}

/** `GET /stats/sharing`: the year's counts against the joint target. Who may ask is the route's concern. */
export async function getSharingStats(db: Db, query: SharingQuery): Promise<SharingStats> {
  const [groups, target, { institutions, cities }] = await Promise.all([
    listUseGroups(db, query.year, query.now, query.providerInstitutionId),
    findTarget(db, query.year),
    loadInstitutionsAndCities(db),
  ])
  return aggregateUses(groups, { year: query.year, now: query.now, target, cities, institutions })
}

/** `GET /stats/sharing.csv`: one line per use counted in `totalUses`. */
export async function getSharingCsv(db: Db, query: SharingQuery): Promise<string> {
  const [records, { institutions }] = await Promise.all([
    listUseRecords(db, query.year, query.now, query.providerInstitutionId),
    loadInstitutionsAndCities(db),
  ])
  return sharingCsv(records, institutions)
}

/** `PUT /stats/targets/{year}`: one joint target per year for both cities. */
export async function setSharingTarget(
  db: Db,
  input: { year: number; target: number; userId: string | null; now: number },
): Promise<{ year: number; target: number }> {
  if (!Number.isSafeInteger(input.target) || input.target < 0)
    throw new AppError('validation', 'The target is a whole number of uses, 0 or more.', {
      errors: [{ path: 'target', message: 'must be an integer ≥ 0' }],
    })
  await setTarget(db, input.year, input.target, input.userId, input.now)
  return { year: input.year, target: input.target }
}
