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

/** Check-in is open on [start - 15 min, end). */
export function checkInOpen(r: Interval, now: number): boolean {
  return r.start - CHECK_IN_OPENS_BEFORE_START_MS <= now && now < r.end
}

/** A no-show may be marked on [start + 15 min, end + 7 days], both bounds included. */
export function noShowOpen(r: Interval, now: number): boolean {
  return r.start + NO_SHOW_OPENS_AFTER_START_MS <= now && now <= r.end + NO_SHOW_CLOSES_AFTER_END_MS
}

/** pending, confirmed and in_use hold their time. */
export function isHeld(status: ReservationStatus): boolean {
  return HELD_STATUSES.includes(status)
}
