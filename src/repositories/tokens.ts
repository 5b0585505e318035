import type { Db } from '../db/database.js'
import { userFromRow } from '../db/rows.js'
import type { User } from '../domain/types.js'

export async function insertToken(db: Db, tokenHash: string, userId: string, now: number, expiresAt: number) {
  await db
    .insertInto('tokens')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt })
    .execute()
}

/** The active user a live token belongs to; expired tokens and deactivated users find nobody. */
export async function findUserByTokenHash(db: Db, tokenHash: string, now: number): Promise<User | null> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.institution_id',
      'users.active',
      'users.language',
    ])
    .where('tokens.token_hash', '=', tokenHash)
    .where('tokens.expires_at', '>', now)
    .where('users.active', '=', 1)
    .executeTakeFirst()
  return row ? userFromRow(row) : null
}

export async function deleteToken(db: Db, tokenHash: string) {
  await db.deleteFrom('tokens').where('token_hash', '=', tokenHash).execute()
}

export async function deleteTokensOfUser(db: Db, userId: string, exceptTokenHash?: string) {
  let query = db.deleteFrom('tokens').where('user_id', '=', userId)
  if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash)
  await query.execute()
}
