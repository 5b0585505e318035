import { DateTime } from 'luxon'
import { isHeld, noShowOpen } from '../domain/lifecycle.js'
import { STATS_ZONE } from '../domain/sharing/counting.js'
import type { Instrument, Reservation, User } from '../domain/types.js'
import { forbidden, notFound } from '../errors.js'
import { findInstrument, listInstrumentsByIds } from '../repositories/instruments.js'
import {
  expireOverdue,
  findReservation,
  listEvents,
  listReservations,
  type ReservationFilter,
} from '../repositories/reservations.js'
import { listUsersByIds } from '../repositories/users.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'

/* Who may see which reservation, and the lists the API and the pages show. */

const DAY = 24 * 3600_000

/** Who may see a reservation: its researcher, its institute admin, talent offices, platform admins. */
function canSee(actor: User, reservation: Reservation, instrument: Instrument) {
  return (
    actor.id === reservation.userId || actor.role === 'talent_office' || administers(actor, instrument.institutionId)
  )
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

/** `GET /reservations`: a researcher sees their own; an institute admin also those on its instruments; the rest all. */
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

const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]))

const MY_PAST_DAYS = 180
const MY_PAST_SHOWN = 50
const MY_LIMIT = 500

/**
 * The actor's own reservations (never those of others they administer): upcoming (held, not yet ended) soonest
 * first, then up to 50 of the last 180 days, latest first; with their instruments, read in one query.
 */
export async function myReservations(deps: Deps, actor: User) {
  const now = deps.clock()
  await expireOverdue(deps.db, deps.batch, now)
  const visibleTo = { userId: actor.id, adminOfInstitutionId: null }
  const all = (await listReservations(deps.db, { visibleTo, from: now - MY_PAST_DAYS * DAY, limit: MY_LIMIT })).filter(
    // an admin's runs of sample orders are the lab's work, shown with the orders, not the admin's own bookings
    (r) => r.orderId === null,
  )
  const upcoming = all.filter((r) => r.end > now && isHeld(r.status))
  const past = all
    .filter((r) => !upcoming.includes(r))
    .reverse()
    .slice(0, MY_PAST_SHOWN)
  const instruments = byId(
    await listInstrumentsByIds(
      deps.db,
      [...upcoming, ...past].map((r) => r.instrumentId),
    ),
  )
  return { upcoming, past, instruments }
}

const DAY_LIMIT = 500

/**
 * What an institute's admin acts on today (its instruments only): the requests awaiting approval, today's schedule
 * (Asia/Shanghai), the confirmed reservations that may be marked no-show now, and the people behind them — names an
 * admin may see for reservations on its own instruments.
 */
export async function institutionDay(deps: Deps, actor: User, instruments: readonly Instrument[]) {
  const now = deps.clock()
  const ours = new Set(instruments.map((i) => i.id))
  const onOurs = (list: Reservation[]) => list.filter((r) => ours.has(r.instrumentId))
  const today = DateTime.fromMillis(now, { zone: STATS_ZONE }).startOf('day')
  const [pending, todays, confirmedLately] = await Promise.all([
    findReservations(deps, actor, { status: 'pending', limit: DAY_LIMIT }),
    findReservations(deps, actor, { from: today.toMillis(), to: today.plus({ days: 1 }).toMillis(), limit: DAY_LIMIT }),
    findReservations(deps, actor, { status: 'confirmed', from: now - 8 * DAY, to: now, limit: DAY_LIMIT }),
  ])
  const queue = onOurs(pending)
  const schedule = onOurs(todays)
  const noShows = onOurs(confirmedLately).filter((r) => r.orderId === null && noShowOpen(r, now))
  const people = byId(
    await listUsersByIds(
      deps.db,
      [...queue, ...schedule, ...noShows].map((r) => r.userId),
    ),
  )
  return { queue, schedule, noShows, people }
}

/**
 * Reservations of one instrument by id, with the names of their researchers, for the instrument's admin: the page
 * that added a blackout says whose bookings it cancelled. Ids of other instruments are left out.
 */
export async function reservationsOnInstrument(deps: Deps, actor: User, instrument: Instrument, ids: string[]) {
  if (!administers(actor, instrument.institutionId)) throw forbidden('Only the admin of its institution sees these.')
  const found = await Promise.all(ids.map((id) => findReservation(deps.db, id)))
  const reservations = found.filter((r): r is Reservation => r !== null && r.instrumentId === instrument.id)
  const people = byId(
    await listUsersByIds(
      deps.db,
      reservations.map((r) => r.userId),
    ),
  )
  return reservations.map((reservation) => ({ reservation, person: people.get(reservation.userId) ?? null }))
}
