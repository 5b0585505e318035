import { type Selectable, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db, StatementsTable } from '../db/database.js'
import type { PriceClass } from '../domain/money/rates.js'
import type { EntryKind, LineKind, StatementStatus } from '../domain/money/statements.js'
import { inChunks } from './chunks.js'
import { notifyStatementIssued } from './notifications.js'

/*
 * Monthly statements. A draft's lines are read live from the open billing entries whose target is its month (the
 * data decides); issuing assigns those entries to it and copies them, with the names of the day, into
 * statement_lines in one guarded batch, so a line arriving at the same moment lands either on it or, late, on the
 * next draft — never on both, never on neither. The file stays whole because the draft's reading, the issue's
 * snapshot and the drafts opened by charges (repositories/charges.ts) must share one SQL of "where a line goes".
 */

/**
 * The month (ordinal) whose statement the open entry `e` (billing_entries AS e) belongs to: its own unless that
 * statement is frozen (issued, disputed, paid), else the earliest later month whose statement is not. The domain's
 * `targetMonth`, in SQL; written out in full, for the entry's columns are its only inputs.
 */
export const TARGET_MONTH_OF_E = sql<number>`(CASE
    WHEN NOT EXISTS (SELECT 1 FROM statements f
      WHERE f.provider_institution_id = e.provider_institution_id AND f.payer_institution_id = e.payer_institution_id
        AND f.status IN ('issued', 'disputed', 'paid') AND f.month_ord = e.month_ord) THEN e.month_ord
    ELSE (SELECT MIN(f.month_ord) + 1 FROM statements f
      WHERE f.provider_institution_id = e.provider_institution_id AND f.payer_institution_id = e.payer_institution_id
        AND f.status IN ('issued', 'disputed', 'paid') AND f.month_ord >= e.month_ord
        AND NOT EXISTS (SELECT 1 FROM statements g
          WHERE g.provider_institution_id = e.provider_institution_id AND g.payer_institution_id = e.payer_institution_id
            AND g.status IN ('issued', 'disputed', 'paid') AND g.month_ord = f.month_ord + 1))
  END)`

export interface StatementRow {
  id: string
  providerInstitutionId: string
  payerInstitutionId: string
  month: string
  monthOrd: number
  status: StatementStatus
  createdBy: string | null
  createdAt: number
  issuedAt: number | null
  issuedBy: string | null
  paidAt: number | null
  disputeReason: string | null
  disputedAt: number | null
  answerNote: string | null
  answeredAt: number | null
  version: number
  updatedAt: number
}

const statementOf = (row: Selectable<StatementsTable>): StatementRow => ({
  id: row.id,
  providerInstitutionId: row.provider_institution_id,
  payerInstitutionId: row.payer_institution_id,
  month: row.month,
  monthOrd: row.month_ord,
  status: row.status as StatementStatus,
  createdBy: row.created_by,
  createdAt: row.created_at,
  issuedAt: row.issued_at,
  issuedBy: row.issued_by,
  paidAt: row.paid_at,
  disputeReason: row.dispute_reason,
  disputedAt: row.disputed_at,
  answerNote: row.answer_note,
  answeredAt: row.answered_at,
  version: row.version,
  updatedAt: row.updated_at,
})

export interface StatementLine {
  entryId: number
  kind: LineKind
  source: EntryKind
  date: number
  reservationId: string | null
  orderId: string | null
  instrumentId: string
  instrumentName: string
  userId: string
  userName: string
  fundAccount: string
  priceClass: PriceClass
  unit: 'hour' | 'sample'
  /** billed minutes (hour) or samples; negative on a reversal */
  quantityUnits: number
  unitPriceFen: number
  feePercent: number | null
  chargeFen: number
  deductionFen: number
  payableFen: number
}

export async function findStatement(db: Db, id: string): Promise<StatementRow | null> {
  const row = await db.selectFrom('statements').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? statementOf(row) : null
}

export async function findStatementOf(db: Db, provider: string, payer: string, monthOrd: number) {
  const row = await db
    .selectFrom('statements')
    .selectAll()
    .where('provider_institution_id', '=', provider)
    .where('payer_institution_id', '=', payer)
    .where('month_ord', '=', monthOrd)
    .executeTakeFirst()
  return row ? statementOf(row) : null
}

/** Opens a draft; false when the pair already has a statement for the month. */
export async function insertStatement(
  db: Db,
  statement: { id: string; provider: string; payer: string; month: string; monthOrd: number; createdBy: string },
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('statements')
    .values({
      id: statement.id,
      provider_institution_id: statement.provider,
      payer_institution_id: statement.payer,
      month: statement.month,
      month_ord: statement.monthOrd,
      status: 'draft',
      created_by: statement.createdBy,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

export interface StatementFilter {
  providerInstitutionId?: string
  payerInstitutionId?: string
  monthOrd?: number
  status?: StatementStatus
  /** visibility: null = every statement; else those with this institution on either side */
  visibleTo: string | null
  after?: { monthOrd: number; id: string }
  limit: number
}

/** Statements, latest month first, then by id (keyset paging). */
export async function listStatements(db: Db, filter: StatementFilter): Promise<StatementRow[]> {
  let query = db.selectFrom('statements').selectAll()
  if (filter.providerInstitutionId) query = query.where('provider_institution_id', '=', filter.providerInstitutionId)
  if (filter.payerInstitutionId) query = query.where('payer_institution_id', '=', filter.payerInstitutionId)
  if (filter.monthOrd !== undefined) query = query.where('month_ord', '=', filter.monthOrd)
  if (filter.status) query = query.where('status', '=', filter.status)
  const visible = filter.visibleTo
  if (visible !== null)
    query = query.where((eb) =>
      eb.or([eb('provider_institution_id', '=', visible), eb('payer_institution_id', '=', visible)]),
    )
  if (filter.after) {
    const { monthOrd, id } = filter.after
    query = query.where((eb) =>
      eb.or([eb('month_ord', '<', monthOrd), eb.and([eb('month_ord', '=', monthOrd), eb('id', '>', id)])]),
    )
  }
  const rows = await query.orderBy('month_ord', 'desc').orderBy('id').limit(filter.limit).execute()
  return rows.map(statementOf)
}

const toLine = (row: Record<string, unknown>): StatementLine => ({
  entryId: Number(row.entry_id),
  kind: row.kind as LineKind,
  source: row.source as EntryKind,
  date: Number(row.use_start_ms),
  reservationId: (row.reservation_id as string | null) ?? null,
  orderId: (row.order_id as string | null) ?? null,
  instrumentId: String(row.instrument_id),
  instrumentName: String(row.instrument_name),
  userId: String(row.user_id),
  userName: String(row.user_name),
  fundAccount: String(row.fund_account),
  priceClass: row.price_class as PriceClass,
  unit: row.unit as 'hour' | 'sample',
  quantityUnits: Number(row.quantity_units),
  unitPriceFen: Number(row.unit_price_fen),
  feePercent: row.fee_percent === null || row.fee_percent === undefined ? null : Number(row.fee_percent),
  chargeFen: Number(row.charge_fen),
  deductionFen: Number(row.deduction_fen),
  payableFen: Number(row.payable_fen),
})

/**
 * The lines of a draft, or of the statement about to be issued, as SQL: the open entries of the pair whose target
 * is its month, with the current names. The same text feeds the draft's reading and the issue's snapshot.
 */
function draftLinesSql(statement: Pick<StatementRow, 'providerInstitutionId' | 'payerInstitutionId' | 'monthOrd'>) {
  return sql`SELECT e.id AS entry_id,
      CASE WHEN e.kind = 'reversal' OR e.month_ord <> ${statement.monthOrd} THEN 'adjustment' ELSE e.kind END AS kind,
      e.kind AS source, e.use_start_ms, e.reservation_id, e.order_id, e.instrument_id, i.name AS instrument_name,
      e.user_id, u.name AS user_name, e.fund_account, e.price_class, e.unit, e.quantity_units, e.unit_price_fen,
      e.fee_percent, e.charge_fen, e.deduction_fen, e.payable_fen
    FROM billing_entries e
    JOIN instruments i ON i.id = e.instrument_id
    JOIN users u ON u.id = e.user_id
    WHERE e.provider_institution_id = ${statement.providerInstitutionId}
      AND e.payer_institution_id = ${statement.payerInstitutionId}
      AND e.statement_id IS NULL AND e.month_ord <= ${statement.monthOrd} AND ${TARGET_MONTH_OF_E} = ${statement.monthOrd}`
}

/** The lines of a statement: live for a draft, the frozen copy otherwise. Ordered by date, then entry. */
export async function listStatementLines(db: Db, statement: StatementRow): Promise<StatementLine[]> {
  if (statement.status === 'draft') {
    const { rows } = await sql<Record<string, unknown>>`${draftLinesSql(statement)}
      ORDER BY e.use_start_ms, e.id`.execute(db)
    return rows.map(toLine)
  }
  const rows = await db
    .selectFrom('statement_lines')
    .selectAll()
    .where('statement_id', '=', statement.id)
    .orderBy('use_start_ms')
    .orderBy('entry_id')
    .execute()
  return rows.map((row) => toLine(row as unknown as Record<string, unknown>))
}

/** Frozen lines of many statements at once (a page of the list), by statement id. */
export async function listFrozenLines(db: Db, ids: readonly string[]): Promise<Map<string, StatementLine[]>> {
  const rows = await inChunks(ids, (chunk) =>
    db
      .selectFrom('statement_lines')
      .selectAll()
      .where('statement_id', 'in', chunk)
      .orderBy('use_start_ms')
      .orderBy('entry_id')
      .execute(),
  )
  const byStatement = new Map<string, StatementLine[]>()
  for (const row of rows) {
    const list = byStatement.get(row.statement_id) ?? []
    list.push(toLine(row as unknown as Record<string, unknown>))
    byStatement.set(row.statement_id, list)
  }
  return byStatement
}

/**
 * Issues a draft: its entries assigned and copied into statement_lines while it is still a draft, then the
 * guarded status change, its event and the payer's notices — one batch. False when it was no longer a draft (someone
 * issued it first).
 */
export async function issueStatement(
  db: Db,
  batch: Batch,
  statement: StatementRow,
  actorId: string,
  now: number,
): Promise<boolean> {
  const stillDraft = sql`EXISTS (SELECT 1 FROM statements s WHERE s.id = ${statement.id} AND s.status = 'draft')`
  const results = await batch([
    sql`INSERT INTO statement_lines (entry_id, kind, source, use_start_ms, reservation_id, order_id, instrument_id,
          instrument_name, user_id, user_name, fund_account, price_class, unit, quantity_units, unit_price_fen,
          fee_percent, charge_fen, deduction_fen, payable_fen, statement_id)
        SELECT d.*, ${statement.id} FROM (${draftLinesSql(statement)}) d WHERE ${stillDraft}
        ON CONFLICT DO NOTHING`.compile(db),
    sql`UPDATE billing_entries AS e SET statement_id = ${statement.id}
        WHERE e.provider_institution_id = ${statement.providerInstitutionId}
          AND e.payer_institution_id = ${statement.payerInstitutionId}
          AND e.statement_id IS NULL AND e.month_ord <= ${statement.monthOrd}
          AND ${TARGET_MONTH_OF_E} = ${statement.monthOrd} AND ${stillDraft}`.compile(db),
    sql`UPDATE statements SET status = 'issued', issued_at = ${now}, issued_by = ${actorId},
          version = version + 1, updated_at = ${now}
        WHERE id = ${statement.id} AND status = 'draft'`.compile(db),
    statementEventIfChanged(db, statement.id, actorId, now, 'draft', 'issued', null),
    notifyStatementIssued(db, statement.id, now),
  ])
  return results[2]?.changes === 1
}

/** A guarded move of a frozen statement (pay, dispute, answer) with its event; false when the state had changed. */
export async function moveStatement(
  db: Db,
  batch: Batch,
  move: {
    id: string
    from: StatementStatus
    to: StatementStatus
    set: { paidAt?: number; disputeReason?: string; disputedAt?: number; answerNote?: string; answeredAt?: number }
    note: string | null
  },
  actorId: string,
  now: number,
): Promise<boolean> {
  const { set } = move
  const [update] = await batch([
    sql`UPDATE statements SET status = ${move.to}, version = version + 1, updated_at = ${now},
          paid_at = COALESCE(${set.paidAt ?? null}, paid_at),
          dispute_reason = COALESCE(${set.disputeReason ?? null}, dispute_reason),
          disputed_at = COALESCE(${set.disputedAt ?? null}, disputed_at),
          answer_note = COALESCE(${set.answerNote ?? null}, answer_note),
          answered_at = COALESCE(${set.answeredAt ?? null}, answered_at)
        WHERE id = ${move.id} AND status = ${move.from}`.compile(db),
    statementEventIfChanged(db, move.id, actorId, now, move.from, move.to, move.note),
  ])
  return update?.changes === 1
}

const statementEventIfChanged = (
  db: Db,
  statementId: string,
  actorId: string | null,
  now: number,
  from: StatementStatus | null,
  to: StatementStatus,
  note: string | null,
) =>
  sql`INSERT INTO statement_events (statement_id, actor_id, at, from_status, to_status, note)
      SELECT ${statementId}, ${actorId}, ${now}, ${from}, ${to}, ${note} WHERE changes() = 1`.compile(db)

export async function listStatementEvents(db: Db, statementId: string) {
  return db
    .selectFrom('statement_events')
    .select(['actor_id', 'at', 'from_status', 'to_status', 'note'])
    .where('statement_id', '=', statementId)
    .orderBy('id')
    .execute()
}
