import type { VoucherProgram } from '../domain/money/vouchers.js'
import type { Institution, User } from '../domain/types.js'
import { forbidden } from '../errors.js'
import { listCities, listInstitutions } from '../repositories/institutions.js'
import { listPrograms } from '../repositories/vouchers.js'
import type { Deps } from './deps.js'
import { findVouchers, type VoucherView } from './vouchers.js'

/*
 * The talent offices' voucher desk (the pages of /vouchers): every programme and every voucher with its balance,
 * the institutions and cities to name them, and the cities whose science bureau this user acts for — the programmes
 * they may set up and grant from (createProgram and grantVoucher decide again).
 */

export interface VoucherDesk {
  programs: VoucherProgram[]
  vouchers: VoucherView[]
  institutions: Institution[]
  cities: { code: string; name: string }[]
  /** the cities this user sets up programmes and grants vouchers for: its own (a talent office), every one (a platform admin) */
  bureauCities: string[]
}

const DESK_LIMIT = 500

export async function voucherDesk(deps: Deps, actor: User): Promise<VoucherDesk> {
  if (actor.role !== 'talent_office' && actor.role !== 'platform_admin')
    throw forbidden('The voucher desk is for the talent offices (for their science bureaus).')
  const [programs, vouchers, institutions, cities] = await Promise.all([
    listPrograms(deps.db, { limit: DESK_LIMIT }),
    findVouchers(deps, actor, { limit: DESK_LIMIT }),
    listInstitutions(deps.db),
    listCities(deps.db),
  ])
  const own = institutions.find((i) => i.id === actor.institutionId)
  const bureauCities = actor.role === 'platform_admin' ? cities.map((c) => c.code) : own ? [own.city] : []
  return { programs, vouchers, institutions, cities, bureauCities }
}
