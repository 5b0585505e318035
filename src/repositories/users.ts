import { sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { userFromRow } from '../db/rows.js'
import type { Role, User } from '../domain/types.js'
import { inChunks } from './chunks.js'
import { contains } from './like.js'

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'institution_id', 'active', 'language'] as const

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

/** No other active platform admin than the row `users` itself: the guard that keeps one in every database. */
const NO_OTHER_ACTIVE_ADMIN = sql`NOT EXISTS (SELECT 1 FROM users AS other
  WHERE other.role = 'platform_admin' AND other.active = 1 AND other.id != users.id)`

/**
 * Renames, changes the role of, deactivates or reactivates an account in one atomic batch, guarded so that the
 * platform always keeps an active platform admin: a change that would take the last one away (its deactivation, or
 * another role) writes nothing. Deactivating ends every credential at once: the bearer tokens and web sessions
 * (one table), the remembered sign-in devices, and the calendar feed key (replaced by `newFeedKey`, never shown to
 * anyone), so reactivating later revives none of them. False when nothing was written (the guard, or no such id).
 */
export async function changeUserKeepingAnAdmin(
  db: Db,
  batch: Batch,
  id: string,
  changes: { name?: string; role?: Role; active?: boolean },
  newFeedKey: string,
): Promise<boolean> {
  const role = changes.role ?? null
  const active = changes.active === undefined ? null : changes.active ? 1 : 0
  const deactivating = changes.active === false
  const queries = [
    sql`UPDATE users SET name = COALESCE(${changes.name ?? null}, name), role = COALESCE(${role}, role),
          active = COALESCE(${active}, active),
          feed_key = ${deactivating ? newFeedKey : sql`feed_key`}
        WHERE id = ${id} AND NOT (role = 'platform_admin' AND active = 1
          AND (COALESCE(${role}, role) != 'platform_admin' OR COALESCE(${active}, active) = 0)
          AND ${NO_OTHER_ACTIVE_ADMIN})`.compile(db),
  ]
  if (deactivating) {
    // guarded by the state the update leaves, not by its row count: an account that is inactive has no credentials
    const inactive = sql`EXISTS (SELECT 1 FROM users WHERE id = ${id} AND active = 0)`
    queries.push(
      sql`DELETE FROM tokens WHERE user_id = ${id} AND ${inactive}`.compile(db),
      sql`DELETE FROM sign_in_devices WHERE email = (SELECT email FROM users WHERE id = ${id}) AND ${inactive}`.compile(
        db,
      ),
    )
  }
  const [update] = await batch(queries)
  return update?.changes === 1
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute()
}

export async function setFeedKey(db: Db, id: string, feedKey: string): Promise<void> {
  await db.updateTable('users').set({ feed_key: feedKey }).where('id', '=', id).execute()
}

export async function countActivePlatformAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'platform_admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The bootstrap admin of API.md "Running", in one atomic batch that does something only while no active platform
 * admin exists: the account is created, or — when its e-mail exists (the last admin was deactivated, say) — made an
 * active platform admin with the bootstrap password, its old tokens and sessions ended as a password change would.
 * True when an account became the platform admin.
 */
export async function ensureActivePlatformAdmin(db: Db, batch: Batch, user: NewUser, now: number): Promise<boolean> {
  const noActiveAdmin = sql`NOT EXISTS (SELECT 1 FROM users WHERE role = 'platform_admin' AND active = 1)`
  const [inserted, promoted] = await batch([
    sql`INSERT INTO users (id, email, name, role, institution_id, password_hash, feed_key, active, created_at)
        SELECT ${user.id}, ${user.email}, ${user.name}, 'platform_admin', NULL, ${user.passwordHash}, ${user.feedKey}, 1, ${now}
        WHERE ${noActiveAdmin}
        ON CONFLICT (email) DO NOTHING`.compile(db),
    sql`UPDATE users SET role = 'platform_admin', active = 1, password_hash = ${user.passwordHash}, feed_key = ${user.feedKey}
        WHERE email = ${user.email} AND ${noActiveAdmin}`.compile(db),
    sql`DELETE FROM tokens WHERE user_id IN (SELECT id FROM users WHERE email = ${user.email} AND password_hash = ${user.passwordHash})`.compile(
      db,
    ),
  ])
  return (inserted?.changes ?? 0) + (promoted?.changes ?? 0) > 0
}

/** Accounts, newest first, optionally those whose e-mail or name contains `q`. */
export async function listUsers(db: Db, q: string, limit: number): Promise<User[]> {
  let query = db.selectFrom('users').select(USER_COLUMNS).orderBy('created_at', 'desc').orderBy('email').limit(limit)
  if (q) query = query.where((eb) => eb.or([contains(eb.ref('email'), q), contains(eb.ref('name'), q)]))
  return (await query.execute()).map(userFromRow)
}
