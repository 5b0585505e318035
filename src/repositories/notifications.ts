import { type CompiledQuery, type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { NotificationKind } from '../domain/notifications.js'

/*
 * Notifications: the in-app list and the e-mail outbox in one row (schema/0009_notifications.sql). The writes that
 * create them are statements for the batch of their event, each guarded by the event's own write: a notification
 * never exists without its event, nor an event without its notification.
 */

/** The facts every notice of a reservation carries (domain/notifications.ts NotificationParams), read by the write. */
const paramsOf = (reason: RawBuilder<unknown> | string | null) =>
  sql`json_object('reservationId', r.id, 'instrumentId', i.id, 'instrumentName', i.name, 'timezone', i.timezone,
    'start', r.start_ms, 'end', r.end_ms, 'researcherName', who.name, 'reason', ${reason})`

const COLUMNS = sql`(id, user_id, kind, params, created_at, mail_due_at)`

/**
 * The approval request to every active admin of the instrument's institution, written only if the statement just
 * before it (the reservation's audit event) wrote a row. `eventId` makes the ids: one per admin and event.
 */
export const notifyApprovalRequested = (db: Db, eventId: string, reservationId: string, now: number): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT ${eventId} || ':' || a.id, a.id, 'approval-requested', ${paramsOf(null)}, ${now}, ${now}
      FROM reservations r JOIN instruments i ON i.id = r.instrument_id JOIN users who ON who.id = r.user_id
        JOIN users a ON a.institution_id = i.institution_id AND a.role = 'institution_admin' AND a.active = 1
      WHERE r.id = ${reservationId} AND r.status = 'pending' AND changes() = 1`.compile(db)

/** A notice to the reservation's researcher, written only if the statement just before it wrote a row. */
export const notifyResearcher = (
  db: Db,
  id: string,
  kind: NotificationKind,
  reservationId: string,
  reason: string | null,
  now: number,
): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT ${id}, r.user_id, ${kind}, ${paramsOf(reason)}, ${now}, ${now}
      FROM reservations r JOIN instruments i ON i.id = r.instrument_id JOIN users who ON who.id = r.user_id
      WHERE r.id = ${reservationId} AND changes() = 1`.compile(db)

/**
 * The notices of a blackout's cancellations: one per reservation that `cancelled` (SQL over `reservations AS r`)
 * selects, to be run in the blackout's batch before the UPDATE that cancels them.
 */
export const notifyBlackoutCancellations = (
  db: Db,
  blackoutId: string,
  cancelled: RawBuilder<unknown>,
  reason: string,
  now: number,
): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT ${blackoutId} || ':' || r.id, r.user_id, 'cancelled-by-blackout', ${paramsOf(reason)}, ${now}, ${now}
      FROM reservations r JOIN instruments i ON i.id = r.instrument_id JOIN users who ON who.id = r.user_id
      WHERE ${cancelled}`.compile(db)

/** The facts of an order's notice (domain OrderFacts), read by the write: `o` the order, `i` its instrument, `who` its requester. */
const orderFactsOf = (status: RawBuilder<unknown> | string) =>
  sql`json_object('orderId', o.id, 'instrumentName', i.name, 'status', ${status},
    'samples', COALESCE(o.received_samples, o.samples), 'requesterName', who.name, 'reason', o.status_reason)`

const ORDER_ROWS = sql`orders o JOIN instruments i ON i.id = o.instrument_id JOIN users who ON who.id = o.user_id`

/** A new order's notice to every active admin of the instrument's institution, in the batch that writes the order. */
export const notifyOrderArrived = (db: Db, orderId: string, now: number): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT o.id || ':' || a.id, a.id, 'order-arrived', ${orderFactsOf(sql`o.status`)}, ${now}, ${now}
      FROM ${ORDER_ROWS}
        JOIN users a ON a.institution_id = i.institution_id AND a.role = 'institution_admin' AND a.active = 1
      WHERE o.id = ${orderId} AND o.status = 'submitted'`.compile(db)

/**
 * The requester's notice of their order's move to the status it now has, written when `guard` holds (the move was
 * written) unless the requester made the move themself. The id `<order>:<status>` makes it once per status: an order
 * passes through each status at most once, so a second run booked while in progress tells nobody again.
 */
export const notifyOrderMoved = (
  db: Db,
  orderId: string,
  guard: RawBuilder<unknown>,
  moverId: string | null,
  now: number,
): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT o.id || ':' || o.status, o.user_id, 'order-moved', ${orderFactsOf(sql`o.status`)}, ${now}, ${now}
      FROM ${ORDER_ROWS}
      WHERE o.id = ${orderId} AND o.user_id IS NOT ${moverId} AND ${guard}
      ON CONFLICT (id) DO NOTHING`.compile(db)

/** The notices of the job's completions: one per order `due` (SQL of ids) selects, before the UPDATE completes them. */
export const notifyOrdersCompleted = (db: Db, due: RawBuilder<unknown>, now: number): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT o.id || ':completed', o.user_id, 'order-moved', ${orderFactsOf('completed')}, ${now}, ${now}
      FROM ${ORDER_ROWS}
      WHERE o.id IN (${due})
      ON CONFLICT (id) DO NOTHING`.compile(db)

/**
 * An issued statement's notice to every active admin of the payer, with what it asks (the sum of its lines),
 * written only if the statement just before it (the issue's event) wrote a row.
 */
export const notifyStatementIssued = (db: Db, statementId: string, now: number): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT s.id || ':' || a.id, a.id, 'statement-issued',
        json_object('statementId', s.id, 'providerName', p.name, 'month', s.month,
          'payableFen', (SELECT COALESCE(SUM(l.payable_fen), 0) FROM statement_lines l WHERE l.statement_id = s.id)),
        ${now}, ${now}
      FROM statements s JOIN institutions p ON p.id = s.provider_institution_id
        JOIN users a ON a.institution_id = s.payer_institution_id AND a.role = 'institution_admin' AND a.active = 1
      WHERE s.id = ${statementId} AND s.status = 'issued' AND changes() = 1`.compile(db)

/** A granted voucher's notice to every active researcher of the holder, in the batch that writes the voucher. */
export const notifyVoucherGranted = (db: Db, voucherId: string, now: number): CompiledQuery =>
  sql`INSERT INTO notifications ${COLUMNS}
      SELECT v.id || ':' || u.id, u.id, 'voucher-granted',
        json_object('voucherId', v.id, 'programName', g.name, 'amountFen', v.amount_fen, 'expiresAt', v.expires_at),
        ${now}, ${now}
      FROM vouchers v JOIN voucher_programs g ON g.id = v.program_id
        JOIN users u ON u.institution_id = v.holder_institution_id AND u.role = 'researcher' AND u.active = 1
      WHERE v.id = ${voucherId}`.compile(db)

export const REMINDER_AHEAD_MS = 24 * 3_600_000

/**
 * The reminders due at `now`: a confirmed reservation that starts within 24 hours and was booked at least 24 hours
 * ahead (one booked later has no "24 hours before" to be reminded at; its confirmation told the researcher). The id
 * `reminder:<reservation>` makes it once per reservation, however often the job runs.
 */
export async function insertDueReminders(db: Db, now: number, limit: number): Promise<number> {
  const result = await sql`INSERT INTO notifications ${COLUMNS}
      SELECT 'reminder:' || r.id, r.user_id, 'reminder', ${paramsOf(null)}, ${now}, ${now}
      FROM reservations r JOIN instruments i ON i.id = r.instrument_id JOIN users who ON who.id = r.user_id
      WHERE r.status = 'confirmed' AND r.start_ms > ${now} AND r.start_ms <= ${now + REMINDER_AHEAD_MS}
        AND r.created_at <= r.start_ms - ${REMINDER_AHEAD_MS}
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = 'reminder:' || r.id)
      LIMIT ${limit}
      ON CONFLICT (id) DO NOTHING`.execute(db)
  return Number(result.numAffectedRows ?? 0n)
}

export interface NotificationRow {
  id: string
  kind: string
  params: string
  createdAt: number
  readAt: number | null
}

/** A user's notifications, newest first, after the keyset `after` ([createdAt, id]). */
export async function listNotificationsOf(
  db: Db,
  userId: string,
  options: { unreadOnly: boolean; after?: readonly [number, string]; limit: number },
): Promise<NotificationRow[]> {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
  if (options.unreadOnly) query = query.where('read_at', 'is', null)
  if (options.after) {
    const [at, id] = options.after
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    )
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute()
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    params: row.params,
    createdAt: row.created_at,
    readAt: row.read_at,
  }))
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Marks one of the user's notifications read (a read one keeps its time); false: no such notification of theirs. */
export async function markRead(db: Db, userId: string, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql<number>`COALESCE(read_at, ${now})` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function markAllRead(db: Db, userId: string, now: number): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function setLanguage(db: Db, userId: string, language: string): Promise<void> {
  await db.updateTable('users').set({ language }).where('id', '=', userId).execute()
}

/* The e-mail outbox. */

export interface DueMail {
  id: string
  kind: string
  params: string
  createdAt: number
  attempts: number
  email: string
  language: string
}

/** E-mails whose next try is due, oldest first. */
export async function listDueMail(db: Db, now: number, limit: number): Promise<DueMail[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.id', 'n.kind', 'n.params', 'n.created_at', 'n.mail_attempts', 'u.email', 'u.language'])
    .where('n.mail_status', '=', 'due')
    .where('n.mail_due_at', '<=', now)
    .orderBy('n.mail_due_at')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    params: row.params,
    createdAt: row.created_at,
    attempts: row.mail_attempts,
    email: row.email,
    language: row.language,
  }))
}

/**
 * Claims one try of an e-mail: due → sending, counted. Only the sender whose claim changed the row may send it; a
 * sender that dies after its claim leaves the row in `sending`, and nobody sends it again (at most once).
 */
export async function claimMail(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ mail_status: 'sending', mail_attempts: sql<number>`mail_attempts + 1`, mail_claimed_at: now })
    .where('id', '=', id)
    .where('mail_status', '=', 'due')
    .where('mail_due_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function recordMailSent(db: Db, id: string, now: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ mail_status: 'sent', mail_sent_at: now, mail_error: null })
    .where('id', '=', id)
    .where('mail_status', '=', 'sending')
    .execute()
}

/** A refused try: due again at `nextAt`, or failed for good when there is none. */
export async function recordMailRefused(db: Db, id: string, nextAt: number | null, error: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set(
      nextAt === null
        ? { mail_status: 'failed', mail_error: error.slice(0, 500) }
        : { mail_status: 'due', mail_due_at: nextAt, mail_error: error.slice(0, 500) },
    )
    .where('id', '=', id)
    .where('mail_status', '=', 'sending')
    .execute()
}

/** Without a mail server every due e-mail stays a notice in the app: marked so, it is never sent later. */
export async function keepDueMailInApp(db: Db, now: number): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ mail_status: 'in_app' })
    .where('mail_status', '=', 'due')
    .where('mail_due_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export interface OutboxSummary {
  byStatus: Record<string, number>
  /** the oldest due e-mail's due time */
  oldestDueAt: number | null
  /** claimed more than `stuckAfterMs` ago and never finished: a sender died mid-try (never retried) */
  interrupted: number
  recentFailures: { id: string; kind: string; createdAt: number; attempts: number; error: string | null }[]
}

/** The outbox at a glance, for the platform admin's operations page. */
export async function outboxSummary(db: Db, now: number, stuckAfterMs: number): Promise<OutboxSummary> {
  const [counts, oldest, interrupted, failures] = await Promise.all([
    db
      .selectFrom('notifications')
      .select(['mail_status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('mail_status')
      .execute(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('mail_due_at').as('at'))
      .where('mail_status', '=', 'due')
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('mail_status', '=', 'sending')
      .where('mail_claimed_at', '<', now - stuckAfterMs)
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select(['id', 'kind', 'created_at', 'mail_attempts', 'mail_error'])
      .where((eb) =>
        eb.or([eb('mail_status', '=', 'failed'), eb.and([eb('mail_status', '=', 'due'), eb('mail_attempts', '>', 0)])]),
      )
      .orderBy('created_at', 'desc')
      .limit(10)
      .execute(),
  ])
  return {
    byStatus: Object.fromEntries(counts.map((row) => [row.mail_status, Number(row.n)])),
    oldestDueAt: oldest?.at === null || oldest?.at === undefined ? null : Number(oldest.at),
    interrupted: Number(interrupted?.n ?? 0),
    recentFailures: failures.map((row) => ({
      id: row.id,
      kind: row.kind,
      createdAt: row.created_at,
      attempts: row.mail_attempts,
      error: row.mail_error,
    })),
  }
}
