import { DateTime } from 'luxon'
import { hoursOf } from '../domain/money/charge.js'
import { yuan } from '../domain/money/fen.js'
import { monthIsOpen, parseMonth } from '../domain/money/months.js'
import type { PriceClass } from '../domain/money/rates.js'
import {
  byFundAccount,
  type LineAmounts,
  type LineKind,
  nextStatementStatus,
  type StatementAction,
  type StatementStatus,
  statementSide,
  totalsOf,
} from '../domain/money/statements.js'
import { STATS_ZONE } from '../domain/sharing/counting.js'
import type { User } from '../domain/types.js'
import { zoneOf } from '../domain/zones.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import { findInstitution } from '../repositories/institutions.js'
import {
  findStatement,
  findStatementOf,
  insertStatement,
  issueStatement,
  listFrozenLines,
  listStatementEvents,
  listStatementLines,
  listStatements,
  moveStatement,
  type StatementFilter,
  type StatementLine,
  type StatementRow,
} from '../repositories/statements.js'
import { newId } from '../security/tokens.js'
import { csvDocument } from './csv.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'

/*
 * Monthly statements (结算单): one per provider, payer and month. Drafts follow the data; the provider's admin
 * issues a month that has ended (frozen for ever), marks it paid, answers a dispute; the payer's admin disputes.
 * Admins of either side and the talent offices read them.
 */

export interface StatementView extends StatementRow {
  /** payer = provider: the provider's own internal uses, settled per fund account */
  internal: boolean
  lines: StatementLine[]
  totals: LineAmounts
  byFundAccount: { fundAccount: string; totals: LineAmounts; lines: number }[]
  history: { at: number; actorId: string | null; from: string | null; to: string; note: string | null }[]
}

const canSee = (actor: User, s: Pick<StatementRow, 'providerInstitutionId' | 'payerInstitutionId'>) =>
  actor.role === 'talent_office' ||
  administers(actor, s.providerInstitutionId) ||
  administers(actor, s.payerInstitutionId)

/** An internal statement's lines by fund account; any other's by date (as read). */
function ordered(statement: StatementRow, lines: StatementLine[]) {
  if (statement.providerInstitutionId !== statement.payerInstitutionId) return lines
  return byFundAccount(lines).flatMap((group) => group.lines)
}

async function viewOf(deps: Deps, statement: StatementRow, lines?: StatementLine[]): Promise<StatementView> {
  const all = ordered(statement, lines ?? (await listStatementLines(deps.db, statement)))
  const events = await listStatementEvents(deps.db, statement.id)
  return {
    ...statement,
    internal: statement.providerInstitutionId === statement.payerInstitutionId,
    lines: all,
    totals: totalsOf(all),
    byFundAccount: byFundAccount(all).map((group) => ({
      fundAccount: group.fundAccount,
      totals: group.totals,
      lines: group.lines.length,
    })),
    history: events.map((e) => ({ at: e.at, actorId: e.actor_id, from: e.from_status, to: e.to_status, note: e.note })),
  }
}

async function visibleStatement(deps: Deps, actor: User, id: string): Promise<StatementRow> {
  const statement = await findStatement(deps.db, id)
  if (!statement || !canSee(actor, statement)) throw notFound('Statement')
  return statement
}

export async function getStatement(deps: Deps, actor: User, id: string): Promise<StatementView> {
  return viewOf(deps, await visibleStatement(deps, actor, id))
}

/**
 * Opens the draft of a provider, payer and month (the provider's admin): `created` false when it existed already —
 * drafts also open by themselves when a month's first charge arrives.
 */
export async function openStatement(
  deps: Deps,
  actor: User,
  input: { providerInstitutionId: string; payerInstitutionId: string; month: string },
): Promise<{ statement: StatementView; created: boolean }> {
  const monthOrd = parseMonth(input.month)
  if (monthOrd === null) throw invalid('month', 'must be a month YYYY-MM')
  const [provider, payer] = await Promise.all([
    findInstitution(deps.db, input.providerInstitutionId),
    findInstitution(deps.db, input.payerInstitutionId),
  ])
  if (!provider) throw notFound(`Institution ${input.providerInstitutionId}`)
  if (!payer) throw notFound(`Institution ${input.payerInstitutionId}`)
  if (!administers(actor, provider.id)) throw forbidden('Only the provider’s admin opens its statements.')
  const created = await insertStatement(
    deps.db,
    { id: newId(), provider: provider.id, payer: payer.id, month: input.month, monthOrd, createdBy: actor.id },
    deps.clock(),
  )
  const statement = (await findStatementOf(deps.db, provider.id, payer.id, monthOrd))!
  return { statement: await viewOf(deps, statement), created }
}

/** Statements the actor may see (admins: those with their institution on either side), latest month first. */
export async function findStatements(
  deps: Deps,
  actor: User,
  filter: Omit<StatementFilter, 'visibleTo'>,
): Promise<StatementView[]> {
  let visibleTo: string | null = null
  if (actor.role === 'institution_admin' && actor.institutionId) visibleTo = actor.institutionId
  else if (actor.role !== 'talent_office' && actor.role !== 'platform_admin')
    throw forbidden('Statements are for the admins of either side and the talent offices.')
  const statements = await listStatements(deps.db, { ...filter, visibleTo })
  const frozen = await listFrozenLines(
    deps.db,
    statements.filter((s) => s.status !== 'draft').map((s) => s.id),
  )
  return Promise.all(
    statements.map((s) => viewOf(deps, s, s.status === 'draft' ? undefined : (frozen.get(s.id) ?? []))),
  )
}

/**
 * A move of DOMAIN.md: issue (the provider's admin, a month that has ended: else 422 month-open), pay (the
 * provider's admin), dispute with a reason (the payer's admin), answer with a note (the provider's admin).
 * 404 unless visible, 403 unless the right side's admin, 422, then 409 invalid-transition for any other state.
 */
export async function actOnStatement(
  deps: Deps,
  actor: User,
  id: string,
  action: StatementAction,
  text: string | null = null,
): Promise<StatementView> {
  const statement = await visibleStatement(deps, actor, id)
  const side = statementSide(action)
  const institution = side === 'provider' ? statement.providerInstitutionId : statement.payerInstitutionId
  if (!administers(actor, institution))
    throw forbidden(
      side === 'provider' ? 'Only the provider’s admin may do this.' : 'Only the paying institution’s admin disputes.',
    )
  const now = deps.clock()
  if (action === 'issue' && monthIsOpen(statement.monthOrd, now))
    throw new AppError('month-open', `${statement.month} has not ended yet: its statement can be issued from the 1st.`)
  const to = nextStatementStatus(statement.status, action)
  if (!to)
    throw new AppError('invalid-transition', `Cannot ${action} a statement that is ${statement.status}.`, {
      currentStatus: statement.status,
    })
  const moved =
    action === 'issue'
      ? await issueStatement(deps.db, deps.batch, statement, actor.id, now)
      : await moveStatement(
          deps.db,
          deps.batch,
          {
            id,
            from: statement.status,
            to,
            set:
              action === 'pay'
                ? { paidAt: now }
                : action === 'dispute'
                  ? { disputeReason: text ?? '', disputedAt: now }
                  : { answerNote: text ?? '', answeredAt: now },
            note: text,
          },
          actor.id,
          now,
        )
  if (!moved)
    throw new AppError(
      'invalid-transition',
      'The statement changed at the same time (someone else acted first); reload it.',
    )
  return getStatement(deps, actor, id)
}

const KIND: Record<LineKind, string> = { charge: '收费', fee: '违约费', adjustment: '调整' }
const CLASS: Record<PriceClass, string> = { internal: '校内', academic: '校外', enterprise: '企业' }
const STATUS: Record<StatementStatus, string> = { draft: '草稿', issued: '已开具', disputed: '有异议', paid: '已结清' }

export const STATEMENT_CSV_HEADER = [
  '类型',
  '日期',
  '仪器',
  '使用人',
  '经费卡号',
  '收费类别',
  '计费单位',
  '数量',
  '单价（元）',
  '费用（元）',
  '创新券抵扣（元）',
  '应付（元）',
  '预约编号',
] as const

const quantityText = (line: StatementLine) =>
  line.unit === 'hour' ? hoursOf(line.quantityUnits).toFixed(2) : String(line.quantityUnits)

const totalsRow = (label: string, fundAccount: string, totals: LineAmounts) => [
  label,
  '',
  '',
  '',
  fundAccount,
  '',
  '',
  '',
  '',
  yuan(totals.chargeFen),
  yuan(totals.deductionFen),
  yuan(totals.payableFen),
  '',
]

/**
 * The statement as CSV (UTF-8 with a BOM, amounts in yuan with two decimals): its lines, a subtotal per fund account
 * on an internal statement, and the totals — exactly the sums of the lines. The filename carries month and status.
 */
export async function statementCsv(deps: Deps, actor: User, id: string) {
  const statement = await getStatement(deps, actor, id)
  const row = (line: StatementLine) => [
    KIND[line.kind],
    DateTime.fromMillis(line.date, { zone: zoneOf(STATS_ZONE) }).toFormat('yyyy-MM-dd HH:mm'),
    line.instrumentName,
    line.userName,
    line.fundAccount,
    CLASS[line.priceClass],
    line.unit === 'hour' ? '小时' : '样品',
    quantityText(line),
    yuan(line.unitPriceFen),
    yuan(line.chargeFen),
    yuan(line.deductionFen),
    yuan(line.payableFen),
    line.reservationId ?? line.orderId ?? '',
  ]
  const rows: string[][] = statement.internal
    ? byFundAccount(statement.lines).flatMap((group) => [
        ...group.lines.map(row),
        totalsRow('小计', group.fundAccount, group.totals),
      ])
    : statement.lines.map(row)
  rows.push(totalsRow(`合计（${STATUS[statement.status]}）`, '', statement.totals))
  return {
    filename: `statement-${statement.month}-${statement.id}.csv`,
    csv: csvDocument(STATEMENT_CSV_HEADER, rows),
  }
}
