/**
 * The demo's monthly statements (DOMAIN.md "Statements"), planned over the billing entries of seed/demo-money.ts as
 * the platform would have kept them: a draft for each provider, payer and month as its first line arrives; issued by
 * the provider's admin between the 5th and the 8th of the next month; paid some weeks later; now and then disputed
 * and answered; the latest disputed one still open. A line that arrived after its month was issued went onto the
 * next draft as an adjustment. Pure and deterministic.
 */
import { DateTime } from 'luxon'
import { monthSpan } from '../src/domain/money/months.js'
import type { StatementStatus } from '../src/domain/money/statements.js'
import { DEMO_USERS } from './demo-catalogue.js'
import { DEMO_ZONE } from './demo-history.js'
import type { PlannedEntry } from './demo-money.js'
import { createPrng } from './prng.js'

const DAY = 24 * 3_600_000

export interface PlannedStatementEvent {
  at: number
  /** index into DEMO_USERS */
  actor: number | null
  from: StatementStatus | null
  to: StatementStatus
  note: string | null
}

export interface PlannedStatement {
  provider: string
  payer: string
  monthOrd: number
  status: StatementStatus
  createdAt: number
  issuedAt: number | null
  issuedBy: number | null
  paidAt: number | null
  disputeReason: string | null
  disputedAt: number | null
  answerNote: string | null
  answeredAt: number | null
  events: PlannedStatementEvent[]
  updatedAt: number
}

export interface DemoStatements {
  statements: PlannedStatement[]
  /** per entry (in the order of `entries`): the index of the frozen statement that took it, or null (open) */
  entryStatement: (number | null)[]
}

const DISPUTES = [
  '3 月 12 日的使用为仪器故障导致中途停机，应按实际机时计费',
  '部分条目的经费卡号有误，请核对后重开',
  '该次预约已提前电话取消，不应计违约费',
  '收费类别有误：我单位为合作共建单位，应按校外价',
]
const ANSWERS = [
  '已核对上机记录，计费无误，维持原结算单',
  '故障时段已在下月结算单中以调整项冲减',
  '经核实取消未通过平台提交，维持违约费；下不为例可申请减免',
]

const adminOf = (short: string) =>
  DEMO_USERS.findIndex((u) => u.role === 'institution_admin' && u.institution === short)

export function planDemoStatements(entries: readonly PlannedEntry[], now: number): DemoStatements {
  const rng = createPrng('yongzhou-demo-statements')
  const key = (provider: string, payer: string, monthOrd: number) => `${provider}|${payer}|${monthOrd}`
  /** When the provider's admin issues the month's statement for this payer: the 5th to the 8th, mid-morning. */
  const issueTimes = new Map<string, number>()
  const issueTime = (provider: string, payer: string, monthOrd: number) => {
    const k = key(provider, payer, monthOrd)
    let at = issueTimes.get(k)
    if (at === undefined) {
      const next = DateTime.fromMillis(monthSpan(monthOrd).end, { zone: DEMO_ZONE })
      const day = createPrng(`issue-${k}`)
      at = next.plus({ days: day.int(4, 7), hours: day.int(9, 16), minutes: day.int(0, 59) }).toMillis()
      issueTimes.set(k, at)
    }
    return at
  }
  const issuedBy = (provider: string, payer: string, monthOrd: number, at: number) =>
    issueTime(provider, payer, monthOrd) <= at

  // each entry belongs to its own month's statement unless that was issued before it arrived: then the next one
  const statements: PlannedStatement[] = []
  const index = new Map<string, number>()
  const targetOf = entries.map((entry) => {
    let month = entry.monthOrd
    while (issuedBy(entry.provider, entry.payer, month, entry.createdAt)) month++
    const k = key(entry.provider, entry.payer, month)
    let at = index.get(k)
    if (at === undefined) {
      at = statements.length
      index.set(k, at)
      statements.push({
        provider: entry.provider,
        payer: entry.payer,
        monthOrd: month,
        status: 'draft',
        createdAt: entry.createdAt,
        issuedAt: null,
        issuedBy: null,
        paidAt: null,
        disputeReason: null,
        disputedAt: null,
        answerNote: null,
        answeredAt: null,
        events: [],
        updatedAt: entry.createdAt,
      })
    }
    const statement = statements[at]!
    statement.createdAt = Math.min(statement.createdAt, entry.createdAt)
    statement.updatedAt = statement.createdAt
    return at
  })

  // the moves of each statement whose issue day has come
  let latestDisputable: number | null = null
  statements.forEach((s, i) => {
    const issuedAt = issueTime(s.provider, s.payer, s.monthOrd)
    if (issuedAt > now) return
    const provider = adminOf(s.provider)
    const payer = adminOf(s.payer)
    const move = (at: number, actor: number, to: StatementStatus, note: string | null = null) => {
      s.events.push({ at, actor, from: s.status, to, note })
      s.status = to
      s.updatedAt = at
    }
    s.issuedAt = issuedAt
    s.issuedBy = provider
    move(issuedAt, provider, 'issued')
    const r = createPrng(`moves-${key(s.provider, s.payer, s.monthOrd)}`)
    const disputedAt = issuedAt + r.int(1, 4) * DAY
    if (s.payer !== s.provider && r.chance(0.07) && disputedAt <= now) {
      s.disputeReason = r.pick(DISPUTES)
      s.disputedAt = disputedAt
      move(disputedAt, payer, 'disputed', s.disputeReason)
      const answeredAt = disputedAt + r.int(1, 3) * DAY
      if (answeredAt > now) return
      s.answerNote = r.pick(ANSWERS)
      s.answeredAt = answeredAt
      move(answeredAt, provider, 'issued', s.answerNote)
    }
    const paidAt = (s.answeredAt ?? issuedAt) + r.int(18, 40) * DAY
    if (paidAt <= now) {
      s.paidAt = paidAt
      move(paidAt, provider, 'paid')
    } else if (
      s.payer !== s.provider &&
      s.status === 'issued' &&
      (latestDisputable === null || issuedAt > statements[latestDisputable]!.issuedAt!)
    )
      latestDisputable = i
  })
  // the demo shows a dispute waiting for its answer: the latest unpaid statement between two institutions
  if (
    latestDisputable !== null &&
    !statements.some((s) => s.status === 'disputed') &&
    statements[latestDisputable]!.issuedAt! + 60_000 <= now
  ) {
    const s = statements[latestDisputable]!
    const at = Math.max(s.issuedAt! + 60_000, Math.min(now - 3_600_000, s.issuedAt! + DAY))
    s.disputeReason = rng.pick(DISPUTES)
    s.disputedAt = at
    s.events.push({ at, actor: adminOf(s.payer), from: 'issued', to: 'disputed', note: s.disputeReason })
    s.status = 'disputed'
    s.updatedAt = at
  }
  return {
    statements,
    entryStatement: targetOf.map((at) => (statements[at]!.status === 'draft' ? null : at)),
  }
}
