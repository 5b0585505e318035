import { type CompiledQuery, type RawBuilder, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { reservationFromRow } from '../db/rows.js'
import type { Reservation } from '../domain/types.js'
import { eventIfChanged, type WriteExtras } from './reservations.js'
import { TARGET_MONTH_OF_E } from './statements.js'

/*
 * The money writes of a reservation (DOMAIN.md "When a charge becomes final"). A charge is made final by the same
 * guarded write as the state change it belongs to (check-out, recording, the job's finalisation), and that write
 * reads the voucher's balance and the holder's yearly cap itself: a batch is one atomic, serialised step on SQLite
 * (BEGIN IMMEDIATE) and on D1, so however many uses end at once, each deduction sees every deduction before it and
 * the balance never goes below zero. The statements that follow it in the same batch (`moneyFollowUps`) bring the
 * voucher ledger, the billing entries and the month's draft statement in line with the reservation; each is guarded
 * by the state it finds, so running them twice changes nothing.
 */

/** How much of a voucher a final charge may take, decided in the write: the programme's terms for this charge. */
export interface DeductionTerms {
  voucherId: string
  programId: string
  holderInstitutionId: string
  /** What the programme covers of this charge (coverage or full coverage, capped per use): domain `coveredFen`. */
  ceilingFen: number
  perHolderYearCapFen: number | null
  /** The use's year in Asia/Shanghai: the holder's yearly cap counts deductions by it. */
  countedYear: number
}

/** A charge as it becomes final: billed minutes, the charge, and the voucher terms (null: no deduction). */
export interface FinalCharge {
  billedMinutes: number
  chargeFen: number
  deduction: DeductionTerms | null
}

/** `MAX(0, MIN(ceiling, balance, what is left of the holder's yearly cap))`, read inside the write. */
export function deductionSql(terms: DeductionTerms | null): RawBuilder<number> {
  if (!terms || terms.ceilingFen <= 0) return sql<number>`0`
  const balance = sql`(SELECT v.amount_fen - COALESCE((SELECT SUM(l.deduction_fen) FROM voucher_ledger l
      WHERE l.voucher_id = v.id), 0) FROM vouchers v WHERE v.id = ${terms.voucherId})`
  const yearLeft =
    terms.perHolderYearCapFen === null
      ? sql`${terms.ceilingFen}`
      : sql`${terms.perHolderYearCapFen} - COALESCE((SELECT SUM(l.deduction_fen) FROM voucher_ledger l
          WHERE l.program_id = ${terms.programId} AND l.holder_institution_id = ${terms.holderInstitutionId}
            AND l.counted_year = ${terms.countedYear}), 0)`
  return sql<number>`MAX(0, MIN(${terms.ceilingFen}, COALESCE(${balance}, 0), ${yearLeft}))`
}

/**
 * The SET of a write that makes the charge final if it is still open (`charged_at IS NULL`), and leaves an already
 * final one alone: a check-out after the job finalised an overdue use still succeeds and never charges twice.
 */
export function chargeSetSql(charge: FinalCharge, now: number): RawBuilder<unknown> {
  const deduction = deductionSql(charge.deduction)
  const open = sql`charged_at IS NULL`
  return sql`billed_minutes = CASE WHEN ${open} THEN ${charge.billedMinutes} ELSE billed_minutes END,
    charge_fen = CASE WHEN ${open} THEN ${charge.chargeFen} ELSE charge_fen END,
    deduction_fen = CASE WHEN ${open} THEN ${deduction} ELSE deduction_fen END,
    payable_fen = CASE WHEN ${open} THEN ${charge.chargeFen} - ${deduction} ELSE payable_fen END,
    charged_at = COALESCE(charged_at, ${now})`
}

/** The SET of a fee (late cancellation, no-show): it replaces any charge; the follow-ups return the deduction. */
export const feeSetSql = (feeFen: number, now: number): RawBuilder<unknown> =>
  sql`fee_fen = ${feeFen}, payable_fen = ${feeFen}, charge_fen = NULL, deduction_fen = NULL, billed_minutes = NULL,
    charged_at = ${now}`

/** A move's extras that make its charge final (check-out), with the follow-ups. */
export const chargeExtras = (db: Db, charge: FinalCharge, facts: MoneyFacts, now: number): WriteExtras => ({
  set: sql`, ${chargeSetSql(charge, now)}`,
  followedBy: moneyFollowUps(db, facts, now),
})

/** A move's extras that make a fee final in place of any charge (late cancellation, no-show), with the follow-ups. */
export const feeExtras = (db: Db, feeFen: number, facts: MoneyFacts, now: number): WriteExtras => ({
  set: sql`, ${feeSetSql(feeFen, now)}`,
  followedBy: moneyFollowUps(db, facts, now),
})

/** What the follow-ups copy onto the ledger and the billing entries that the reservation's row does not hold. */
export interface MoneyFacts {
  reservationId: string
  providerInstitutionId: string
  /** The booked start's month ordinal and year in Asia/Shanghai. */
  monthOrd: number
  countedYear: number
  /** The copy's hourly price for the reservation's class. */
  unitPriceFen: number
  /** A fee's basis: the booked length's billed minutes and the percent; null when there is no fee. */
  fee: { billedMinutes: number; percent: number } | null
  /** A fresh id, used if the entry's month needs a draft statement opened. */
  statementId: string
}

/**
 * The statements that follow every money write of a reservation, in the same batch: the voucher ledger gets the
 * difference between the reservation's deduction and its net ledger (a deduction, or its return after a no-show);
 * the billing entries get the charge and the fee, lose a charge no longer owed while no statement has taken it, or
 * get its reversal when one has; and the entry's month gets a draft statement if it has none.
 */
export function moneyFollowUps(db: Db, facts: MoneyFacts, now: number): CompiledQuery[] {
  const id = facts.reservationId
  const netLedger = sql`COALESCE((SELECT SUM(l.deduction_fen) FROM voucher_ledger l WHERE l.reservation_id = r.id), 0)`
  const stillCharged = sql`EXISTS (SELECT 1 FROM reservations c WHERE c.id = ${id} AND c.charge_fen > 0)`
  const entryColumns = sql`kind, reservation_id, provider_institution_id, payer_institution_id, instrument_id, user_id,
    use_start_ms, month_ord, price_class, unit, quantity_units, unit_price_fen, fee_percent, charge_fen, deduction_fen,
    payable_fen, fund_account, voucher_id, reverses_id, created_at`
  return [
    sql`INSERT INTO voucher_ledger (voucher_id, program_id, holder_institution_id, provider_institution_id,
          reservation_id, deduction_fen, counted_year, at)
        SELECT r.voucher_id, v.program_id, v.holder_institution_id, ${facts.providerInstitutionId}, r.id,
          COALESCE(r.deduction_fen, 0) - ${netLedger}, ${facts.countedYear}, ${now}
        FROM reservations r JOIN vouchers v ON v.id = r.voucher_id
        WHERE r.id = ${id} AND COALESCE(r.deduction_fen, 0) <> ${netLedger}`.compile(db),
    sql`DELETE FROM billing_entries
        WHERE reservation_id = ${id} AND kind = 'charge' AND statement_id IS NULL AND NOT ${stillCharged}`.compile(db),
    sql`INSERT INTO billing_entries (${entryColumns})
        SELECT 'reversal', e.reservation_id, e.provider_institution_id, e.payer_institution_id, e.instrument_id,
          e.user_id, e.use_start_ms, e.month_ord, e.price_class, e.unit, -e.quantity_units, e.unit_price_fen, NULL,
          -e.charge_fen, -e.deduction_fen, -e.payable_fen, e.fund_account, e.voucher_id, e.id, ${now}
        FROM billing_entries e
        WHERE e.reservation_id = ${id} AND e.kind = 'charge' AND e.statement_id IS NOT NULL AND NOT ${stillCharged}
          AND NOT EXISTS (SELECT 1 FROM billing_entries x WHERE x.reverses_id = e.id)`.compile(db),
    sql`INSERT INTO billing_entries (${entryColumns})
        SELECT 'charge', r.id, ${facts.providerInstitutionId}, r.user_institution_id, r.instrument_id, r.user_id,
          r.start_ms, ${facts.monthOrd}, r.price_class, 'hour', r.billed_minutes, ${facts.unitPriceFen}, NULL,
          r.charge_fen, COALESCE(r.deduction_fen, 0), r.payable_fen, r.fund_account, r.voucher_id, NULL, ${now}
        FROM reservations r
        WHERE r.id = ${id} AND r.charge_fen > 0
          AND NOT EXISTS (SELECT 1 FROM billing_entries e WHERE e.reservation_id = r.id AND e.kind = 'charge')`.compile(
      db,
    ),
    sql`INSERT INTO billing_entries (${entryColumns})
        SELECT 'fee', r.id, ${facts.providerInstitutionId}, r.user_institution_id, r.instrument_id, r.user_id,
          r.start_ms, ${facts.monthOrd}, r.price_class, 'hour', ${facts.fee?.billedMinutes ?? 0},
          ${facts.unitPriceFen}, ${facts.fee?.percent ?? null}, r.fee_fen, 0, r.fee_fen, r.fund_account, NULL, NULL,
          ${now}
        FROM reservations r
        WHERE r.id = ${id} AND r.fee_fen > 0
          AND NOT EXISTS (SELECT 1 FROM billing_entries e WHERE e.reservation_id = r.id AND e.kind = 'fee')`.compile(
      db,
    ),
    openDraftFor(db, sql`e.reservation_id = ${id}`, facts.statementId, now),
  ]
}

/**
 * Opens the draft statement that open entries (matching `which`, all of one pair and month) belong to, if it does
 * not exist yet: their own month's, or the earliest later one not issued. One row at most: the statement's id is
 * fresh and the pair and month are unique, so a second candidate is ignored.
 */
export function openDraftFor(db: Db, which: RawBuilder<unknown>, statementId: string, now: number): CompiledQuery {
  return sql`INSERT INTO statements (id, provider_institution_id, payer_institution_id, month, month_ord, status,
        created_by, created_at, updated_at)
      SELECT ${statementId}, t.provider_institution_id, t.payer_institution_id,
        printf('%04d-%02d', t.target / 12, t.target % 12 + 1), t.target, 'draft', NULL, ${now}, ${now}
      FROM (SELECT DISTINCT e.provider_institution_id, e.payer_institution_id, ${TARGET_MONTH_OF_E} AS target
            FROM billing_entries e WHERE ${which} AND e.statement_id IS NULL) t
      WHERE true
      ON CONFLICT DO NOTHING`.compile(db)
}

/** Reservations whose charge the job makes final now: confirmed and ended, or in use 24 hours past their end. */
export async function listChargesDue(db: Db, now: number, limit: number): Promise<Reservation[]> {
  const rows = await db
    .selectFrom('reservations')
    .selectAll()
    .where('charged_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'confirmed'), eb('end_ms', '<=', now)]),
        eb.and([eb('status', '=', 'in_use'), eb('end_ms', '<=', now - IN_USE_GRACE_MS)]),
      ]),
    )
    .orderBy('end_ms')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map(reservationFromRow)
}

/** An `in_use` reservation never checked out is finalised this long after its end (its user may still check out). */
export const IN_USE_GRACE_MS = 24 * 3_600_000

/**
 * The job's write for one reservation: the charge, guarded by the version the job read (nothing changed since) and
 * by the charge being open, so it can never finalise twice; the audit event only if it did; then the follow-ups.
 * Returned as queries so that the job can put several reservations into one batch.
 */
export function finaliseChargeQueries(
  db: Db,
  reservation: Pick<Reservation, 'id' | 'version' | 'status'>,
  charge: FinalCharge,
  facts: MoneyFacts,
  now: number,
): CompiledQuery[] {
  return [
    sql`UPDATE reservations SET ${chargeSetSql(charge, now)}, version = version + 1, updated_at = ${now}
        WHERE id = ${reservation.id} AND version = ${reservation.version} AND status = ${reservation.status}
          AND charged_at IS NULL`.compile(db),
    eventIfChanged(db, reservation.id, now, {
      actorId: null,
      fromStatus: reservation.status,
      toStatus: reservation.status,
      reason: 'charge final',
      detail: { billedMinutes: charge.billedMinutes, chargeFen: charge.chargeFen },
    }),
    ...moneyFollowUps(db, facts, now),
  ]
}

/** Runs the job's writes; how many reservations it made final. */
export async function finaliseCharges(batch: Batch, queries: CompiledQuery[][]): Promise<number> {
  if (queries.length === 0) return 0
  const results = await batch(queries.flat())
  let finalised = 0
  let at = 0
  for (const group of queries) {
    if (results[at]?.changes === 1) finalised++
    at += group.length
  }
  return finalised
}

/** What a reservation agrees when it is made: its class, the card in force, the voucher and fund account named. */
export type AgreedMoney = Pick<Reservation, 'priceClass' | 'rates' | 'voucherId' | 'fundAccount' | 'billable'>

/**
 * The money columns of a new reservation, for `insertReservationIfFree`'s extras; with `charge` (a recorded use)
 * the charge is final in the insert itself, its deduction read in the same statement.
 */
export function newReservationMoneySql(agreed: AgreedMoney, charge: FinalCharge | null, now: number) {
  const deduction = charge ? deductionSql(charge.deduction) : sql`NULL`
  return {
    columns: sql`, price_class, rates, voucher_id, fund_account, billable, billed_minutes, charge_fen, deduction_fen,
      payable_fen, charged_at`,
    values: sql`, ${agreed.priceClass}, ${JSON.stringify(agreed.rates)}, ${agreed.voucherId}, ${agreed.fundAccount},
      ${agreed.billable ? 1 : 0}, ${charge?.billedMinutes ?? null}, ${charge?.chargeFen ?? null}, ${deduction},
      ${charge ? sql`${charge.chargeFen} - ${deduction}` : null}, ${charge ? now : null}`,
  }
}
