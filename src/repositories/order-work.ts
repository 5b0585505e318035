import { type CompiledQuery, type RawBuilder, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { reservationFromRow } from '../db/rows.js'
import { RUNS_OPEN_IN, type SampleDisposal } from '../domain/orders.js'
import type { Reservation } from '../domain/types.js'
import { type DeductionTerms, deductionSql, openDraftFor } from './charges.js'
import { notifyOrderMoved } from './notifications.js'
import { orderEventIfChanged, orderIsNow } from './orders.js'
import { eventIfChanged, type WriteExtras } from './reservations.js'

/*
 * The lab's work on an order: its runs on the instrument's calendar (reservations carrying the order's id, written by
 * the same conflict-checked insert as every booking), and the report, which makes the charge final with the voucher's
 * deduction, the billing entry and the month's draft statement in the same batch (DOMAIN.md "Sample orders").
 */

const runsOpen = sql.join(RUNS_OPEN_IN.map((s) => sql.lit(s)))

/**
 * What a run adds to `insertReservationIfFree`: written only while its order still takes runs (the lab holds the
 * samples, no report yet), money closed at nothing when booked (a run is never charged), and the order moved into
 * progress with its event and the requester's notice (the first run only) — only if the run was written.
 */
export function runExtras(
  db: Db,
  run: { id: string; orderId: string; start: number; end: number },
  actorId: string,
  now: number,
  fromStatus: 'received' | 'in_progress',
): WriteExtras {
  return {
    guard: sql` AND EXISTS (SELECT 1 FROM orders o WHERE o.id = ${run.orderId} AND o.status IN (${runsOpen}))`,
    columns: sql`, price_class, billable, billed_minutes, charge_fen, deduction_fen, payable_fen, charged_at`,
    values: sql`, 'internal', 0, 0, 0, 0, 0, ${now}`,
    followedBy: [
      sql`UPDATE orders SET status = 'in_progress', version = version + 1, updated_at = ${now}
          WHERE id = ${run.orderId} AND status IN (${runsOpen})
            AND EXISTS (SELECT 1 FROM reservations r WHERE r.id = ${run.id})`.compile(db),
      orderEventIfChanged(db, run.orderId, now, {
        actorId,
        fromStatus,
        toStatus: 'in_progress',
        reason: 'run booked',
        detail: { runId: run.id, start: new Date(run.start).toISOString(), end: new Date(run.end).toISOString() },
      }),
      notifyOrderMoved(
        db,
        run.orderId,
        sql`o.status = 'in_progress' AND EXISTS (SELECT 1 FROM reservations r WHERE r.id = ${run.id})`,
        actorId,
        now,
      ),
    ],
  }
}

/** The runs of an order, by start then id, whatever their status. */
export async function listRuns(db: Db, orderId: string): Promise<Reservation[]> {
  const rows = await db
    .selectFrom('reservations')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('start_ms')
    .orderBy('id')
    .execute()
  return rows.map(reservationFromRow)
}

/**
 * The statements that cancel an order's runs that have not begun at `now` (freeing their time), each with its
 * event, when `guard` holds (the move that frees them was written).
 */
export function freeFutureRuns(
  db: Db,
  orderId: string,
  guard: RawBuilder<unknown>,
  actorId: string | null,
  reason: string,
  now: number,
): CompiledQuery[] {
  const future = sql`r.order_id = ${orderId} AND r.status = 'confirmed' AND r.start_ms > ${now} AND ${guard}`
  return [
    sql`INSERT INTO reservation_events (reservation_id, actor_id, at, from_status, to_status, reason)
        SELECT r.id, ${actorId}, ${now}, 'confirmed', 'cancelled', ${reason} FROM reservations r WHERE ${future}`.compile(
      db,
    ),
    sql`UPDATE reservations AS r SET status = 'cancelled', status_reason = ${reason}, version = version + 1,
          updated_at = ${now}
        WHERE ${future}`.compile(db),
  ]
}

/** Removes one run of an order whose runs are open (the run freed, its event written): false when it could not. */
export async function cancelRun(
  db: Db,
  batch: Batch,
  run: { id: string; orderId: string },
  actorId: string,
  now: number,
): Promise<boolean> {
  const reason = 'run removed from its sample order'
  const [update] = await batch([
    sql`UPDATE reservations SET status = 'cancelled', status_reason = ${reason}, version = version + 1,
          updated_at = ${now}
        WHERE id = ${run.id} AND order_id = ${run.orderId} AND status = 'confirmed'
          AND EXISTS (SELECT 1 FROM orders o WHERE o.id = ${run.orderId} AND o.status IN (${runsOpen}))`.compile(db),
    eventIfChanged(db, run.id, now, { actorId, fromStatus: 'confirmed', toStatus: 'cancelled', reason }),
  ])
  return update?.changes === 1
}

/** What a report files and makes final. */
export interface ReportWrite {
  order: { id: string; version: number; userInstitutionId: string }
  providerInstitutionId: string
  reportKey: string | null
  reportBytes: number | null
  note: string | null
  sampleDisposal: SampleDisposal
  chargeFen: number
  deduction: DeductionTerms | null
  /** the reported time's month ordinal in Asia/Shanghai: the statement line's month */
  monthOrd: number
  unitPriceFen: number
  quantity: number
  /** a fresh id, used if the entry's month needs a draft statement opened */
  statementId: string
}

/** The SET of the report: the result, what became of the samples, and the charge made final with its deduction. */
export function reportSetSql(report: ReportWrite, now: number): RawBuilder<unknown> {
  const deduction = deductionSql(report.deduction)
  return sql`, reported_at = ${now}, report_key = ${report.reportKey}, report_bytes = ${report.reportBytes},
    report_note = ${report.note}, sample_disposal = ${report.sampleDisposal},
    charge_fen = ${report.chargeFen}, deduction_fen = ${deduction}, payable_fen = ${report.chargeFen} - ${deduction},
    charged_at = ${now}`
}

/**
 * What follows a report in its batch, each guarded by the order being reported at the version the report wrote: its
 * future runs freed, the voucher ledger given the deduction, the billing entry of the charge (dated by the report)
 * and the month's draft statement opened if it has none. Each is guarded by the state it finds, so running them
 * twice changes nothing.
 */
export function reportFollowUps(db: Db, report: ReportWrite, actorId: string, now: number): CompiledQuery[] {
  const id = report.order.id
  const reported = orderIsNow(id, 'reported', report.order.version + 1)
  const netLedger = sql`COALESCE((SELECT SUM(l.deduction_fen) FROM voucher_ledger l WHERE l.order_id = o.id), 0)`
  return [
    ...freeFutureRuns(db, id, reported, actorId, 'its sample order was reported', now),
    sql`INSERT INTO voucher_ledger (voucher_id, program_id, holder_institution_id, provider_institution_id, order_id,
          deduction_fen, counted_year, at)
        SELECT o.voucher_id, v.program_id, v.holder_institution_id, ${report.providerInstitutionId}, o.id,
          COALESCE(o.deduction_fen, 0) - ${netLedger}, ${report.deduction?.countedYear ?? 0}, ${now}
        FROM orders o JOIN vouchers v ON v.id = o.voucher_id
        WHERE o.id = ${id} AND COALESCE(o.deduction_fen, 0) <> ${netLedger} AND ${reported}`.compile(db),
    sql`INSERT INTO billing_entries (kind, order_id, provider_institution_id, payer_institution_id, instrument_id,
          user_id, use_start_ms, month_ord, price_class, unit, quantity_units, unit_price_fen, fee_percent, charge_fen,
          deduction_fen, payable_fen, fund_account, voucher_id, reverses_id, created_at)
        SELECT 'charge', o.id, ${report.providerInstitutionId}, o.user_institution_id, o.instrument_id, o.user_id,
          o.reported_at, ${report.monthOrd}, o.price_class, 'sample', ${report.quantity}, ${report.unitPriceFen}, NULL,
          o.charge_fen, COALESCE(o.deduction_fen, 0), o.payable_fen, o.fund_account, o.voucher_id, NULL, ${now}
        FROM orders o
        WHERE o.id = ${id} AND o.charge_fen > 0 AND ${reported}
          AND NOT EXISTS (SELECT 1 FROM billing_entries e WHERE e.order_id = o.id AND e.kind = 'charge')`.compile(db),
    openDraftFor(db, sql`e.order_id = ${id}`, report.statementId, now),
  ]
}
