import type { Db } from '../db/database.js'
import { userFromRow } from '../db/rows.js'
import type { Role, User } from '../domain/types.js'
import { inChunks } from './chunks.js'
import { contains } from './like.js'

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'institution_id', 'active'] as const

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
  return row ? userFromRow(row) : null
}

/** The accounts of `ids` in one query (unknown ids are left out). */
export async function listUsersByIds(db: Db, ids: readonly string[]): Promise<User[]> {
  const rows = await inChunks(ids, (chunk) =>
    db.selectFrom('users').select(USER_COLUMNS).where('id', 'in', chunk).execute(),
  )
  return rows.map(userFromRow)
}

/** Exact, case-insensitive e-mail match (the column is COLLATE NOCASE). */
export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('email', '=', email).executeTakeFirst()
  return row ? userFromRow(row) : null
}

export async function findCredentials(db: Db, email: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst()
  return row ? { user: userFromRow(row), passwordHash: row.password_hash } : null
}

export async function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst()
  return row?.password_hash ?? null
}

export async function findFeedKey(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('feed_key').where('id', '=', userId).executeTakeFirst()
  return row?.feed_key ?? null
}

export async function findUserByFeedKey(db: Db, feedKey: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('feed_key', '=', feedKey).executeTakeFirst()
  return row ? userFromRow(row) : null
}

export interface NewUser {
  id: string
  email: string
  name: string
  role: Role
  institutionId: string | null
  passwordHash: string
  feedKey: string
}

/** Inserts unless the e-mail exists; false means the e-mail was taken (checked and written in one statement). */
export async function insertUser(db: Db, user: NewUser, now: number): Promise<boolean> {
  const result = await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      institution_id: user.institutionId,
      password_hash: user.passwordHash,
      feed_key: user.feedKey,
      active: 1,
      created_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

export async function updateUser(
  db: Db,
  id: string,
  changes: { name?: string; role?: Role; active?: boolean },
): Promise<void> {
  const values: { name?: string; role?: string; active?: number } = {}
  if (changes.name !== undefined) values.name = changes.name
  if (changes.role !== undefined) values.role = changes.role
  if (changes.active !== undefined) values.active = changes.active ? 1 : 0
  if (Object.keys(values).length === 0) return
  await db.updateTable('users').set(values).where('id', '=', id).execute()
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute()
}

export async function setFeedKey(db: Db, id: string, feedKey: string): Promise<void> {
  await db.updateTable('users').set({ feed_key: feedKey }).where('id', '=', id).execute()
}

export async function countPlatformAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'platform_admin')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Accounts, newest first, optionally those whose e-mail or name contains `q`. */
export async function listUsers(db: Db, q: string, limit: number): Promise<User[]> {
  let query = db.selectFrom('users').select(USER_COLUMNS).orderBy('created_at', 'desc').orderBy('email').limit(limit)
  if (q) query = query.where((eb) => eb.or([contains(eb.ref('email'), q), contains(eb.ref('name'), q)]))
  return (await query.execute()).map(userFromRow)
}
