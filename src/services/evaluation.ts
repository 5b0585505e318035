import type { Db } from '../db/database.js'
import { type EvaluationFigures, evaluate } from '../domain/evaluation/figures.js'
import { statusAt } from '../domain/evaluation/status-history.js'
import { meansInForce } from '../domain/evaluation-means.js'
import { yearBounds, yearOf } from '../domain/sharing/counting.js'
import type { User } from '../domain/types.js'
import { forbidden } from '../errors.js'
import {
  listEvaluationRatingSums,
  listEvaluationUseGroups,
  listIncomeGroups,
  listInstrumentsForEvaluation,
  listStatusChanges,
} from '../repositories/evaluation.js'
import { listNationalMeans } from '../repositories/evaluation-means.js'
import { listInstitutions } from '../repositories/institutions.js'
import type { Deps } from './deps.js'
import { getInstitution } from './directory.js'
import { evaluationCsv } from './evaluation-csv.js'

/*
 * `GET /evaluation` and its CSV: the figures institutions are graded on (开放共享评价), for one institution or for
 * every institution owning instruments, computed by src/domain/evaluation from the repository's aggregates.
 */

/**
 * Whose figures the actor may read: talent offices and platform admins any institution's, or every one's (no
 * `institutionId`); an institute admin its own only (its own when none is asked for); anyone else none (403).
 */
export function evaluationScope(actor: User, institutionId: string | undefined): { institutionId?: string } {
  if (actor.role === 'talent_office' || actor.role === 'platform_admin') return { institutionId }
  if (actor.role === 'institution_admin' && actor.institutionId) {
    if (institutionId !== undefined && institutionId !== actor.institutionId)
      throw forbidden('An institute admin reads the evaluation figures of its own institution only.')
    return { institutionId: actor.institutionId }
  }
  throw forbidden('The evaluation figures are for talent offices and institute admins.')
}

export interface EvaluationRequest {
  /** Default: this year in Asia/Shanghai. */
  year?: number
  institutionId?: string
}

/** The figures of a year in the actor's scope; an unknown institution is 404 before anything else is decided. */
export async function evaluationFor(deps: Deps, actor: User, request: EvaluationRequest): Promise<EvaluationFigures> {
  if (request.institutionId !== undefined) await getInstitution(deps, request.institutionId)
  const scope = evaluationScope(actor, request.institutionId)
  const now = deps.clock()
  return getEvaluation(deps.db, { year: request.year ?? yearOf(now), now, ...scope })
}

/** `GET /evaluation.csv`: one row per instrument, in the national platform's columns. */
export async function evaluationCsvFor(
  deps: Deps,
  actor: User,
  request: EvaluationRequest,
): Promise<{ year: number; csv: string }> {
  const figures = await evaluationFor(deps, actor, request)
  const institutions = await listInstitutions(deps.db)
  return { year: figures.year, csv: evaluationCsv(figures, new Map(institutions.map((i) => [i.id, i.name]))) }
}

export interface EvaluationQuery {
  year: number
  /** Epoch ms UTC: decides which reservations have taken place and the pro rata of the current year. */
  now: number
  /** One institution's figures; without it, those of every institution owning an instrument. */
  institutionId?: string
}

/**
 * The evaluation figures of a year: the uses (reservations and reported sample orders, with their samples), the
 * income, and the ratings of the year's uses.
 */
export async function getEvaluation(db: Db, query: EvaluationQuery): Promise<EvaluationFigures> {
  const { year, now, institutionId } = query
  const [instruments, changes, uses, income, ratings, institutions, means] = await Promise.all([
    listInstrumentsForEvaluation(db, institutionId),
    listStatusChanges(db, institutionId),
    listEvaluationUseGroups(db, year, now, institutionId),
    listIncomeGroups(db, year, institutionId),
    listEvaluationRatingSums(db, year, institutionId),
    listInstitutions(db),
    listNationalMeans(db),
  ])
  const yearStart = yearBounds(year).start
  return evaluate({
    year,
    now,
    means: meansInForce(means, year),
    instruments: instruments.map((instrument) => ({
      ...instrument,
      retiredBeforeYear: statusAt(instrument.status, changes.get(instrument.id) ?? [], yearStart) === 'retired',
    })),
    institutionIds:
      institutionId !== undefined ? [institutionId] : [...new Set(instruments.map((i) => i.institutionId))],
    institutionKinds: new Map(institutions.map((i) => [i.id, i.kind])),
    institutionNames: new Map(institutions.map((i) => [i.id, i.name])),
    uses,
    income,
    ratings,
  })
}
