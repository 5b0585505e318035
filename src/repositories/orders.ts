import { type CompiledQuery, type RawBuilder, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { orderFromRow } from '../db/rows.js'
import { AUTO_COMPLETE_AFTER_MS, type Order, type OrderStatus } from '../domain/orders.js'
import { notifyOrderArrived, notifyOrderMoved, notifyOrdersCompleted } from './notifications.js'
import { type VisibleTo, visibleRows } from './visibility.js'

/*
 * Sample orders (送样检测) and their audit trail. Every move is one guarded UPDATE (`… WHERE status IN (…) AND
 * version = …`) written together with its event (`… WHERE changes() = 1`) and whatever follows from it (runs freed,
 * the charge's ledger and billing entry) in one batch, so two admins can never both act on one order.
 */

export interface OrderEventInput {
  actorId: string | null
  fromStatus: OrderStatus | null
  toStatus: OrderStatus
  reason?: string | null
  detail?: Record<string, unknown> | null
}

/** An audit event written only if the statement just before it changed a row. */
export const orderEventIfChanged = (db: Db, orderId: string, now: number, event: OrderEventInput): CompiledQuery =>
  sql`INSERT INTO order_events (order_id, actor_id, at, from_status, to_status, reason, detail)
      SELECT ${orderId}, ${event.actorId}, ${now}, ${event.fromStatus}, ${event.toStatus}, ${event.reason ?? null},
             ${event.detail ? JSON.stringify(event.detail) : null}
      WHERE changes() = 1`.compile(db)

/** The order is still what a move left it as: its follow-ups in the same batch are guarded by this. */
export const orderIsNow = (orderId: string, status: OrderStatus, version: number) =>
  sql`EXISTS (SELECT 1 FROM orders o WHERE o.id = ${orderId} AND o.status = ${status} AND o.version = ${version})`

/** Writes a new order with its first event and the lab's notices, in one batch. */
export async function insertOrder(db: Db, batch: Batch, order: Order, actorId: string): Promise<void> {
  await batch([
    db
      .insertInto('orders')
      .values({
        id: order.id,
        instrument_id: order.instrumentId,
        user_id: order.userId,
        user_institution_id: order.userInstitutionId,
        status: order.status,
        samples: order.samples,
        received_samples: null,
        sample_description: order.sampleDescription,
        sample_form: order.sampleForm,
        hazard: order.hazard,
        tests: order.tests,
        turnaround_days: order.turnaroundDays,
        delivery: order.delivery,
        tracking_number: order.trackingNumber,
        price_class: order.priceClass,
        rates: JSON.stringify(order.rates),
        voucher_id: order.voucherId,
        fund_account: order.fundAccount,
        quote_fen: order.quoteFen,
        version: 1,
        created_at: order.createdAt,
        updated_at: order.updatedAt,
      })
      .compile(),
    sql`INSERT INTO order_events (order_id, actor_id, at, from_status, to_status, reason, detail)
        VALUES (${order.id}, ${actorId}, ${order.createdAt}, NULL, ${order.status}, 'submitted',
          ${JSON.stringify({ samples: order.samples, quoteFen: order.quoteFen })})`.compile(db),
    notifyOrderArrived(db, order.id, order.createdAt),
  ])
}

export async function findOrder(db: Db, id: string): Promise<Order | null> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? orderFromRow(row) : null
}

export interface OrderFilter {
  instrumentId?: string
  status?: OrderStatus
  statuses?: readonly OrderStatus[]
  /** only the orders of this institution's instruments (the admin's queue) */
  providerInstitutionId?: string
  /** visibility: null = everything; else own orders plus those on this institution's instruments */
  visibleTo: VisibleTo | null
  /** keyset: orders submitted before this one (newest first) */
  before?: { createdAt: number; id: string }
  limit: number
}

/** Orders newest first (by submission, then id, both descending), for keyset paging. */
export async function listOrders(db: Db, filter: OrderFilter): Promise<Order[]> {
  let query = db.selectFrom('orders as o').selectAll('o')
  if (filter.instrumentId) query = query.where('o.instrument_id', '=', filter.instrumentId)
  if (filter.status) query = query.where('o.status', '=', filter.status)
  if (filter.statuses) query = query.where('o.status', 'in', [...filter.statuses])
  if (filter.providerInstitutionId) {
    const provider = filter.providerInstitutionId
    query = query.where('o.instrument_id', 'in', (eb) =>
      eb.selectFrom('instruments').select('id').where('institution_id', '=', provider),
    )
  }
  const visible = filter.visibleTo
  if (visible) query = query.where((eb) => visibleRows(visible, eb.ref('o.user_id'), eb.ref('o.instrument_id')))
  if (filter.before) {
    const { createdAt, id } = filter.before
    query = query.where((eb) =>
      eb.or([eb('o.created_at', '<', createdAt), eb.and([eb('o.created_at', '=', createdAt), eb('o.id', '<', id)])]),
    )
  }
  const rows = await query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(filter.limit).execute()
  return rows.map(orderFromRow)
}

export interface OrderMoveWrite {
  order: Pick<Order, 'id' | 'version'>
  fromStatuses: OrderStatus[]
  toStatus: OrderStatus
  set?: { receivedSamples?: number; statusReason?: string | null; completedAt?: number }
  /** more of the SET (`, col = value…`): the report's columns and its charge */
  extraSet?: RawBuilder<unknown>
  /** statements that follow the move in the same batch, each guarded by `orderIsNow` */
  followedBy?: CompiledQuery[]
}

/**
 * A guarded move: the order changes only from one of `fromStatuses` and only at the version the caller read, so of
 * two concurrent deciders one succeeds; its event, follow-ups and the requester's notice in the same batch. False
 * when it had changed.
 */
export async function moveOrder(
  db: Db,
  batch: Batch,
  write: OrderMoveWrite,
  now: number,
  event: OrderEventInput,
): Promise<boolean> {
  const set = write.set ?? {}
  const [update] = await batch([
    sql`UPDATE orders SET status = ${write.toStatus}, version = version + 1, updated_at = ${now},
          received_samples = COALESCE(${set.receivedSamples ?? null}, received_samples),
          completed_at = COALESCE(${set.completedAt ?? null}, completed_at),
          status_reason = ${set.statusReason === undefined ? sql`status_reason` : set.statusReason}${write.extraSet ?? sql``}
        WHERE id = ${write.order.id} AND version = ${write.order.version}
          AND status IN (${sql.join(write.fromStatuses)})`.compile(db),
    orderEventIfChanged(db, write.order.id, now, event),
    ...(write.followedBy ?? []),
    notifyOrderMoved(
      db,
      write.order.id,
      orderIsNow(write.order.id, write.toStatus, write.order.version + 1),
      event.actorId,
      now,
    ),
  ])
  return update?.changes === 1
}

/** The courier's tracking number, set while the order is in one of `statuses`, with its event. */
export async function setTrackingNumber(
  db: Db,
  batch: Batch,
  order: Pick<Order, 'id' | 'status'>,
  trackingNumber: string,
  statuses: readonly OrderStatus[],
  actorId: string,
  now: number,
): Promise<boolean> {
  const [update] = await batch([
    sql`UPDATE orders SET tracking_number = ${trackingNumber}, version = version + 1, updated_at = ${now}
        WHERE id = ${order.id} AND status = ${order.status} AND status IN (${sql.join([...statuses])})`.compile(db),
    orderEventIfChanged(db, order.id, now, {
      actorId,
      fromStatus: order.status,
      toStatus: order.status,
      reason: 'tracking number',
      detail: { trackingNumber },
    }),
  ])
  return update?.changes === 1
}

export async function listOrderEvents(db: Db, orderId: string) {
  return db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

/** Orders completed at most per run of the job; the rest wait for the next minute. */
const COMPLETE_PER_RUN = 200

/**
 * The job's task: every order reported at least 14 days ago and still not confirmed by its requester becomes
 * `completed`, with its event and its requester's notice, in one batch; the same set of orders in every statement
 * (the batch is atomic).
 */
export async function completeReportedOrders(db: Db, batch: Batch, now: number): Promise<number> {
  const cutoff = now - AUTO_COMPLETE_AFTER_MS
  const due = sql`SELECT id FROM orders WHERE status = 'reported' AND reported_at <= ${cutoff}
    ORDER BY reported_at, id LIMIT ${COMPLETE_PER_RUN}`
  const [, , update] = await batch([
    notifyOrdersCompleted(db, due, now),
    sql`INSERT INTO order_events (order_id, actor_id, at, from_status, to_status, reason)
        SELECT id, NULL, ${now}, 'reported', 'completed', 'not confirmed within 14 days of the report'
        FROM orders WHERE id IN (${due})`.compile(db),
    sql`UPDATE orders SET status = 'completed', completed_at = ${now}, version = version + 1, updated_at = ${now}
        WHERE id IN (${due})`.compile(db),
  ])
  return update?.changes ?? 0
}
