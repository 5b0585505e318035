import { DateTime } from 'luxon'
import { yuan } from '../domain/money/fen.js'
import { daySpan, monthSpan, monthText } from '../domain/money/months.js'
import type { Voucher, VoucherProgram } from '../domain/money/vouchers.js'
import { compareText, STATS_ZONE } from '../domain/sharing/counting.js'
import type { User } from '../domain/types.js'
import { zoneOf } from '../domain/zones.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import { cityExists, findInstitution, listInstitutions } from '../repositories/institutions.js'
import {
  findProgram,
  findVoucher,
  insertProgram,
  insertVoucher,
  type LedgerLine,
  listLedger,
  listPrograms,
  listProgramsByIds,
  listRedemptions,
  listVouchers,
  usedOfVouchers,
} from '../repositories/vouchers.js'
import { newId } from '../security/tokens.js'
import { csvDocument } from './csv.js'
import type { Deps } from './deps.js'
import type { NewProgramInput, NewVoucherInput } from './inputs/money.js'

/*
 * Voucher programmes (券种) and vouchers (创新券). In voucher matters a talent office acts for its city's science
 * bureau, which issues the programmes: it creates its city's programmes and grants their vouchers. A voucher's
 * holder's people and the talent offices read it with its balance and ledger; the month's deductions by provider are
 * what each provider claims back from the bureau (兑付).
 */

/** Whether the actor acts for the science bureau of `city`: its talent office, or a platform admin. */
async function actsForBureauOf({ db }: Deps, actor: User, city: string): Promise<boolean> {
  if (actor.role === 'platform_admin') return true
  if (actor.role !== 'talent_office' || !actor.institutionId) return false
  return (await findInstitution(db, actor.institutionId))?.city === city
}

/** Talent offices and platform admins read every voucher and every programme's redemptions. */
const readsAllVouchers = (actor: User) => actor.role === 'talent_office' || actor.role === 'platform_admin'

export async function createProgram(deps: Deps, actor: User, input: NewProgramInput): Promise<VoucherProgram> {
  const { db } = deps
  if (!(await cityExists(db, input.city))) throw invalid('city', `unknown city ${input.city}`)
  for (const [i, city] of (input.providerCities ?? []).entries())
    if (!(await cityExists(db, city))) throw invalid(`providerCities.${i}`, `unknown city ${city}`)
  const from = daySpan(input.validFrom)
  const to = daySpan(input.validTo)
  if (!from) throw invalid('validFrom', 'not a real date')
  if (!to) throw invalid('validTo', 'not a real date')
  if (to.start < from.start) throw invalid('validTo', 'must not be before validFrom')
  if (!(await actsForBureauOf(deps, actor, input.city)))
    throw forbidden('Only the talent office of the programme’s city creates its programmes.')
  const program: VoucherProgram = {
    id: newId(),
    ...input,
    holderKinds: [...new Set(input.holderKinds)],
    providerCities: input.providerCities === null ? null : [...new Set(input.providerCities)],
    createdBy: actor.id,
    createdAt: deps.clock(),
  }
  await insertProgram(db, program)
  return program
}

export async function getProgram({ db }: Deps, id: string): Promise<VoucherProgram> {
  const program = await findProgram(db, id)
  if (!program) throw notFound('Voucher programme')
  return program
}

/** Every programme (anyone may read them: enterprises look for one that fits), newest first. */
export const findPrograms = ({ db }: Deps, filter: Parameters<typeof listPrograms>[1]) => listPrograms(db, filter)

export interface VoucherView extends Voucher {
  programName: string
  programCity: string
  balanceFen: number
  ledger: Omit<LedgerLine, 'voucherId'>[]
}

async function viewsOf({ db }: Deps, vouchers: Voucher[]): Promise<VoucherView[]> {
  const ids = vouchers.map((v) => v.id)
  const [used, ledger, programs] = await Promise.all([
    usedOfVouchers(db, ids),
    listLedger(db, ids),
    listProgramsByIds(db, [...new Set(vouchers.map((v) => v.programId))]),
  ])
  const programOf = new Map(programs.map((p) => [p.id, p]))
  return vouchers.map((voucher) => ({
    ...voucher,
    programName: programOf.get(voucher.programId)?.name ?? '',
    programCity: programOf.get(voucher.programId)?.city ?? '',
    balanceFen: voucher.amountFen - (used.get(voucher.id) ?? 0),
    ledger: ledger.filter((line) => line.voucherId === voucher.id).map(({ voucherId: _v, ...line }) => line),
  }))
}

/**
 * Grants a voucher of a programme to a holder institution: the talent office of the programme's city (or a platform
 * admin); 422 voucher-not-applicable when the holder is of a kind the programme is not for.
 */
export async function grantVoucher(deps: Deps, actor: User, input: NewVoucherInput): Promise<VoucherView> {
  const { db } = deps
  const now = deps.clock()
  const expiresAt = DateTime.fromISO(input.expiresAt, { setZone: true }).toMillis()
  if (expiresAt <= now) throw invalid('expiresAt', 'must be in the future')
  const program = await getProgram(deps, input.programId)
  const holder = await findInstitution(db, input.holderInstitutionId)
  if (!holder) throw notFound(`Institution ${input.holderInstitutionId}`)
  if (!(await actsForBureauOf(deps, actor, program.city)))
    throw forbidden('Only the talent office of the programme’s city grants its vouchers.')
  if (!program.holderKinds.includes(holder.kind))
    throw new AppError(
      'voucher-not-applicable',
      `This programme is for ${program.holderKinds.join(', ')} holders; ${holder.name} is a ${holder.kind}.`,
      { reason: 'holder-kind' },
    )
  const voucher: Voucher = {
    id: newId(),
    programId: program.id,
    holderInstitutionId: holder.id,
    amountFen: input.amountFen,
    expiresAt,
    grantedBy: actor.id,
    grantedAt: now,
  }
  await insertVoucher(db, deps.batch, voucher)
  return (await viewsOf(deps, [voucher]))[0]!
}

/** One voucher, for its holder's people and the talent offices; anyone else: 404. */
export async function getVoucher(deps: Deps, actor: User, id: string): Promise<VoucherView> {
  const voucher = await findVoucher(deps.db, id)
  if (!voucher || !(readsAllVouchers(actor) || actor.institutionId === voucher.holderInstitutionId))
    throw notFound('Voucher')
  return (await viewsOf(deps, [voucher]))[0]!
}

/**
 * Vouchers, newest first: talent offices and platform admins all (or one holder's); anyone else their own
 * institution's, and 403 for another's.
 */
export async function findVouchers(
  deps: Deps,
  actor: User,
  filter: { holderInstitutionId?: string; after?: { grantedAt: number; id: string }; limit: number },
): Promise<VoucherView[]> {
  let holder = filter.holderInstitutionId
  if (!readsAllVouchers(actor)) {
    if (!actor.institutionId) throw forbidden('An account without an institution holds no vouchers.')
    if (holder !== undefined && holder !== actor.institutionId)
      throw forbidden('Only the holder’s people and the talent offices read its vouchers.')
    holder = actor.institutionId
  }
  return viewsOf(deps, await listVouchers(deps.db, { ...filter, holderInstitutionId: holder }))
}

export interface RedemptionsView {
  programId: string
  programName: string
  city: string
  month: string
  /** One row per provider with deductions in the month: what it claims back from the bureau. */
  providers: { institutionId: string; name: string; city: string; deductions: number; deductionFen: number }[]
  totalFen: number
}

/**
 * The month's deductions of a programme by provider (兑付), dated by when each was made final (a return after a
 * no-show counts in its own month, so a month's claim no longer moves once it has ended): talent offices and
 * platform admins see every provider, a provider's admin its own row.
 */
async function redemptionLines(deps: Deps, actor: User, programId: string, monthOrd: number) {
  const program = await getProgram(deps, programId)
  let provider: string | undefined
  if (!readsAllVouchers(actor)) {
    if (actor.role !== 'institution_admin' || !actor.institutionId)
      throw forbidden('Redemptions are for talent offices and the providers’ admins.')
    provider = actor.institutionId
  }
  const { start, end } = monthSpan(monthOrd)
  const lines = await listRedemptions(deps.db, program.id, start, end, provider)
  const institutions = new Map((await listInstitutions(deps.db)).map((i) => [i.id, i]))
  return { program, lines, institutions }
}

export async function redemptionsOf(
  deps: Deps,
  actor: User,
  programId: string,
  monthOrd: number,
): Promise<RedemptionsView> {
  const { program, lines, institutions } = await redemptionLines(deps, actor, programId, monthOrd)
  const byProvider = new Map<string, { deductions: number; deductionFen: number }>()
  for (const line of lines) {
    const row = byProvider.get(line.providerInstitutionId) ?? { deductions: 0, deductionFen: 0 }
    row.deductions += line.deductionFen > 0 ? 1 : -1
    row.deductionFen += line.deductionFen
    byProvider.set(line.providerInstitutionId, row)
  }
  const providers = [...byProvider.entries()]
    .map(([institutionId, row]) => {
      const institution = institutions.get(institutionId)
      return { institutionId, name: institution?.name ?? '', city: institution?.city ?? '', ...row }
    })
    .sort((a, b) => compareText(a.city, b.city) || compareText(a.name, b.name))
  return {
    programId: program.id,
    programName: program.name,
    city: program.city,
    month: monthText(monthOrd),
    providers,
    totalFen: providers.reduce((sum, p) => sum + p.deductionFen, 0),
  }
}

const REDEMPTIONS_HEADER = ['日期', '提供单位', '持券单位', '创新券', '预约编号', '抵扣（元）'] as const

/** The month's redemptions as CSV: every deduction by provider, a subtotal per provider, the total. */
export async function redemptionsCsv(deps: Deps, actor: User, programId: string, monthOrd: number) {
  const { program, lines, institutions } = await redemptionLines(deps, actor, programId, monthOrd)
  const nameOf = (id: string) => institutions.get(id)?.name ?? id
  const sorted = [...lines].sort(
    (a, b) => compareText(nameOf(a.providerInstitutionId), nameOf(b.providerInstitutionId)) || a.at - b.at,
  )
  const rows: string[][] = []
  let total = 0
  for (let i = 0; i < sorted.length; ) {
    const provider = sorted[i]!.providerInstitutionId
    let subtotal = 0
    for (; i < sorted.length && sorted[i]!.providerInstitutionId === provider; i++) {
      const line = sorted[i]!
      subtotal += line.deductionFen
      rows.push([
        DateTime.fromMillis(line.at, { zone: zoneOf(STATS_ZONE) }).toFormat('yyyy-MM-dd HH:mm'),
        nameOf(provider),
        nameOf(line.holderInstitutionId),
        line.voucherId,
        line.reservationId ?? line.orderId ?? '',
        yuan(line.deductionFen),
      ])
    }
    rows.push(['小计', nameOf(provider), '', '', '', yuan(subtotal)])
    total += subtotal
  }
  rows.push(['合计', '', '', '', '', yuan(total)])
  return {
    filename: `redemptions-${monthText(monthOrd)}-${program.id}.csv`,
    csv: csvDocument(REDEMPTIONS_HEADER, rows),
  }
}
