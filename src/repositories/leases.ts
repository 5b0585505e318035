import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/**
 * Job leases: one row per job, held by one process until it expires. Taking or renewing is one statement — insert,
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
