import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/*
 * Leases (schema/0003): a named piece of work that one process at a time may do — a scheduled backup, later
 * the background jobs — and the presence of each running server (`server:<id>`), which a restore checks.
 * A lease is taken or renewed by one guarded write, so two processes never both hold it; it lapses by
 * itself when its holder dies without releasing it.
 */

/**
 * Takes the lease, or renews it for its holder; false while another holder's lease has not expired — or, with
 * `unlessHeld`, while any unexpired lease whose name starts with that prefix exists (a restore is not begun
 * while a server runs, and a server does not start while a restore runs). One statement: atomic.
 */
export async function acquireLease(
  db: Db,
  lease: { name: string; holder: string; now: number; ttlMs: number; unlessHeld?: string },
): Promise<boolean> {
  const { name, holder, now, ttlMs, unlessHeld } = lease
  const blocked =
    unlessHeld === undefined
      ? sql`0`
      : sql`EXISTS (SELECT 1 FROM leases WHERE substr(name, 1, ${unlessHeld.length}) = ${unlessHeld}
          AND expires_at > ${now} AND name != ${name})`
  const result = await sql`INSERT INTO leases (name, holder, expires_at)
      SELECT ${name}, ${holder}, ${now + ttlMs} WHERE NOT ${blocked}
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.expires_at <= ${now} OR leases.holder = excluded.holder`.execute(db)
  return Number(result.numAffectedRows ?? 0n) === 1
}

/** Gives a lease of `leases` up at once (its row is removed): a server stopping, a backup or restore done. */
export async function dropLease(db: Db, name: string, holder: string) {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute()
}

/** The unexpired leases whose name starts with `prefix` (e.g. `server:`): who holds them, until when. */
export async function liveLeases(db: Db, prefix: string, now: number) {
  return db
    .selectFrom('leases')
    .select(['name', 'holder', 'expires_at'])
    .where(sql<boolean>`substr(name, 1, ${prefix.length}) = ${prefix}`)
    .where('expires_at', '>', now)
    .orderBy('name')
    .execute()
}
/**
 * Job leases (schema/0005, `job_leases`, services/jobs.ts): one row per job, held by one process until it expires. Taking or renewing is one statement — insert,
 * or take over from the same holder or an expired one — so of several processes asking at once exactly one holds
 * it; a process that dies simply stops renewing, and another takes over once the lease has run out.
 */
export async function takeLease(db: Db, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
  const result = await sql`INSERT INTO job_leases (name, holder, expires_at, last_run_at)
      VALUES (${name}, ${holder}, ${now + ttlMs}, ${now})
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
        last_run_at = excluded.last_run_at
      WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= ${now}`.execute(db)
  return Number(result.numAffectedRows ?? 0n) === 1
}

/** Gives a lease up at once (a process shutting down), so another process need not wait for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ expires_at: 0 })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute()
}

export async function findLease(db: Db, name: string) {
  return (await db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst()) ?? null
}
