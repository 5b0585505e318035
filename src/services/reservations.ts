import { sql } from 'kysely'
import { findConflicts } from '../domain/conflicts.js'
import {
  CHECK_IN_OPENS_BEFORE_START_MS,
  fromStatuses,
  NO_SHOW_CLOSES_AFTER_END_MS,
  NO_SHOW_OPENS_AFTER_START_MS,
  nextStatus,
  type ReservationAction,
} from '../domain/lifecycle.js'
import { checkBookingRules } from '../domain/rules.js'
import type { Instrument, Reservation, ReservationStatus, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import type { Deps } from '../http/env.js'
import { findInstrument } from '../repositories/instruments.js'
import { hasQualification } from '../repositories/qualifications.js'
import {
  expireOverdue,
  findReservation,
  insertReservationIfFree,
  listEvents,
  listHeldAndBlackouts,
  listReservations,
  MAX_SPAN_MS,
  type NewReservation,
  type ReservationFilter,
  rescheduleIfFree,
  transition,
} from '../repositories/reservations.js'
import { findUserById } from '../repositories/users.js'
import { newId } from '../security/tokens.js'
import { administers } from './directory.js'

const MINUTE = 60_000

/** Who may see a reservation: its researcher, its institute admin, talent offices, platform admins. */
function canSee(actor: User, reservation: Reservation, instrument: Instrument) {
  return (
    actor.id === reservation.userId || actor.role === 'talent_office' || administers(actor, instrument.institutionId)
  )
}

async function instrumentOf({ db }: Deps, id: string) {
  const instrument = await findInstrument(db, id)
  if (!instrument) throw notFound('Instrument')
  return instrument
}

/** The 409 body: what is in the way, never whose. Read after the atomic write failed. */
async function timeTaken(deps: Deps, instrument: Instrument, start: number, end: number, ignoreId?: string) {
  const { held, blackouts } = await listHeldAndBlackouts(
    deps.db,
    instrument.id,
    start,
    end + instrument.bufferMinutes * MINUTE,
    deps.clock(),
    ignoreId,
  )
  const conflicts = findConflicts({ start, end }, instrument.bufferMinutes, held, blackouts)
  return new AppError('time-taken', 'This time overlaps another reservation, its buffer or a blackout.', {
    conflicts: conflicts.map((c) => ({
      start: new Date(c.start).toISOString(),
      end: new Date(c.end).toISOString(),
      kind: c.kind,
    })),
  })
}

function checkRules(instrument: Instrument, start: number, end: number, now: number) {
  const violation = checkBookingRules({ start, end }, { rules: instrument, instrumentStatus: instrument.status, now })
  if (violation) throw new AppError('rule-violation', violation.detail, { rule: violation.rule })
}

async function checkQualified({ db }: Deps, actor: User, instrument: Instrument, now: number) {
  if (!instrument.requiresQualification || administers(actor, instrument.institutionId)) return
  if (!(await hasQualification(db, instrument.id, actor.id, now)))
    throw new AppError(
      'not-qualified',
      'This instrument needs a training qualification (培训认证) from its institute first.',
    )
}

/** The reservation exactly as the insert just wrote it: no second read on the booking path. */
const asWritten = (reservation: NewReservation, now: number): Reservation => ({
  ...reservation,
  statusReason: null,
  decidedBy: null,
  decidedAt: null,
  version: 1,
  createdAt: now,
  updatedAt: now,
})

export interface ReserveInput {
  instrumentId: string
  start: number
  end: number
  purpose: string
}

/** Books a slot: rules in order (404 → 403 → 422), then one atomic conflict-checked insert (409). */
export async function reserve(deps: Deps, actor: User, input: ReserveInput): Promise<Reservation> {
  const instrument = await instrumentOf(deps, input.instrumentId)
  if (actor.role === 'talent_office') throw forbidden('A talent office reads; it does not book.')
  if (!actor.institutionId) throw forbidden('An account without an institution cannot book.')
  const now = deps.clock()
  await checkQualified(deps, actor, instrument, now)
  checkRules(instrument, input.start, input.end, now)
  const status: ReservationStatus = instrument.requiresApproval ? 'pending' : 'confirmed'
  const reservation = {
    id: newId(),
    instrumentId: instrument.id,
    userId: actor.id,
    userInstitutionId: actor.institutionId,
    start: input.start,
    end: input.end,
    holdEnd: input.end + instrument.bufferMinutes * MINUTE,
    status,
    purpose: input.purpose,
    recorded: false,
    actualStart: null,
    actualEnd: null,
    icsUid: `${newId()}@yongzhou`,
  }
  const inserted = await insertReservationIfFree(deps.db, deps.batch, reservation, now, {
    actorId: actor.id,
    fromStatus: null,
    toStatus: status,
    reason: 'booked',
  })
  if (!inserted) throw await timeTaken(deps, instrument, input.start, input.end)
  return asWritten(reservation, now)
}

/** Records a use that took place (walk-in, night run, an older log): a completed reservation. */
export async function recordUse(
  deps: Deps,
  actor: User,
  input: { instrumentId: string; userId: string; start: number; end: number },
): Promise<Reservation> {
  const now = deps.clock()
  if (input.end > now) throw invalid('end', 'a recorded use must have ended already')
  if (input.end - input.start > MAX_SPAN_MS) throw invalid('end', 'a recorded use lasts at most 31 days')
  const instrument = await instrumentOf(deps, input.instrumentId)
  const user = await findUserById(deps.db, input.userId)
  if (!user) throw notFound('User')
  if (!administers(actor, instrument.institutionId)) throw forbidden('Only the admin of its institution records uses.')
  if (!user.institutionId) throw invalid('userId', 'this account belongs to no institution')
  const reservation = {
    id: newId(),
    instrumentId: instrument.id,
    userId: user.id,
    userInstitutionId: user.institutionId,
    start: input.start,
    end: input.end,
    holdEnd: input.end,
    status: 'completed' as const,
    purpose: '',
    recorded: true,
    actualStart: input.start,
    actualEnd: input.end,
    icsUid: `${newId()}@yongzhou`,
  }
  const inserted = await insertReservationIfFree(deps.db, deps.batch, reservation, now, {
    actorId: actor.id,
    fromStatus: null,
    toStatus: 'completed',
    reason: 'recorded after the fact',
  })
  if (!inserted) {
    const { held } = await listHeldAndBlackouts(deps.db, instrument.id, input.start, input.end, now)
    throw new AppError('time-taken', 'Another reservation or use of this instrument overlaps this time.', {
      conflicts: held
        .filter((h) => h.start < input.end && input.start < h.end)
        .map((h) => ({
          start: new Date(h.start).toISOString(),
          end: new Date(h.end).toISOString(),
          kind: 'reservation',
        })),
    })
  }
  return asWritten(reservation, now)
}

/** One reservation the actor may see, with its instrument; unknown and invisible are both 404. */
export async function getReservation(deps: Deps, actor: User, id: string) {
  await expireOverdue(deps.db, deps.batch, deps.clock())
  const reservation = await findReservation(deps.db, id)
  const instrument = reservation ? await findInstrument(deps.db, reservation.instrumentId) : null
  if (!reservation || !instrument || !canSee(actor, reservation, instrument)) throw notFound('Reservation')
  return { reservation, instrument }
}

export async function reservationHistory(deps: Deps, actor: User, id: string) {
  await getReservation(deps, actor, id)
  return listEvents(deps.db, id)
}

export async function findReservations(
  deps: Deps,
  actor: User,
  filter: Omit<ReservationFilter, 'visibleTo'>,
): Promise<Reservation[]> {
  await expireOverdue(deps.db, deps.batch, deps.clock())
  const seesAll = actor.role === 'talent_office' || actor.role === 'platform_admin'
  const visibleTo = seesAll
    ? null
    : { userId: actor.id, adminOfInstitutionId: actor.role === 'institution_admin' ? actor.institutionId : null }
  return listReservations(deps.db, { ...filter, visibleTo })
}

interface ActionPlan {
  action: ReservationAction
  actor: User
  reservation: Reservation
  instrument: Instrument
  reason?: string | null
}

/** The guarded write of one lifecycle move; a lost race or a closed window is 409 invalid-transition. */
async function applyAction(deps: Deps, plan: ActionPlan) {
  const { action, actor, reservation, instrument } = plan
  const now = deps.clock()
  const to = nextStatus(reservation.status, action)
  if (!to)
    throw new AppError('invalid-transition', `Cannot ${action} a reservation that is ${reservation.status}.`, {
      currentStatus: reservation.status,
    })
  const set: Parameters<typeof transition>[2]['set'] = {}
  let guard = sql<boolean>`1 = 1`
  switch (action) {
    case 'approve':
    case 'reject':
      set.decidedBy = actor.id
      set.decidedAt = now
      set.statusReason = plan.reason ?? null
      // Undecided at its start, a request expires: it can no longer be approved or rejected.
      guard = sql<boolean>`r.start_ms > ${now}`
      if (reservation.start <= now)
        throw new AppError('invalid-transition', 'The request was still undecided at its start and has expired.')
      break
    case 'cancel':
      set.statusReason = plan.reason ?? null
      if (!administers(actor, instrument.institutionId)) {
        guard = sql<boolean>`r.start_ms > ${now}`
        if (reservation.start <= now)
          throw new AppError(
            'invalid-transition',
            'A reservation can be cancelled by its researcher only before its start.',
          )
      }
      break
    case 'check-in':
      set.actualStart = now
      guard = sql<boolean>`r.start_ms - ${CHECK_IN_OPENS_BEFORE_START_MS} <= ${now} AND ${now} < r.end_ms`
      if (now < reservation.start - CHECK_IN_OPENS_BEFORE_START_MS || now >= reservation.end)
        throw new AppError('invalid-transition', 'Check-in is open from 15 minutes before the start until the end.')
      break
    case 'check-out':
      set.actualEnd = now
      break
    case 'no-show':
      guard = sql<boolean>`r.start_ms + ${NO_SHOW_OPENS_AFTER_START_MS} <= ${now} AND ${now} <= r.end_ms + ${NO_SHOW_CLOSES_AFTER_END_MS}`
      if (now < reservation.start + NO_SHOW_OPENS_AFTER_START_MS || now > reservation.end + NO_SHOW_CLOSES_AFTER_END_MS)
        throw new AppError(
          'invalid-transition',
          'A no-show may be marked from 15 minutes after the start until 7 days after the end.',
        )
      set.statusReason = plan.reason ?? null
      break
    default:
      break
  }
  const changed = await transition(
    deps.db,
    deps.batch,
    {
      id: reservation.id,
      fromStatuses: fromStatuses(action).filter((s) => s === reservation.status),
      toStatus: to,
      guard,
      set,
    },
    now,
    { actorId: actor.id, fromStatus: reservation.status, toStatus: to, reason: plan.reason ?? null },
  )
  if (!changed)
    throw new AppError(
      'invalid-transition',
      'The reservation changed at the same time (someone else acted first); reload it.',
    )
  return (await findReservation(deps.db, reservation.id))!
}

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

export async function act(deps: Deps, actor: User, id: string, action: ReservationAction, reason?: string | null) {
  const { reservation, instrument } = await getReservation(deps, actor, id)
  authorise(action, actor, reservation, instrument)
  return applyAction(deps, { action, actor, reservation, instrument, reason })
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
  const { reservation, instrument } = await getReservation(deps, actor, id)
  const isAdmin = administers(actor, instrument.institutionId)
  const now = deps.clock()
  if (!isAdmin && actor.id !== reservation.userId)
    throw forbidden('Only the researcher or the institute admin may change it.')
  if (!isAdmin && reservation.start <= now)
    throw new AppError('invalid-transition', 'A researcher may change a reservation only before its start.')
  if (version !== reservation.version)
    throw new AppError('precondition-failed', 'The reservation has changed since you read it; fetch it again.')
  if (reservation.status !== 'pending' && reservation.status !== 'confirmed')
    throw new AppError('invalid-transition', `A ${reservation.status} reservation cannot be changed.`)
  const start = change.start ?? reservation.start
  const end = change.end ?? reservation.end
  if (start >= end) throw invalid('end', 'must be after start')
  const moved = start !== reservation.start || end !== reservation.end
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
      purpose: change.purpose ?? reservation.purpose,
    },
    now,
    {
      actorId: actor.id,
      fromStatus: reservation.status,
      toStatus: status,
      reason: moved ? 'rescheduled' : 'purpose edited',
      detail: moved
        ? {
            from: { start: new Date(reservation.start).toISOString(), end: new Date(reservation.end).toISOString() },
            to: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
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
