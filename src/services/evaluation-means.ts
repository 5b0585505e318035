import { meansInForce, type NationalMeans } from '../domain/evaluation-means.js'
import type { User } from '../domain/types.js'
import { forbidden, notFound } from '../errors.js'
import { listNationalMeans, setNationalMeans } from '../repositories/evaluation-means.js'
import type { Deps } from './deps.js'
import type { NationalMeansInput } from './inputs/evaluation.js'

/** Sets the national means of a year (platform admin: they come from the national evaluation, not from a city). */
export async function setMeansOfYear(
  deps: Deps,
  actor: User,
  year: number,
  input: NationalMeansInput,
): Promise<NationalMeans> {
  if (actor.role !== 'platform_admin') throw forbidden('Only a platform admin sets the national means.')
  const means = { year, ...input }
  await setNationalMeans(deps.db, means, actor.id, deps.clock())
  return means
}

/**
 * The means the figures of `year` are compared with: the year's own, else the latest earlier year's (`year` of the
 * answer says which); null when no year up to it has any.
 */
export async function nationalMeansFor({ db }: Deps, year: number): Promise<NationalMeans | null> {
  return meansInForce(await listNationalMeans(db), year)
}

/** As `nationalMeansFor`, 404 when there are none. */
export async function requireNationalMeans(deps: Deps, year: number): Promise<NationalMeans> {
  const means = await nationalMeansFor(deps, year)
  if (!means) throw notFound(`National means for ${year} or an earlier year`)
  return means
}
