/**
 * Monthly statements (结算单, DOMAIN.md "Statements"): their states and moves as a table, who of the two sides makes
 * each, and how an entry shows on a statement. One statement per provider, payer and month (Asia/Shanghai).
 */

export const STATEMENT_STATUSES = ['draft', 'issued', 'disputed', 'paid'] as const
export type StatementStatus = (typeof STATEMENT_STATUSES)[number]

export const STATEMENT_ACTIONS = ['issue', 'pay', 'dispute', 'answer'] as const
export type StatementAction = (typeof STATEMENT_ACTIONS)[number]

/** Every legal move: action → (from → to), and the side that makes it. Anything else is 409 invalid-transition. */
const MOVES: Readonly<
  Record<StatementAction, { from: StatementStatus; to: StatementStatus; by: 'provider' | 'payer' }>
> = {
  issue: { from: 'draft', to: 'issued', by: 'provider' },
  pay: { from: 'issued', to: 'paid', by: 'provider' },
  dispute: { from: 'issued', to: 'disputed', by: 'payer' },
  answer: { from: 'disputed', to: 'issued', by: 'provider' },
}

/** The status after `action`, or null when the move is illegal from `from`. */
export function nextStatementStatus(from: StatementStatus, action: StatementAction): StatementStatus | null {
  const move = MOVES[action]
  return move.from === from ? move.to : null
}

export const statementMoveFrom = (action: StatementAction): StatementStatus => MOVES[action].from

/** Which side's admin makes the move: the provider's (issue, pay, answer) or the payer's (dispute). */
export const statementSide = (action: StatementAction): 'provider' | 'payer' => MOVES[action].by

/** Whether a statement's lines still follow the data (a draft) or are frozen (issued, disputed, paid). */
export const isFrozen = (status: StatementStatus): boolean => status !== 'draft'

/** What an entry of the money ledger is: a final charge, a fee, or the reversal of an issued charge. */
export const ENTRY_KINDS = ['charge', 'fee', 'reversal'] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export const LINE_KINDS = ['charge', 'fee', 'adjustment'] as const
export type LineKind = (typeof LINE_KINDS)[number]

/**
 * How an entry shows on the statement of month `statementMonthOrd`: as itself when it belongs to that month, as an
 * `adjustment` when it arrived after its own month was issued (a late recording, a no-show reversal), keeping its
 * own date. A reversal is always an adjustment.
 */
export function lineKindOf(entry: { kind: EntryKind; monthOrd: number }, statementMonthOrd: number): LineKind {
  if (entry.kind === 'reversal' || entry.monthOrd !== statementMonthOrd) return 'adjustment'
  return entry.kind
}

/**
 * The month whose statement an open entry of month `own` belongs to: its own month unless that statement is frozen,
 * else the earliest later month whose statement is not (DOMAIN.md: "the earliest later draft of the same pair").
 * `frozen` holds the frozen months of the pair. The SQL of repositories/statements.ts computes the same.
 */
export function targetMonth(own: number, frozen: ReadonlySet<number>): number {
  let month = own
  while (frozen.has(month)) month++
  return month
}

/** The amounts of a line or a total. */
export interface LineAmounts {
  chargeFen: number
  deductionFen: number
  payableFen: number
}

/** The totals of a statement: exactly the sums of its lines. */
export function totalsOf(lines: readonly LineAmounts[]): LineAmounts {
  const totals = { chargeFen: 0, deductionFen: 0, payableFen: 0 }
  for (const line of lines) {
    totals.chargeFen += line.chargeFen
    totals.deductionFen += line.deductionFen
    totals.payableFen += line.payableFen
  }
  return totals
}

/**
 * Lines grouped by fund account (an internal statement is settled per 经费卡号 / 课题号): accounts in binary order,
 * '' (none given) last, each with its lines in their order and its totals.
 */
export function byFundAccount<L extends LineAmounts & { fundAccount: string }>(
  lines: readonly L[],
): { fundAccount: string; lines: L[]; totals: LineAmounts }[] {
  const groups = new Map<string, L[]>()
  for (const line of lines) groups.set(line.fundAccount, [...(groups.get(line.fundAccount) ?? []), line])
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([fundAccount, list]) => ({ fundAccount, lines: list, totals: totalsOf(list) }))
}
