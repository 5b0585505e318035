import { computeAvailability } from '../domain/availability.js'
import type { Instrument, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import {
  type Blackout,
  findBlackout,
  insertBlackoutCancelling,
  liftBlackout,
  listBlackouts,
  listInUseOverlapping,
} from '../repositories/blackouts.js'
import { deleteQualification, listQualifications, upsertQualification } from '../repositories/qualifications.js'
import { listHeldAndBlackouts } from '../repositories/reservations.js'
import { findUserById } from '../repositories/users.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { BlackoutReason } from './inputs/reservation.js'
import { checkedText } from './inputs/text.js'
import { getInstrument } from './instruments.js'

/** The longest window one availability query may span (API.md). */
export const MAX_WINDOW_DAYS = 62

/** Free and busy times of an instrument in [from, to): what anyone may see, never whose. */
export async function availability(deps: Deps, instrumentId: string, from: number, to: number) {
  if (to <= from) throw invalid('to', 'must be after from')
  if (to - from > MAX_WINDOW_DAYS * 24 * 3600_000) throw invalid('to', `at most ${MAX_WINDOW_DAYS} days after from`)
  const instrument = await getInstrument(deps, instrumentId)
  return { instrument, ...(await availabilityOf(deps, instrument, from, to)) }
}

/** The availability of an instrument already read (for callers that check many, or look around a refused time). */
export async function availabilityOf(deps: Deps, instrument: Instrument, from: number, to: number) {
  const now = deps.clock()
  const reach = instrument.bufferMinutes * 60_000
  const { held, blackouts } = await listHeldAndBlackouts(deps.db, instrument.id, from - reach, to + reach, now)
  return computeAvailability({
    rules: instrument,
    instrumentStatus: instrument.status,
    window: { start: from, end: to },
    now,
    held,
    blackouts,
  })
}

async function managedInstrument(deps: Deps, actor: User, instrumentId: string) {
  const instrument = await getInstrument(deps, instrumentId)
  if (!administers(actor, instrument.institutionId))
    throw forbidden('Only the admin of the instrument’s institution may do this.')
  return instrument
}

export async function addBlackout(
  deps: Deps,
  actor: User,
  instrumentId: string,
  input: { start: number; end: number; reason: string },
): Promise<Blackout & { cancelledReservationIds: string[] }> {
  if (input.end <= input.start) throw invalid('end', 'must be after start')
  const reason = checkedText('reason', input.reason, BlackoutReason)
  const instrument = await managedInstrument(deps, actor, instrumentId)
  const blackout = { id: newId(), instrumentId: instrument.id, ...input, reason }
  const cancelled = await insertBlackoutCancelling(deps.db, deps.batch, blackout, actor.id, deps.clock())
  if (cancelled === null) {
    const inUse = await listInUseOverlapping(deps.db, instrument.id, input.start, input.end, deps.clock())
    throw new AppError('time-taken', 'A reservation in use overlaps this blackout; check it out first.', {
      conflicts: inUse.map((r) => ({
        start: new Date(r.start).toISOString(),
        end: new Date(r.end).toISOString(),
        kind: 'reservation',
      })),
    })
  }
  return { ...blackout, cancelledReservationIds: cancelled }
}

export async function blackoutsOf(deps: Deps, instrumentId: string, from?: number, to?: number) {
  const instrument = await getInstrument(deps, instrumentId)
  return listBlackouts(deps.db, instrument.id, from, to)
}

/**
 * Lifts a blackout without rewriting history: reservations it cancelled stay cancelled (their researchers were told),
 * a blackout under way ends now (its past stays on record), and one that has ended cannot be lifted (409).
 */
export async function removeBlackout(deps: Deps, actor: User, instrumentId: string, blackoutId: string) {
  const instrument = await getInstrument(deps, instrumentId)
  const blackout = await findBlackout(deps.db, instrument.id, blackoutId)
  if (!blackout) throw notFound('Blackout')
  if (!administers(actor, instrument.institutionId))
    throw forbidden('Only the admin of the instrument’s institution may do this.')
  const lifted = await liftBlackout(deps.db, blackout.id, deps.clock())
  if (lifted === 'unchanged')
    throw new AppError('invalid-transition', 'This blackout has ended: it is part of the instrument’s history.')
  return lifted
}

export async function grantQualification(
  deps: Deps,
  actor: User,
  instrumentId: string,
  input: { userId: string; expiresAt: number | null },
) {
  const instrument = await getInstrument(deps, instrumentId)
  const user = await findUserById(deps.db, input.userId)
  if (!user) throw notFound('User')
  if (!administers(actor, instrument.institutionId))
    throw forbidden('Only the admin of the instrument’s institution may do this.')
  await upsertQualification(
    deps.db,
    { instrumentId, userId: user.id, grantedBy: actor.id, expiresAt: input.expiresAt },
    deps.clock(),
  )
  return { userId: user.id, name: user.name, institutionId: user.institutionId, expiresAt: input.expiresAt }
}

export async function qualificationsOf(deps: Deps, actor: User, instrumentId: string) {
  // A talent office reads everything (API.md); only the instrument's institute admin may change the list.
  const instrument =
    actor.role === 'talent_office'
      ? await getInstrument(deps, instrumentId)
      : await managedInstrument(deps, actor, instrumentId)
  return listQualifications(deps.db, instrument.id)
}

export async function revokeQualification(deps: Deps, actor: User, instrumentId: string, userId: string) {
  const instrument = await managedInstrument(deps, actor, instrumentId)
  if (!(await deleteQualification(deps.db, instrument.id, userId))) throw notFound('Qualification')
}
