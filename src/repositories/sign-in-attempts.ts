import { sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'

/*
 * Sign-in attempts, counted BEFORE the slow password check so that no number of concurrent attempts, from any
 * number of server processes, gets more checks than a limit allows. Each attempt holds one row per limit it counts
 * against (login_failures: `email` is the limit's key); a success deletes its rows again, so what stays in the
 * window are the failures.
 */

export interface AttemptLimit {
  /** the account's e-mail, or another limit's key (services/auth.ts) */
  key: string
  /** how many attempts this key may have in the window */
  max: number
}

const countSince = (key: string, since: number) =>
  sql`(SELECT COUNT(*) FROM login_failures WHERE email = ${key} AND at > ${since})`

/**
 * Reserves an attempt under every limit at once, or none: the first INSERT checks every count and writes the first
 * key's row in one statement (atomic on SQLite and D1), the others follow it in the same batch only if it wrote.
 * Returns the rows' ids (to release them on success), or null when a limit is full.
 */
export async function reserveSignInAttempt(
  db: Db,
  batch: Batch,
  limits: readonly AttemptLimit[],
  now: number,
  since: number,
): Promise<number[] | null> {
  const [first, ...rest] = limits
  if (!first) return []
  const room = sql.join(
    limits.map((limit) => sql`${countSince(limit.key, since)} < ${limit.max}`),
    sql` AND `,
  )
  const results = await batch([
    sql`INSERT INTO login_failures (email, at) SELECT ${first.key}, ${now} WHERE ${room} RETURNING id`.compile(db),
    ...rest.map((limit) =>
      sql`INSERT INTO login_failures (email, at) SELECT ${limit.key}, ${now} WHERE changes() = 1 RETURNING id`.compile(
        db,
      ),
    ),
  ])
  if (results[0]?.changes !== 1) return null
  return results.flatMap((result) => result.rows.map((row) => Number(row.id)))
}

/** A successful sign-in is no failure: its reserved rows go. */
export async function releaseSignInAttempt(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length > 0)
    await db
      .deleteFrom('login_failures')
      .where('id', 'in', [...ids])
      .execute()
}

/** The attempts of `key` in the window, and the oldest one's time (when the first slot frees). */
export async function countSignInAttempts(
  db: Db,
  key: string,
  since: number,
): Promise<{ count: number; oldest: number | null }> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<number>('at').as('oldest')])
    .where('email', '=', key)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return { count: Number(row.count), oldest: row.oldest ?? null }
}

export async function pruneSignInAttempts(db: Db, before: number): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<=', before).execute()
}

/** Whether `tokenHash` is a remembered sign-in device of `email` that has not expired. */
export async function isKnownSignInDevice(db: Db, tokenHash: string, email: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_devices')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('email', '=', email)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row !== undefined
}

/** Remembers a device after a successful sign-in (and forgets expired ones). */
export async function rememberSignInDevice(
  db: Db,
  batch: Batch,
  tokenHash: string,
  email: string,
  now: number,
  expiresAt: number,
) {
  await batch([
    db.deleteFrom('sign_in_devices').where('expires_at', '<=', now).compile(),
    db
      .insertInto('sign_in_devices')
      .values({ token_hash: tokenHash, email, created_at: now, expires_at: expiresAt })
      .compile(),
  ])
}
