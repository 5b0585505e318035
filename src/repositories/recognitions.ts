import { type CompiledQuery, type Expression, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { inChunks } from './chunks.js'

/*
 * Recognitions (资格互认) and their audit trail. Writes are guarded inside the statement (at most one recognition in
 * force per instrument and issuing institution; a revocation only of one not yet revoked) and write their event in
 * the same batch, only when the guarded statement changed a row.
 */

export interface Recognition {
  id: string
  instrumentId: string
  issuingInstitutionId: string
  createdBy: string | null
  createdAt: number
  expiresAt: number | null
  revokedBy: string | null
  revokedAt: number | null
}

export type RecognitionAction = 'recognised' | 'revoked' | 'booked' | 'qualified'

const recognitionFromRow = (row: {
  id: string
  instrument_id: string
  issuing_institution_id: string
  created_by: string | null
  created_at: number
  expires_at: number | null
  revoked_by: string | null
  revoked_at: number | null
}): Recognition => ({
  id: row.id,
  instrumentId: row.instrument_id,
  issuingInstitutionId: row.issuing_institution_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedBy: row.revoked_by,
  revokedAt: row.revoked_at,
})

/** `recognitions AS g` is in force at `now`. */
const inForceSql = (now: number | Expression<number>) =>
  sql`(g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > ${now}))`

/**
 * Inserts the recognition unless one of the same instrument and issuing institution is in force at `now`, with its
 * event in the same batch; false when one is (409 duplicate).
 */
export async function insertRecognitionIfNew(db: Db, batch: Batch, r: Recognition, now: number): Promise<boolean> {
  const [insert] = await batch([
    sql`INSERT INTO recognitions (id, instrument_id, issuing_institution_id, created_by, created_at, expires_at)
        SELECT ${r.id}, ${r.instrumentId}, ${r.issuingInstitutionId}, ${r.createdBy}, ${r.createdAt}, ${r.expiresAt}
        WHERE NOT EXISTS (SELECT 1 FROM recognitions g
          WHERE g.instrument_id = ${r.instrumentId} AND g.issuing_institution_id = ${r.issuingInstitutionId}
            AND ${inForceSql(now)})`.compile(db),
    sql`INSERT INTO recognition_events (recognition_id, actor_id, at, action)
        SELECT ${r.id}, ${r.createdBy}, ${now}, 'recognised' WHERE changes() = 1`.compile(db),
  ])
  return insert?.changes === 1
}

/** Revokes the recognition if it is not revoked yet, with its event in the same batch; false when it was. */
export async function revokeRecognitionIfUnrevoked(
  db: Db,
  batch: Batch,
  id: string,
  actorId: string,
  now: number,
): Promise<boolean> {
  const [update] = await batch([
    sql`UPDATE recognitions SET revoked_by = ${actorId}, revoked_at = ${now}
        WHERE id = ${id} AND revoked_at IS NULL`.compile(db),
    sql`INSERT INTO recognition_events (recognition_id, actor_id, at, action)
        SELECT ${id}, ${actorId}, ${now}, 'revoked' WHERE changes() = 1`.compile(db),
  ])
  return update?.changes === 1
}

export async function findRecognition(db: Db, id: string): Promise<Recognition | null> {
  const row = await db.selectFrom('recognitions').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? recognitionFromRow(row) : null
}

/** Every recognition of an instrument, revoked and expired ones included, newest first. */
export async function listRecognitions(db: Db, instrumentId: string): Promise<Recognition[]> {
  const rows = await db
    .selectFrom('recognitions')
    .selectAll()
    .where('instrument_id', '=', instrumentId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map(recognitionFromRow)
}

/** The recognitions of an instrument in force at `now`, oldest first. */
export async function listRecognitionsInForce(db: Db, instrumentId: string, now: number): Promise<Recognition[]> {
  const rows = await db
    .selectFrom('recognitions as g')
    .selectAll('g')
    .where('g.instrument_id', '=', instrumentId)
    .where(sql<boolean>`${inForceSql(now)}`)
    .orderBy('g.created_at')
    .orderBy('g.id')
    .execute()
  return rows.map(recognitionFromRow)
}

/** The instruments of a category (optionally of some institutions): what the model comparison runs over. */
export async function listInstrumentsOfCategory(db: Db, category: string, institutionIds?: readonly string[]) {
  const query = (chunk?: string[]) => {
    let q = db
      .selectFrom('instruments')
      .select(['id', 'institution_id', 'name', 'model', 'category'])
      .where('category', '=', category)
    if (chunk) q = q.where('institution_id', 'in', chunk)
    return q.orderBy('name').orderBy('id').execute()
  }
  const rows = institutionIds ? await inChunks(institutionIds, query) : await query()
  return rows.map((row) => ({
    id: row.id,
    institutionId: row.institution_id,
    name: row.name,
    model: row.model,
    category: row.category,
  }))
}

/** Of `instrumentIds`, those on which the user holds a qualification unexpired at `now`. */
export async function qualifiedInstrumentIds(
  db: Db,
  userId: string,
  instrumentIds: readonly string[],
  now: number,
): Promise<Set<string>> {
  const rows = await inChunks(instrumentIds, (chunk) =>
    db
      .selectFrom('qualifications')
      .select('instrument_id')
      .where('user_id', '=', userId)
      .where('instrument_id', 'in', chunk)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute(),
  )
  return new Set(rows.map((row) => row.instrument_id))
}

/** How many people hold a qualification unexpired at `now` on each of `instrumentIds` (absent: none). */
export async function countQualificationHolders(
  db: Db,
  instrumentIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const rows = await inChunks(instrumentIds, (chunk) =>
    db
      .selectFrom('qualifications')
      .select(['instrument_id', (eb) => eb.fn.countAll<number>().as('holders')])
      .where('instrument_id', 'in', chunk)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .groupBy('instrument_id')
      .execute(),
  )
  return new Map(rows.map((row) => [row.instrument_id, Number(row.holders)]))
}

/** Whether an admin has ever approved a booking the user made under a recognition on this instrument. */
export async function hasApprovedBookingUnderRecognition(
  db: Db,
  instrumentId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('reservations as r')
    .innerJoin('reservation_events as e', 'e.reservation_id', 'r.id')
    .select('r.id')
    .where('r.instrument_id', '=', instrumentId)
    .where('r.user_id', '=', userId)
    .where('r.recognition_id', 'is not', null)
    .where('e.from_status', '=', 'pending')
    .where('e.to_status', '=', 'confirmed')
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The event "a reservation was made under a recognition", written only if the reservation now exists. */
export const bookedUnderRecognitionEvent = (
  db: Db,
  reservation: { id: string; recognitionId: string; userId: string },
  actorId: string,
  now: number,
): CompiledQuery =>
  sql`INSERT INTO recognition_events (recognition_id, actor_id, at, action, reservation_id, user_id)
      SELECT ${reservation.recognitionId}, ${actorId}, ${now}, 'booked', r.id, r.user_id FROM reservations r
      WHERE r.id = ${reservation.id}`.compile(db)

/**
 * The instrument's own qualification, granted "by recognition" when a reservation made under one is completed
 * (checked out, or recorded), and its event: two statements for the batch of the completing write. A qualification
 * the researcher already holds unexpired is left as it is (no event); an expired one is renewed.
 */
export const grantQualificationIfCompletedUnderRecognition = (
  db: Db,
  reservationId: string,
  actorId: string,
  now: number,
): CompiledQuery[] => [
  sql`INSERT INTO qualifications (instrument_id, user_id, granted_by, granted_at, expires_at, recognition_id)
      SELECT r.instrument_id, r.user_id, NULL, ${now}, NULL, r.recognition_id FROM reservations r
      WHERE r.id = ${reservationId} AND r.status = 'completed' AND r.recognition_id IS NOT NULL
      ON CONFLICT (instrument_id, user_id) DO UPDATE SET granted_by = NULL, granted_at = excluded.granted_at,
        expires_at = NULL, recognition_id = excluded.recognition_id
      WHERE qualifications.expires_at IS NOT NULL AND qualifications.expires_at <= excluded.granted_at`.compile(db),
  sql`INSERT INTO recognition_events (recognition_id, actor_id, at, action, reservation_id, user_id)
      SELECT r.recognition_id, ${actorId}, ${now}, 'qualified', r.id, r.user_id FROM reservations r
      WHERE r.id = ${reservationId} AND changes() = 1`.compile(db),
]

/** The guard of a booking under a recognition: the recognition is still in force when the reservation is written. */
export const recognitionStillInForce = (
  recognitionId: string | Expression<string | null>,
  now: number | Expression<number>,
) => sql`EXISTS (SELECT 1 FROM recognitions g WHERE g.id = ${recognitionId} AND ${inForceSql(now)})`

/** The audit trail of a recognition, oldest first. */
export async function listRecognitionEvents(db: Db, recognitionId: string) {
  const rows = await db
    .selectFrom('recognition_events')
    .select(['action', 'actor_id', 'at', 'reservation_id', 'user_id'])
    .where('recognition_id', '=', recognitionId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    action: row.action as RecognitionAction,
    actorId: row.actor_id,
    at: row.at,
    reservationId: row.reservation_id,
    userId: row.user_id,
  }))
}

/** The recognitions in force at `now` with the cities they join, optionally of one institution's instruments. */
export async function listRecognitionsInForceWithCities(db: Db, now: number, providerInstitutionId?: string) {
  let query = db
    .selectFrom('recognitions as g')
    .innerJoin('instruments as i', 'i.id', 'g.instrument_id')
    .innerJoin('institutions as owner', 'owner.id', 'i.institution_id')
    .innerJoin('institutions as issuer', 'issuer.id', 'g.issuing_institution_id')
    .select(['issuer.city as issuing_city', 'owner.city as instrument_city'])
    .where(sql<boolean>`${inForceSql(now)}`)
  if (providerInstitutionId !== undefined) query = query.where('i.institution_id', '=', providerInstitutionId)
  const rows = await query.execute()
  return rows.map((row) => ({ issuingCity: row.issuing_city, instrumentCity: row.instrument_city }))
}
