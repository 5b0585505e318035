import { foldMoneyStats, type MoneyStats } from '../domain/money/statistics.js'
import { yearOf } from '../domain/sharing/counting.js'
import type { User } from '../domain/types.js'
import { forbidden } from '../errors.js'
import { listCities } from '../repositories/institutions.js'
import { listMoneyGroups } from '../repositories/money-stats.js'
import { listProgramsByIds } from '../repositories/vouchers.js'
import type { Deps } from './deps.js'

/**
 * `GET /stats/money`: the year's final charges and fees (by the month of each use, Asia/Shanghai) — talent offices and
 * platform admins over every provider, an institute admin over its own instruments; anyone else 403.
 */
export async function moneyStatsFor(deps: Deps, actor: User, year?: number): Promise<MoneyStats> {
  let provider: string | undefined
  if (actor.role === 'institution_admin' && actor.institutionId) provider = actor.institutionId
  else if (actor.role !== 'talent_office' && actor.role !== 'platform_admin')
    throw forbidden('Money statistics are for talent offices and institute admins.')
  const chosen = year ?? yearOf(deps.clock())
  const [{ groups, hourly }, cities] = await Promise.all([
    listMoneyGroups(deps.db, chosen * 12, chosen * 12 + 12, provider),
    listCities(deps.db),
  ])
  const programIds = [...new Set(groups.flatMap((g) => (g.programId ? [g.programId] : [])))]
  const programs = new Map((await listProgramsByIds(deps.db, programIds)).map((p) => [p.id, p]))
  return foldMoneyStats({ year: chosen, cities: cities.map((c) => c.code), groups, hourly, programs })
}
