import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { type Params, prepared, readRows } from '../db/prepared.js'
import { userFromRow } from '../db/rows.js'
import type { User } from '../domain/types.js'

export async function insertToken(db: Db, tokenHash: string, userId: string, now: number, expiresAt: number) {
  await db
    .insertInto('tokens')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt })
    .execute()
}

const sessionQuery = prepared((db, p: Params<{ tokenHash: string; now: number }>) =>
  db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.institution_id',
      'users.active',
      'tokens.expires_at',
      'users.language',
    ])
    .where('tokens.token_hash', '=', p.tokenHash)
    .where('tokens.expires_at', '>', p.now)
    .where('users.active', '=', 1)
    .compile(),
)

/** The active user a live token belongs to, and when the token expires; expired tokens and deactivated users find nobody. */
export async function findSessionByTokenHash(
  db: Db,
  tokenHash: string,
  now: number,
): Promise<{ user: User; expiresAt: number } | null> {
  const [row] = await readRows(db, sessionQuery(db, { tokenHash, now }))
  return row ? { user: userFromRow(row), expiresAt: row.expires_at } : null
}

const authEpochQuery = prepared((db) => sql<{ value: number }>`SELECT value FROM auth_epoch WHERE id = 1`.compile(db))

/**
 * The revocation counter of schema/0003: its triggers bump it in the same statement as every write that can end
 * or change a sign-in (a token deleted, a user changed), so an unchanged value means no sign-in ended since.
 * Null when the row is missing (someone emptied the table): then nothing may be answered from memory.
 */
export async function readAuthEpoch(db: Db): Promise<number | null> {
  const [row] = await readRows(db, authEpochQuery(db, {}))
  return row?.value ?? null
}

export async function deleteToken(db: Db, tokenHash: string) {
  await db.deleteFrom('tokens').where('token_hash', '=', tokenHash).execute()
}

export async function deleteTokensOfUser(db: Db, userId: string, exceptTokenHash?: string) {
  let query = db.deleteFrom('tokens').where('user_id', '=', userId)
  if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash)
  await query.execute()
}
