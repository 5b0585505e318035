import type { Db } from '../db/database.js'

export async function hasQualification(db: Db, instrumentId: string, userId: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('qualifications')
    .select('user_id')
    .where('instrument_id', '=', instrumentId)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst()
  return row !== undefined
}

export async function upsertQualification(
  db: Db,
  q: { instrumentId: string; userId: string; grantedBy: string; expiresAt: number | null },
  now: number,
) {
  await db
    .insertInto('qualifications')
    .values({
      instrument_id: q.instrumentId,
      user_id: q.userId,
      granted_by: q.grantedBy,
      granted_at: now,
      expires_at: q.expiresAt,
      recognition_id: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['instrument_id', 'user_id'])
        .doUpdateSet({ granted_by: q.grantedBy, granted_at: now, expires_at: q.expiresAt, recognition_id: null }),
    )
    .execute()
}

export async function listQualifications(db: Db, instrumentId: string) {
  return db
    .selectFrom('qualifications as q')
    .innerJoin('users as u', 'u.id', 'q.user_id')
    .select([
      'q.user_id',
      'u.name',
      'u.email',
      'u.institution_id',
      'q.granted_by',
      'q.granted_at',
      'q.expires_at',
      'q.recognition_id',
    ])
    .where('q.instrument_id', '=', instrumentId)
    .orderBy('u.name')
    .execute()
}

export async function deleteQualification(db: Db, instrumentId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('qualifications')
    .where('instrument_id', '=', instrumentId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
