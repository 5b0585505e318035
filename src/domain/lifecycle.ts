import type { Interval } from './interval.js'
import { HELD_STATUSES, type ReservationStatus } from './types.js'

export type ReservationAction =
  | 'approve'
  | 'reject'
  | 'cancel'
  | 'expire'
  | 'check-in'
  | 'check-out'
  | 'no-show'
  | 'blackout'

/** Every legal move: action → (from → to). Anything not listed is illegal. */
const MOVES: Readonly<Record<ReservationAction, Partial<Record<ReservationStatus, ReservationStatus>>>> = {
  approve: { pending: 'confirmed' },
  reject: { pending: 'rejected' },
  cancel: { pending: 'cancelled', confirmed: 'cancelled' },
  expire: { pending: 'expired' },
  blackout: { pending: 'cancelled', confirmed: 'cancelled' },
  'check-in': { confirmed: 'in_use' },
  'check-out': { in_use: 'completed' },
  'no-show': { confirmed: 'no_show' },
}

/** The state machine of DOMAIN.md "Lifecycle": the status after `action`, or null when the move is illegal. */
export function nextStatus(from: ReservationStatus, action: ReservationAction): ReservationStatus | null {
  return MOVES[action]?.[from] ?? null
}

/** The statuses `action` may start from, for guarded writes (`WHERE status IN (...)`); a fresh array. */
export function fromStatuses(action: ReservationAction): ReservationStatus[] {
  return Object.keys(MOVES[action] ?? {}) as ReservationStatus[]
}

export const CHECK_IN_OPENS_BEFORE_START_MS: number = 15 * 60_000
export const NO_SHOW_OPENS_AFTER_START_MS: number = 15 * 60_000
/** A fixed 7 × 24 h: the window is about elapsed time, and the signature carries no zone. */
export const NO_SHOW_CLOSES_AFTER_END_MS: number = 7 * 24 * 60 * 60_000

/** One bound of a move's time window: the booked start or end of the reservation, shifted by `offsetMs`. */
export interface WindowBound {
  anchor: 'start' | 'end'
  offsetMs: number
  /** whether the bound instant itself belongs to the window */
  inclusive: boolean
}

/**
 * When a move may be made, relative to the reservation's booked time: open from `opens` (if any) until `closes`
 * (if any). The repository turns the same table into the SQL guard of the write, so the check made before the write
 * and the one made by it can never disagree.
 */
export interface ActionWindow {
  opens?: WindowBound
  closes?: WindowBound
  /** why a move outside the window is refused (409 invalid-transition) */
  refusal: string
}

const BEFORE_START: WindowBound = { anchor: 'start', offsetMs: 0, inclusive: false }

/** The windows of DOMAIN.md "Lifecycle"; a move without one may be made at any time in its from-status. */
export function actionWindow(action: ReservationAction, by: { admin: boolean }): ActionWindow | null {
  switch (action) {
    case 'approve':
    case 'reject':
      // undecided at its start, a request expires: it can no longer be approved or rejected
      return { closes: BEFORE_START, refusal: 'The request was still undecided at its start and has expired.' }
    case 'cancel':
      // a confirmed reservation whose end has passed is a use that took place: cancelling it would rewrite
      // history (and the count towards the 500); what did not take place is marked a no-show instead
      return by.admin
        ? {
            closes: { anchor: 'end', offsetMs: 0, inclusive: false },
            refusal: 'A reservation that has ended is history and cannot be cancelled; mark a no-show instead.',
          }
        : { closes: BEFORE_START, refusal: 'A reservation can be cancelled by its researcher only before its start.' }
    case 'check-in':
      return {
        opens: { anchor: 'start', offsetMs: -CHECK_IN_OPENS_BEFORE_START_MS, inclusive: true },
        closes: { anchor: 'end', offsetMs: 0, inclusive: false },
        refusal: 'Check-in is open from 15 minutes before the start until the end.',
      }
    case 'no-show':
      return {
        opens: { anchor: 'start', offsetMs: NO_SHOW_OPENS_AFTER_START_MS, inclusive: true },
        closes: { anchor: 'end', offsetMs: NO_SHOW_CLOSES_AFTER_END_MS, inclusive: true },
        refusal: 'A no-show may be marked from 15 minutes after the start until 7 days after the end.',
      }
    default:
      return null
  }
}

const instantOf = (bound: WindowBound, r: Interval) => (bound.anchor === 'start' ? r.start : r.end) + bound.offsetMs

/** Whether `now` lies in `window` for the reservation `r` (no window: always). */
export function isWithinWindow(window: ActionWindow | null, r: Interval, now: number): boolean {
  if (!window) return true
  const { opens, closes } = window
  if (opens && (opens.inclusive ? now < instantOf(opens, r) : now <= instantOf(opens, r))) return false
  if (closes && (closes.inclusive ? now > instantOf(closes, r) : now >= instantOf(closes, r))) return false
  return true
}

/** Check-in is open on [start - 15 min, end). */
export function checkInOpen(r: Interval, now: number): boolean {
  return isWithinWindow(actionWindow('check-in', { admin: false }), r, now)
}

/** A no-show may be marked on [start + 15 min, end + 7 days], both bounds included. */
export function noShowOpen(r: Interval, now: number): boolean {
  return isWithinWindow(actionWindow('no-show', { admin: true }), r, now)
}

/** pending, confirmed and in_use hold their time. */
export function isHeld(status: ReservationStatus): boolean {
  return HELD_STATUSES.includes(status)
}

/** Statuses that hold their time whatever the clock says; `pending` holds it only until its start. */
export const ALWAYS_HELD_STATUSES = ['confirmed', 'in_use'] as const satisfies readonly ReservationStatus[]

/**
 * Whether a reservation keeps others off its time at `now`: confirmed or in use, or pending and not yet started
 * (a request still undecided at its start expires, so its time is free again even before it is marked expired).
 */
export function holdsTimeAt(r: { status: ReservationStatus; start: number }, now: number): boolean {
  return (
    (ALWAYS_HELD_STATUSES as readonly ReservationStatus[]).includes(r.status) ||
    (r.status === 'pending' && r.start > now)
  )
}
