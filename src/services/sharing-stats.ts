import type { Db } from '../db/database.js'
import { aggregateUses, type SharingStats } from '../domain/sharing/aggregation.js'
import { AppError } from '../errors.js'
import {
  findTarget,
  listUseGroups,
  listUseRecords,
  loadInstitutionsAndCities,
  setTarget,
} from '../repositories/stats.js'
import { sharingCsv } from './sharing-csv.js'

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
