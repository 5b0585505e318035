import { sampleCharge } from '../domain/money/charge.js'
import {
  mayMakeMove,
  nextOrderStatus,
  type Order,
  type OrderAction,
  type OrderActor,
  type OrderStatus,
  orderFromStatuses,
  TRACKING_EDITABLE_IN,
  takesSamples,
} from '../domain/orders.js'
import type { Instrument, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import { findInstrument } from '../repositories/instruments.js'
import { freeFutureRuns } from '../repositories/order-work.js'
import {
  findOrder,
  insertOrder,
  listOrderEvents,
  listOrders,
  moveOrder,
  type OrderFilter,
  orderIsNow,
  setTrackingNumber,
} from '../repositories/orders.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import type { NewOrderInput } from './inputs/order.js'
import { Reason } from './inputs/reservation.js'
import { checkedText } from './inputs/text.js'
import { agreedMoney, moneyLookups, namedVoucher } from './pricing.js'

/*
 * Sample orders (送样检测, DOMAIN.md "Sample orders"): who may submit, see and move an order, each move one guarded
 * write with its event. The lab's work on an order (runs, the report) is order-work.ts.
 */

/** Who may see an order: its requester, the provider's admin, talent offices, platform admins. */
function canSee(actor: User, order: Order, instrument: Instrument) {
  return actor.id === order.userId || actor.role === 'talent_office' || administers(actor, instrument.institutionId)
}

/** The parts the actor plays for an order: its requester, the provider (its admin); a platform admin both. */
export function partsOf(actor: User, order: Order, instrument: Instrument): OrderActor[] {
  if (actor.role === 'platform_admin') return ['requester', 'provider']
  const parts: OrderActor[] = []
  if (actor.id === order.userId) parts.push('requester')
  if (administers(actor, instrument.institutionId)) parts.push('provider')
  return parts
}

/** One order the actor may see, with its instrument; unknown and invisible are both 404. */
export async function getOrder(deps: Deps, actor: User, id: string) {
  const order = await findOrder(deps.db, id)
  const instrument = order ? await findInstrument(deps.db, order.instrumentId) : null
  if (!order || !instrument || !canSee(actor, order, instrument)) throw notFound('Order')
  return { order, instrument }
}

export async function orderHistory(deps: Deps, actor: User, id: string) {
  await getOrder(deps, actor, id)
  return listOrderEvents(deps.db, id)
}

/** `GET /orders`: a researcher sees their own; an institute admin also those on its instruments; the rest all. */
export async function findOrders(deps: Deps, actor: User, filter: Omit<OrderFilter, 'visibleTo'>): Promise<Order[]> {
  const seesAll = actor.role === 'talent_office' || actor.role === 'platform_admin'
  const visibleTo = seesAll
    ? null
    : { userId: actor.id, adminOfInstitutionId: actor.role === 'institution_admin' ? actor.institutionId : null }
  return listOrders(deps.db, { ...filter, visibleTo })
}

/**
 * Submits a sample order: 400 → 404 → 403 → 422 (`not-service`, an inactive instrument, a voucher that does not
 * apply). The class and the rate card in force are copied onto it, and the quote is the requested samples at the
 * copy's per-sample price; nothing of a voucher is held.
 */
export async function submitOrder(deps: Deps, actor: User, input: NewOrderInput): Promise<Order> {
  if (input.delivery === 'in_person' && input.trackingNumber)
    throw invalid('trackingNumber', 'only samples sent by courier have a tracking number')
  const instrument = await findInstrument(deps.db, input.instrumentId)
  if (!instrument) throw notFound('Instrument')
  const lookups = moneyLookups(deps)
  const named = await namedVoucher(lookups, input.voucherId)
  if (actor.role === 'talent_office') throw forbidden('A talent office reads; it does not send samples.')
  if (!actor.institutionId) throw forbidden('An account without an institution cannot send samples.')
  if (!takesSamples(instrument))
    throw new AppError(
      'not-service',
      'This instrument takes no samples: it is operated by its users (自主上机) and has no per-sample price. Book a time instead.',
    )
  if (instrument.status !== 'active')
    throw new AppError('rule-violation', `The instrument is ${instrument.status} and takes no new orders.`, {
      rule: 'inactive',
    })
  const now = deps.clock()
  const money = await agreedMoney(deps, lookups, instrument, actor.institutionId, named, {
    fundAccount: input.fundAccount,
    start: now,
  })
  await money.check()
  const order: Order = {
    id: newId(),
    instrumentId: instrument.id,
    userId: actor.id,
    userInstitutionId: actor.institutionId,
    status: 'submitted',
    samples: input.samples,
    receivedSamples: null,
    sampleDescription: input.sampleDescription,
    sampleForm: input.sampleForm ?? null,
    hazard: input.hazard,
    tests: input.tests,
    turnaroundDays: input.turnaroundDays ?? null,
    delivery: input.delivery,
    trackingNumber: input.delivery === 'courier' ? (input.trackingNumber ?? null) : null,
    statusReason: null,
    sampleDisposal: null,
    reportNote: null,
    reportKey: null,
    reportBytes: null,
    reportedAt: null,
    completedAt: null,
    priceClass: money.agreed.priceClass,
    rates: money.agreed.rates,
    voucherId: money.agreed.voucherId,
    fundAccount: money.agreed.fundAccount,
    quoteFen: sampleCharge(money.agreed.rates, money.agreed.priceClass, input.samples).chargeFen,
    chargeFen: null,
    deductionFen: null,
    payableFen: null,
    chargedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }
  await insertOrder(deps.db, deps.batch, order, actor.id)
  return order
}

/** The next status of `action` for whichever part the actor plays that makes it legal; null when none does. */
export function moveFor(action: OrderAction, order: Order, parts: readonly OrderActor[]) {
  for (const part of parts) {
    const to = nextOrderStatus(order.status, action, part)
    if (to) return { to, part }
  }
  return null
}

/** 403 unless the actor plays a part that may make this move at all (whatever the state). */
export function authoriseMove(action: OrderAction, parts: readonly OrderActor[]) {
  if (parts.some((part) => mayMakeMove(action, part))) return
  throw forbidden(
    action === 'complete'
      ? 'Only the requester confirms that an order is complete.'
      : 'Only the admin of the instrument’s institution handles sample orders.',
  )
}

const MOVE_REASONS: Partial<Record<OrderAction, string>> = { accept: 'accepted', receive: 'samples received' }

export type SimpleOrderAction = 'accept' | 'reject' | 'receive' | 'cancel' | 'complete'

/**
 * One of the moves that need nothing but the order (accept, reject, receive, cancel, complete): 404 unless visible,
 * 403 unless allowed, 409 unless legal now. Receiving records how many samples arrived (the charge counts those);
 * cancelling frees the order's future runs in the same write.
 */
export async function moveOrderBy(
  deps: Deps,
  actor: User,
  id: string,
  action: SimpleOrderAction,
  input: { reason?: string | null; receivedSamples?: number } = {},
): Promise<Order> {
  const reason = input.reason ? checkedText('reason', input.reason, Reason) || null : null
  const { order, instrument } = await getOrder(deps, actor, id)
  const parts = partsOf(actor, order, instrument)
  authoriseMove(action, parts)
  const move = moveFor(action, order, parts)
  if (!move) throw cannot(action, order.status)
  const now = deps.clock()
  const receivedSamples = action === 'receive' ? (input.receivedSamples ?? order.samples) : undefined
  const to: OrderStatus = move.to
  const changed = await moveOrder(
    deps.db,
    deps.batch,
    {
      order,
      fromStatuses: orderFromStatuses(action, move.part).filter((s) => s === order.status),
      toStatus: to,
      set: {
        receivedSamples,
        statusReason: action === 'reject' || action === 'cancel' ? reason : undefined,
        completedAt: to === 'completed' ? now : undefined,
      },
      followedBy:
        to === 'cancelled'
          ? freeFutureRuns(
              deps.db,
              order.id,
              orderIsNow(order.id, 'cancelled', order.version + 1),
              actor.id,
              'its sample order was cancelled',
              now,
            )
          : [],
    },
    now,
    {
      actorId: actor.id,
      fromStatus: order.status,
      toStatus: to,
      reason: reason ?? MOVE_REASONS[action] ?? null,
      detail: receivedSamples !== undefined ? { receivedSamples, ordered: order.samples } : null,
    },
  )
  if (!changed) throw changedMeanwhile()
  return (await findOrder(deps.db, order.id))!
}

export const cannot = (action: OrderAction, status: OrderStatus) =>
  new AppError(
    'invalid-transition',
    action === 'cancel' && (status === 'received' || status === 'in_progress')
      ? 'The samples have been received: only the lab (the instrument’s institute admin) can cancel the order now.'
      : `Cannot ${action === 'start' ? 'book a run for' : action} an order that is ${status}.`,
    { currentStatus: status },
  )

export const changedMeanwhile = () =>
  new AppError('invalid-transition', 'The order changed at the same time (someone else acted first); reload it.')

/** The courier's tracking number, added or corrected by the requester until the samples are received. */
export async function changeTrackingNumber(deps: Deps, actor: User, id: string, trackingNumber: string) {
  const { order, instrument } = await getOrder(deps, actor, id)
  if (!partsOf(actor, order, instrument).includes('requester'))
    throw forbidden('Only the requester adds the courier’s tracking number.')
  if (order.delivery !== 'courier')
    throw invalid('trackingNumber', 'these samples are brought in person: there is no tracking number')
  if (!TRACKING_EDITABLE_IN.includes(order.status))
    throw new AppError(
      'invalid-transition',
      'The samples have been received (or the order closed): the tracking number no longer changes.',
    )
  const changed = await setTrackingNumber(
    deps.db,
    deps.batch,
    order,
    trackingNumber,
    TRACKING_EDITABLE_IN,
    actor.id,
    deps.clock(),
  )
  if (!changed) throw changedMeanwhile()
  return (await findOrder(deps.db, order.id))!
}
