import ical, { ICalEventBusyStatus, ICalEventStatus, ICalEventTransparency } from 'ical-generator'
import type { User } from '../domain/types.js'
import { AppError, notFound } from '../errors.js'
import { listBlackouts } from '../repositories/blackouts.js'
import { findInstrument } from '../repositories/instruments.js'
import { listCalendarBusy, listReservations } from '../repositories/reservations.js'
import { findFeedKey, findUserByFeedKey, setFeedKey } from '../repositories/users.js'
import { randomSecret } from '../security/tokens.js'
import type { Deps } from './deps.js'

const DAY = 24 * 3600_000
const PAST_DAYS = 30
const FUTURE_DAYS = 400
const PRODUCT = { company: '甬舟仪享', product: 'yongzhou-yixiang', language: 'ZH' }

/**
 * Text for an iCalendar value: RFC 5545 allows no control character but HTAB in a TEXT value, so each one becomes a
 * space; line breaks stay, as LF, for the escaping to turn into `\n`. Names are refused with control characters
 * when written (services/inputs/text.ts): this is for whatever was stored before that.
 */
export const icsPlain = (text: string): string =>
  text.replace(/\r\n?/g, '\n').replace(/(?!\n)[\p{Cc}\u2028\u2029]/gu, ' ')

/**
 * A TEXT value escaped as RFC 5545 §3.3.11 requires (backslash, semicolon, comma, line break), for the properties
 * ical-generator writes as given: the calendar's NAME and X-WR-CALNAME. (SUMMARY, LOCATION and DESCRIPTION it
 * escapes itself; they get `icsPlain` only — test/http/calendars.test.ts parses both kinds back.)
 */
export const icsText = (text: string): string =>
  icsPlain(text)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')

/**
 * An instrument's busy times as iCalendar: anyone may subscribe, so each event says only
 * "busy" — no names, no purposes — and its UID is a random value stored with the reservation.
 */
export async function instrumentCalendar(deps: Deps, instrumentId: string): Promise<string> {
  const instrument = await findInstrument(deps.db, instrumentId)
  if (!instrument) throw notFound('Instrument')
  const now = deps.clock()
  const from = now - PAST_DAYS * DAY
  const to = now + FUTURE_DAYS * DAY
  const held = await listCalendarBusy(deps.db, instrument.id, from, to, now)
  const blackouts = await listBlackouts(deps.db, instrument.id, from, to)
  // No `timezone` here: without a VTIMEZONE generator ical-generator would then write floating local times of the
  // server process (no Z, no TZID), which calendar apps read in their own zone. Instants are written in UTC.
  const calendar = ical({ name: icsText(`${instrument.name} — 占用 / busy`), prodId: PRODUCT, ttl: 900 })
  for (const r of held)
    calendar.createEvent({
      id: r.icsUid,
      start: new Date(r.start),
      end: new Date(r.end),
      stamp: new Date(r.updatedAt),
      summary: '已预约 / Busy',
      busystatus: ICalEventBusyStatus.BUSY,
      transparency: ICalEventTransparency.OPAQUE,
    })
  for (const b of blackouts)
    calendar.createEvent({
      id: `blackout-${b.id}@yongzhou`,
      start: new Date(b.start),
      end: new Date(b.end),
      stamp: new Date(now),
      summary: '停用 / Busy (unavailable)',
      busystatus: ICalEventBusyStatus.BUSY,
    })
  return calendar.toString()
}

/** A researcher's own reservations, reached by the private feed key shown on GET /me. */
export async function personalCalendar(deps: Deps, feedKey: string): Promise<string> {
  const user = feedKey ? await findUserByFeedKey(deps.db, feedKey) : null
  if (!user?.active) throw new AppError('unauthenticated', 'The calendar key is unknown or was renewed.')
  const now = deps.clock()
  const reservations = await listReservations(deps.db, {
    visibleTo: { userId: user.id, adminOfInstitutionId: null },
    from: now - 90 * DAY,
    to: now + FUTURE_DAYS * DAY,
    limit: 2000,
  })
  const mine = reservations.filter((r) => r.userId === user.id)
  const names = new Map<string, { name: string; location: string }>()
  for (const r of mine) {
    if (!names.has(r.instrumentId)) {
      const instrument = await findInstrument(deps.db, r.instrumentId)
      names.set(r.instrumentId, { name: instrument?.name ?? '', location: instrument?.location ?? '' })
    }
  }
  const calendar = ical({ name: icsText('我的仪器预约 / My instrument reservations'), prodId: PRODUCT, ttl: 900 })
  for (const r of mine) {
    const instrument = names.get(r.instrumentId)!
    const cancelled = ['cancelled', 'rejected', 'expired', 'no_show'].includes(r.status)
    calendar.createEvent({
      id: r.icsUid,
      start: new Date(r.start),
      end: new Date(r.end),
      stamp: new Date(r.updatedAt),
      summary: icsPlain(`${instrument.name} (${r.status})`),
      location: icsPlain(instrument.location),
      status: cancelled
        ? ICalEventStatus.CANCELLED
        : r.status === 'pending'
          ? ICalEventStatus.TENTATIVE
          : ICalEventStatus.CONFIRMED,
    })
  }
  return calendar.toString()
}

/**
 * The address of a private feed, from PUBLIC_URL: a calendar app keeps polling it for months, so it must never
 * follow the Host header of the request that showed it (a forged one would send the key elsewhere).
 */
export const calendarFeedUrl = (publicUrl: string, key: string) =>
  `${publicUrl}/api/v1/me/calendar.ics?key=${encodeURIComponent(key)}`

/** The key of the user's private feed (GET /me/calendar.ics?key=…). */
export async function calendarFeedKey({ db }: Deps, user: User): Promise<string> {
  return (await findFeedKey(db, user.id)) ?? ''
}

/** A new feed key: links with the old one stop working. */
export async function renewCalendarFeedKey({ db }: Deps, user: User): Promise<string> {
  const key = randomSecret(24)
  await setFeedKey(db, user.id, key)
  return key
}
