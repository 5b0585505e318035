import { actionWindow, fromStatuses, isWithinWindow, nextStatus, type ReservationAction } from '../domain/lifecycle.js'
import type { Instrument, Reservation, User } from '../domain/types.js'
import { AppError, forbidden } from '../errors.js'
import { chargeExtras, feeExtras } from '../repositories/charges.js'
import { notifyResearcher } from '../repositories/notifications.js'
import { grantQualificationIfCompletedUnderRecognition } from '../repositories/recognitions.js'
import { findReservation, type TransitionWrite, transition, type WriteExtras } from '../repositories/reservations.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { Reason } from './inputs/reservation.js'
import { checkedText } from './inputs/text.js'
import { cancellationFeeOf, finalChargeOf, moneyFactsOf, moneyLookups, noShowFeeOf } from './pricing.js'
import { getReservation } from './reservation-queries.js'

/* The lifecycle moves of a reservation: who may make which, when, as one guarded write each. */

interface ActionPlan {
  action: ReservationAction
  actor: User
  reservation: Reservation
  instrument: Instrument
  reason: string | null
}

/** What a move records besides the status: actual times, the decision. */
function changesOf({ action, actor, reason }: ActionPlan, now: number): TransitionWrite['set'] {
  switch (action) {
    case 'approve':
    case 'reject':
      return { decidedBy: actor.id, decidedAt: now, statusReason: reason }
    case 'cancel':
    case 'no-show':
      return { statusReason: reason }
    case 'check-in':
      return { actualStart: now }
    case 'check-out':
      return { actualEnd: now }
    default:
      return {}
  }
}

/**
 * The money a move makes final, in the same write (DOMAIN.md "When a charge becomes final"): a check-out the charge
 * (if the job has not already), a researcher's late cancellation its fee, a no-show its fee in place of any charge
 * (the follow-ups return the deduction to the voucher). Approvals, rejections, an admin's cancellation never cost.
 */
async function moneyOf(
  deps: Deps,
  plan: ActionPlan,
  now: number,
): Promise<{ extras: WriteExtras; detail: object | null }> {
  const { action, actor, reservation, instrument } = plan
  if (action === 'check-out') {
    if (reservation.chargedAt !== null) return { extras: {}, detail: null }
    const lookups = moneyLookups(deps)
    const provider = await lookups.institution(instrument.institutionId)
    if (!provider) return { extras: {}, detail: null }
    const charge = await finalChargeOf(lookups, reservation, provider, now)
    return {
      extras: chargeExtras(deps.db, charge, moneyFactsOf(reservation, instrument), now),
      detail: { billedMinutes: charge.billedMinutes, chargeFen: charge.chargeFen },
    }
  }
  const fee =
    action === 'no-show'
      ? noShowFeeOf(reservation)
      : action === 'cancel'
        ? cancellationFeeOf(
            reservation,
            now,
            actor.id === reservation.userId && !administers(actor, instrument.institutionId),
          )
        : null
  if (!fee) return { extras: {}, detail: null }
  return {
    extras: feeExtras(deps.db, fee.feeFen, moneyFactsOf(reservation, instrument, fee), now),
    detail: { feeFen: fee.feeFen, feePercent: fee.percent },
  }
}

/**
 * Whom a move tells (DOMAIN.md "Notifications"): the researcher, of a decision and of a cancellation that was not
 * their own. Written in the move's batch, after its audit event.
 */
function noticeOf(deps: Deps, { action, actor, reservation, reason }: ActionPlan, now: number) {
  const kind =
    action === 'approve'
      ? 'approved'
      : action === 'reject'
        ? 'rejected'
        : action === 'cancel' && actor.id !== reservation.userId
          ? 'cancelled-by-admin'
          : null
  return kind ? notifyResearcher(deps.db, newId(), kind, reservation.id, reason, now) : undefined
}

/** The guarded write of one lifecycle move; a lost race or a closed window is 409 invalid-transition. */
async function applyAction(deps: Deps, plan: ActionPlan) {
  const { action, actor, reservation, instrument } = plan
  const now = deps.clock()
  if (reservation.orderId !== null) throw runMovesWithItsOrder()
  const to = nextStatus(reservation.status, action)
  if (!to)
    throw new AppError('invalid-transition', `Cannot ${action} a reservation that is ${reservation.status}.`, {
      currentStatus: reservation.status,
    })
  const window = actionWindow(action, { admin: administers(actor, instrument.institutionId) })
  if (!isWithinWindow(window, reservation, now)) throw new AppError('invalid-transition', window!.refusal)
  const money = await moneyOf(deps, plan, now)
  const changed = await transition(
    deps.db,
    deps.batch,
    {
      id: reservation.id,
      fromStatuses: fromStatuses(action).filter((s) => s === reservation.status),
      toStatus: to,
      window,
      set: changesOf(plan, now),
    },
    now,
    {
      actorId: actor.id,
      fromStatus: reservation.status,
      toStatus: to,
      reason: plan.reason,
      detail: money.detail as Record<string, unknown> | null,
    },
    {
      ...money.extras,
      notify: noticeOf(deps, plan, now),
      followedBy: [
        ...(money.extras.followedBy ?? []),
        // completing a booking made under a recognition grants the instrument's own qualification, in the same write
        ...(to === 'completed' && reservation.recognitionId !== null
          ? grantQualificationIfCompletedUnderRecognition(deps.db, reservation.id, actor.id, now)
          : []),
      ],
    },
  )
  if (!changed)
    throw new AppError(
      'invalid-transition',
      'The reservation changed at the same time (someone else acted first); reload it.',
    )
  return (await findReservation(deps.db, reservation.id))!
}

/** A run of a sample order is booked and removed through its order (`/orders/{id}/runs`), never moved on its own. */
export const runMovesWithItsOrder = () =>
  new AppError(
    'invalid-transition',
    'This is a run of a sample order: it is never checked in, marked a no-show or moved on its own; remove it through its order.',
  )

/** Who may take which action, checked after visibility (404) and before the state (409). */
function authorise(action: ReservationAction, actor: User, reservation: Reservation, instrument: Instrument) {
  const isAdmin = administers(actor, instrument.institutionId)
  const isOwner = actor.id === reservation.userId
  switch (action) {
    case 'approve':
    case 'reject':
    case 'no-show':
      if (!isAdmin) throw forbidden('Only the admin of the instrument’s institution may do this.')
      return
    case 'cancel':
      if (!isAdmin && !isOwner) throw forbidden('Only the researcher or the institute admin may cancel.')
      return
    case 'check-in':
    case 'check-out':
      if (isAdmin) return
      if (!isOwner) throw forbidden('Only the researcher or the institute admin may check in and out.')
      if (instrument.mode === 'service')
        throw forbidden('In service mode (送样检测) the institute’s staff check in and out.')
      return
    default:
      throw forbidden('Not allowed.')
  }
}

/** Makes one lifecycle move: 404 unless visible, 403 unless allowed, 409 unless legal now. */
export async function act(deps: Deps, actor: User, id: string, action: ReservationAction, reason?: string | null) {
  const why = reason ? checkedText('reason', reason, Reason) || null : null
  const { reservation, instrument } = await getReservation(deps, actor, id)
  authorise(action, actor, reservation, instrument)
  return applyAction(deps, { action, actor, reservation, instrument, reason: why })
}
