import { findConflicts } from '../domain/conflicts.js'
import { checkRecordedUse } from '../domain/recorded-uses.js'
import { checkBookingRules } from '../domain/rules.js'
import { ALTERNATIVES_AFTER_MS, ALTERNATIVES_BEFORE_MS, nearestFreeSlots } from '../domain/slots.js'
import type { Instrument, Reservation, ReservationStatus, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import { type AgreedMoney, moneyFollowUps, newReservationMoneySql } from '../repositories/charges.js'
import { findInstrument } from '../repositories/instruments.js'
import { notifyApprovalRequested } from '../repositories/notifications.js'
import { hasQualification } from '../repositories/qualifications.js'
import {
  bookedUnderRecognitionEvent,
  grantQualificationIfCompletedUnderRecognition,
} from '../repositories/recognitions.js'
import {
  findReservation,
  insertReservationIfFree,
  listHeldAndBlackouts,
  type NewReservation,
  rescheduleIfFree,
} from '../repositories/reservations.js'
import { findUserById } from '../repositories/users.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { Purpose } from './inputs/reservation.js'
import { checkedText } from './inputs/text.js'
import { availabilityOf } from './instrument-calendar.js'
import { agreedMoney, finalChargeOf, moneyFactsOf, moneyLookups, namedVoucher } from './pricing.js'
import { bookingStatus, qualifyingRecognition } from './recognitions.js'
import { runMovesWithItsOrder } from './reservation-moves.js'
import { getReservation } from './reservation-queries.js'

/* Booking: reserve, record a use after the fact, reschedule. Each is one atomic conflict-checked write. */

const MINUTE = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

async function instrumentOf({ db }: Deps, id: string) {
  const instrument = await findInstrument(db, id)
  if (!instrument) throw notFound('Instrument')
  return instrument
}

/**
 * The 409 body, read after the atomic write failed: what is in the way (never whose), and the nearest free slots
 * of the same length, so that a client can offer them at once.
 */
export async function timeTaken(deps: Deps, instrument: Instrument, start: number, end: number, ignoreId?: string) {
  const now = deps.clock()
  const reach = end + instrument.bufferMinutes * MINUTE
  const { held, blackouts } = await listHeldAndBlackouts(deps.db, instrument.id, start, reach, now, ignoreId)
  const conflicts = findConflicts({ start, end }, instrument.bufferMinutes, held, blackouts)
  const { free } = await availabilityOf(deps, instrument, start - ALTERNATIVES_BEFORE_MS, start + ALTERNATIVES_AFTER_MS)
  const alternatives = nearestFreeSlots(free, { start, end }, instrument.slotMinutes)
  return new AppError('time-taken', 'This time overlaps another reservation, its buffer or a blackout.', {
    conflicts: conflicts.map((c) => ({ start: iso(c.start), end: iso(c.end), kind: c.kind })),
    alternatives: alternatives.map((slot) => ({ start: iso(slot.start), end: iso(slot.end) })),
  })
}

function checkRules(instrument: Instrument, start: number, end: number, now: number) {
  const violation = checkBookingRules({ start, end }, { rules: instrument, instrumentStatus: instrument.status, now })
  if (violation) throw new AppError('rule-violation', violation.detail, { rule: violation.rule })
}

/**
 * Whether the actor may book: no qualification needed, the instrument's own, or one recognised (资格互认). Answers
 * the recognition the booking is made under (null: none needed).
 */
async function checkQualified(deps: Deps, actor: User, instrument: Instrument, now: number): Promise<string | null> {
  if (!instrument.requiresQualification || administers(actor, instrument.institutionId)) return null
  if (await hasQualification(deps.db, instrument.id, actor.id, now)) return null
  const recognitionId = await qualifyingRecognition(deps, actor.id, instrument, now)
  if (recognitionId === null) throw notQualified()
  return recognitionId
}

const notQualified = () =>
  new AppError('not-qualified', 'This instrument needs a training qualification (培训认证) from its institute first.')

/** The statements that make a reservation under a recognition auditable and, once completed, qualifying. */
function underRecognitionWrites(deps: Deps, r: NewReservation, actorId: string, now: number) {
  if (r.recognitionId === null) return []
  const booked = bookedUnderRecognitionEvent(deps.db, { ...r, recognitionId: r.recognitionId }, actorId, now)
  return [
    booked,
    ...(r.status === 'completed' ? grantQualificationIfCompletedUnderRecognition(deps.db, r.id, actorId, now) : []),
  ]
}

/** The reservation exactly as the insert just wrote it: no second read on the booking path. */
const asWritten = (reservation: NewReservation, agreed: AgreedMoney, now: number): Reservation => ({
  ...reservation,
  statusReason: null,
  decidedBy: null,
  decidedAt: null,
  version: 1,
  createdAt: now,
  updatedAt: now,
  ...agreed,
  billedMinutes: null,
  chargeFen: null,
  deductionFen: null,
  payableFen: null,
  feeFen: null,
  chargedAt: null,
})

export interface ReserveInput {
  instrumentId: string
  start: number
  end: number
  purpose: string
  /** a voucher of the user's institution (checked now: 404, 422); nothing is held until the charge is final */
  voucherId?: string | null
  fundAccount?: string
}

/** Books a slot: rules in order (404 → 403 → 422), then one atomic conflict-checked insert (409). */
export async function reserve(deps: Deps, actor: User, input: ReserveInput): Promise<Reservation> {
  if (input.end <= input.start) throw invalid('end', 'must be after start')
  const purpose = checkedText('purpose', input.purpose, Purpose)
  const instrument = await instrumentOf(deps, input.instrumentId)
  const lookups = moneyLookups(deps)
  const named = await namedVoucher(lookups, input.voucherId)
  if (actor.role === 'talent_office') throw forbidden('A talent office reads; it does not book.')
  if (!actor.institutionId) throw forbidden('An account without an institution cannot book.')
  const now = deps.clock()
  const recognitionId = await checkQualified(deps, actor, instrument, now)
  checkRules(instrument, input.start, input.end, now)
  const money = await agreedMoney(deps, lookups, instrument, actor.institutionId, named, input)
  await money.check()
  const status = await bookingStatus(deps, instrument, actor.id, recognitionId)
  const reservation: NewReservation = {
    id: newId(),
    instrumentId: instrument.id,
    userId: actor.id,
    userInstitutionId: actor.institutionId,
    start: input.start,
    end: input.end,
    holdEnd: input.end + instrument.bufferMinutes * MINUTE,
    status,
    purpose,
    recorded: false,
    recognitionId,
    orderId: null,
    actualStart: null,
    actualEnd: null,
    icsUid: `${newId()}@yongzhou`,
  }
  const inserted = await insertReservationIfFree(
    deps.db,
    deps.batch,
    reservation,
    now,
    { actorId: actor.id, fromStatus: null, toStatus: status, reason: 'booked' },
    {
      ...newReservationMoneySql(money.agreed, null, now),
      // a request that awaits approval tells the instrument's admins, in the same write
      notify: status === 'pending' ? notifyApprovalRequested(deps.db, newId(), reservation.id, now) : undefined,
      followedBy: underRecognitionWrites(deps, reservation, actor.id, now),
    },
  )
  if (!inserted) {
    // revoked (or expired) between the check and the write: the booking is refused like any unqualified one
    if (recognitionId !== null && (await qualifyingRecognition(deps, actor.id, instrument, now)) !== recognitionId)
      throw notQualified()
    throw await timeTaken(deps, instrument, input.start, input.end)
  }
  return asWritten(reservation, money.agreed, now)
}

export interface RecordUseInput {
  instrumentId: string
  userId: string
  start: number
  end: number
  /** false: an old log settled elsewhere — it counts as a use and costs nothing */
  billable?: boolean
  voucherId?: string | null
  fundAccount?: string
}

/**
 * Records a use that took place (walk-in, night run, an older log): a completed reservation whose charge is final
 * in the same insert, its voucher deduction read by that insert. Booking rules do not apply to a record of fact,
 * but plausibility does (domain/recorded-uses.ts): 400 → 404 → 403 → 422 → 409.
 */
export async function recordUse(deps: Deps, actor: User, input: RecordUseInput): Promise<Reservation> {
  const now = deps.clock()
  if (input.end <= input.start) throw invalid('end', 'must be after start')
  if (input.end > now) throw invalid('end', 'a recorded use must have ended already')
  if (input.billable === false && input.voucherId)
    throw invalid('voucherId', 'a use that is not billable costs nothing: it takes no voucher')
  const instrument = await instrumentOf(deps, input.instrumentId)
  const user = await findUserById(deps.db, input.userId)
  if (!user) throw notFound('User')
  const lookups = moneyLookups(deps)
  const named = await namedVoucher(lookups, input.voucherId)
  if (!administers(actor, instrument.institutionId)) throw forbidden('Only the admin of its institution records uses.')
  const violation = checkRecordedUse(input, {
    instrumentStatus: instrument.status,
    minMinutes: instrument.minMinutes,
    user,
  })
  if (violation) {
    const limit = violation.limitMinutes
    const bound = violation.rule === 'too-short' ? { minMinutes: limit } : limit ? { maxMinutes: limit } : {}
    throw new AppError('rule-violation', violation.detail, { rule: violation.rule, ...bound })
  }
  // an eligible user (checked above) is a researcher or an institute admin: both belong to an institution
  const userInstitutionId = user.institutionId!
  const money = await agreedMoney(deps, lookups, instrument, userInstitutionId, named, input)
  await money.check()
  // A record of fact needs no qualification; one that a recognition would have allowed counts as made under it
  // and, being complete, grants the instrument's own qualification in the same write.
  const recognitionId =
    instrument.requiresQualification &&
    !administers(user, instrument.institutionId) &&
    !(await hasQualification(deps.db, instrument.id, user.id, now))
      ? await qualifyingRecognition(deps, user.id, instrument, now)
      : null
  const reservation: NewReservation = {
    id: newId(),
    instrumentId: instrument.id,
    userId: user.id,
    userInstitutionId,
    start: input.start,
    end: input.end,
    holdEnd: input.end,
    status: 'completed' as const,
    purpose: '',
    recorded: true,
    recognitionId,
    orderId: null,
    actualStart: input.start,
    actualEnd: input.end,
    icsUid: `${newId()}@yongzhou`,
  }
  const written = asWritten(reservation, money.agreed, now)
  const charge = await finalChargeOf(lookups, written, money.provider)
  const inserted = await insertReservationIfFree(
    deps.db,
    deps.batch,
    reservation,
    now,
    {
      actorId: actor.id,
      fromStatus: null,
      toStatus: 'completed',
      reason: 'recorded after the fact',
      detail: { billedMinutes: charge.billedMinutes, chargeFen: charge.chargeFen },
    },
    {
      ...newReservationMoneySql(money.agreed, charge, now),
      followedBy: [
        ...moneyFollowUps(deps.db, moneyFactsOf(written, instrument), now),
        ...underRecognitionWrites(deps, reservation, actor.id, now),
      ],
    },
  )
  if (!inserted) {
    const { held } = await listHeldAndBlackouts(deps.db, instrument.id, input.start, input.end, now)
    throw new AppError('time-taken', 'Another reservation or use of this instrument overlaps this time.', {
      conflicts: held
        .filter((h) => h.start < input.end && input.start < h.end)
        .map((h) => ({ start: iso(h.start), end: iso(h.end), kind: 'reservation' })),
    })
  }
  // the deduction was decided by the insert itself: read it back
  return (await findReservation(deps.db, reservation.id))!
}

/**
 * Reschedules (or edits the purpose of) a reservation. A new time is checked against the rules
 * and written atomically with the overlap check, ignoring itself; on an approval instrument it
 * goes back to pending.
 */
export async function reschedule(
  deps: Deps,
  actor: User,
  id: string,
  version: number,
  change: { start?: number; end?: number; purpose?: string },
): Promise<Reservation> {
  const purpose = change.purpose === undefined ? undefined : checkedText('purpose', change.purpose, Purpose)
  const { reservation, instrument } = await getReservation(deps, actor, id)
  const isAdmin = administers(actor, instrument.institutionId)
  const now = deps.clock()
  if (!isAdmin && actor.id !== reservation.userId)
    throw forbidden('Only the researcher or the institute admin may change it.')
  if (!isAdmin && reservation.start <= now)
    throw new AppError('invalid-transition', 'A researcher may change a reservation only before its start.')
  if (reservation.orderId !== null) throw runMovesWithItsOrder()
  if (version !== reservation.version)
    throw new AppError('precondition-failed', 'The reservation has changed since you read it; fetch it again.')
  if (reservation.status !== 'pending' && reservation.status !== 'confirmed')
    throw new AppError('invalid-transition', `A ${reservation.status} reservation cannot be changed.`)
  const start = change.start ?? reservation.start
  const end = change.end ?? reservation.end
  if (start >= end) throw invalid('end', 'must be after start')
  const moved = start !== reservation.start || end !== reservation.end
  // a confirmed reservation whose end has passed is a use that took place: moving it would rewrite history
  if (moved && reservation.end <= now)
    throw new AppError('invalid-transition', 'A reservation that has ended is history; its time cannot be changed.')
  if (moved) checkRules(instrument, start, end, now)
  const status: ReservationStatus = moved && instrument.requiresApproval ? 'pending' : reservation.status
  const holdEnd = moved ? end + instrument.bufferMinutes * MINUTE : reservation.holdEnd
  const ok = await rescheduleIfFree(
    deps.db,
    deps.batch,
    {
      id,
      instrumentId: instrument.id,
      version,
      fromStatuses: [reservation.status],
      start,
      end,
      holdEnd,
      status,
      purpose: purpose ?? reservation.purpose,
    },
    now,
    {
      actorId: actor.id,
      fromStatus: reservation.status,
      toStatus: status,
      reason: moved ? 'rescheduled' : 'purpose edited',
      detail: moved
        ? {
            from: { start: iso(reservation.start), end: iso(reservation.end) },
            to: { start: iso(start), end: iso(end) },
          }
        : null,
    },
  )
  if (!ok) {
    const current = await findReservation(deps.db, id)
    if (current && current.version !== version)
      throw new AppError('precondition-failed', 'The reservation changed at the same time; fetch it again.')
    throw await timeTaken(deps, instrument, start, end, id)
  }
  return (await findReservation(deps.db, id))!
}
