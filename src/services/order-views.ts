import { isCountedOrder, type Order, type OrderStatus } from '../domain/orders.js'
import { ratingWindowOpensAt, withinRatingWindow } from '../domain/ratings.js'
import { isUse } from '../domain/sharing/counting.js'
import type { Instrument, Reservation, User } from '../domain/types.js'
import { listInstrumentsByIds } from '../repositories/instruments.js'
import { listOrderEvents, listOrders } from '../repositories/orders.js'
import { ratedUses } from '../repositories/ratings.js'
import { listUsersByIds } from '../repositories/users.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { orderRuns } from './order-work.js'
import { getOrder, partsOf } from './orders.js'

/*
 * What the pages show of sample orders (送样检测): a requester's list on 我的预约, an institute's queue on /admin and
 * one order with its history. Who may see what is decided by orders.ts; these only gather.
 */

const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((x) => [x.id, x]))

/** The orders the queue of an institute shows: those the lab still has to act on. */
export const QUEUE_STATUSES = ['submitted', 'accepted', 'received', 'in_progress'] as const satisfies OrderStatus[]

const MY_ORDERS_SHOWN = 100
const QUEUE_LIMIT = 300

/** Whether the requester may rate this order now (reported, within 30 days, not rated yet). */
const rateableOrder = (order: Order, rated: Set<string>, now: number) =>
  isCountedOrder(order.status) &&
  order.reportedAt !== null &&
  withinRatingWindow(order.reportedAt, now) &&
  !rated.has(order.id)

/** The actor's own orders, newest first, with their instruments and which of them may be rated now. */
export async function myOrders(deps: Deps, actor: User) {
  const orders = (
    await listOrders(deps.db, {
      visibleTo: { userId: actor.id, adminOfInstitutionId: null },
      limit: MY_ORDERS_SHOWN,
    })
  ).filter((o) => o.userId === actor.id)
  const [instruments, rated] = await Promise.all([
    listInstrumentsByIds(
      deps.db,
      orders.map((o) => o.instrumentId),
    ),
    ratedUses(
      deps.db,
      'order',
      orders.map((o) => o.id),
    ),
  ])
  const now = deps.clock()
  return {
    orders,
    instruments: byId(instruments),
    rateable: new Set(orders.filter((o) => rateableOrder(o, rated, now)).map((o) => o.id)),
  }
}

/** Which of these reservations of the actor may be rated now: their own uses within 30 days, not rated yet. */
export async function rateableReservations(deps: Deps, actor: User, list: readonly Reservation[]) {
  const now = deps.clock()
  const candidates = list.filter(
    (r) =>
      r.userId === actor.id && r.orderId === null && isUse(r, now) && withinRatingWindow(ratingWindowOpensAt(r), now),
  )
  const rated = await ratedUses(
    deps.db,
    'reservation',
    candidates.map((r) => r.id),
  )
  return new Set(candidates.filter((r) => !rated.has(r.id)).map((r) => r.id))
}

/** An institute's open orders (its admin's queue), oldest first, with their instruments and requesters. */
export async function orderQueue(deps: Deps, actor: User, institutionId: string) {
  if (!administers(actor, institutionId)) return { orders: [], instruments: new Map(), people: new Map() }
  const orders = (
    await listOrders(deps.db, {
      statuses: QUEUE_STATUSES,
      providerInstitutionId: institutionId,
      visibleTo: null,
      limit: QUEUE_LIMIT,
    })
  ).reverse()
  const [instruments, people] = await Promise.all([
    listInstrumentsByIds(
      deps.db,
      orders.map((o) => o.instrumentId),
    ),
    listUsersByIds(
      deps.db,
      orders.map((o) => o.userId),
    ),
  ])
  return { orders, instruments: byId<Instrument>(instruments), people: byId<User>(people) }
}

export interface OrderStep {
  at: number
  fromStatus: string | null
  toStatus: string
  reason: string | null
}

/**
 * One order for its page: the order, its instrument, its history, its runs (for who may see them), the parts the
 * viewer plays, the requester's name for the lab, and whether the viewer may rate it now.
 */
export async function orderDetails(deps: Deps, actor: User, id: string) {
  const { order, instrument } = await getOrder(deps, actor, id)
  const parts = partsOf(actor, order, instrument)
  const [events, runs, requester, rated] = await Promise.all([
    listOrderEvents(deps.db, order.id),
    // the runs are the lab's and the requester's business; a talent office sees the order only
    parts.length > 0 ? orderRuns(deps, actor, order.id) : Promise.resolve([] as Reservation[]),
    parts.includes('provider') ? listUsersByIds(deps.db, [order.userId]) : Promise.resolve([] as User[]),
    ratedUses(deps.db, 'order', [order.id]),
  ])
  const steps: OrderStep[] = events.map((e) => ({
    at: e.at,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    reason: e.reason,
  }))
  return {
    order,
    instrument,
    parts,
    steps,
    runs,
    requesterName: requester[0]?.name ?? null,
    mayRate: order.userId === actor.id && rateableOrder(order, rated, deps.clock()),
  }
}
