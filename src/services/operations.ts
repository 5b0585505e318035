import { sql } from 'kysely'
import type { User } from '../domain/types.js'
import { forbidden } from '../errors.js'
import { outboxSummary } from '../repositories/notifications.js'
import type { Deps } from './deps.js'

/*
 * The platform admin's operations page: what the runtime knows about itself (version, backups, e-mail) and what the
 * database says (its size, the e-mail outbox). Read on request only; /healthz stays a constant answer.
 */

export interface BackupFile {
  name: string
  bytes: number
  /** the file's modification time, epoch ms */
  at: number
}

/** What only the runtime knows, handed in by the entry (src/server.ts, src/worker.ts). */
export interface RuntimeFacts {
  version: string
  commit: string | null
  mail: 'smtp' | 'in-app'
  /** BACKUP_DIR and how to list it (Node); null where backups are not files of this machine or not configured */
  backups: { dir: string; list: () => Promise<BackupFile[]> } | null
}

export const UNKNOWN_RUNTIME: RuntimeFacts = { version: 'unknown', commit: null, mail: 'in-app', backups: null }

/** A row claimed this long ago and never finished was cut off by a crash or a stop. */
const INTERRUPTED_AFTER_MS = 10 * 60_000

/** The database file's size on SQLite (page_count × page_size); null where the runtime does not tell (D1). */
async function databaseBytes(deps: Deps): Promise<number | null> {
  try {
    const { rows } = await sql<{ bytes: number }>`SELECT page_count * page_size AS bytes
      FROM pragma_page_count(), pragma_page_size()`.execute(deps.db)
    const bytes = Number(rows[0]?.bytes)
    return Number.isFinite(bytes) && bytes > 0 ? bytes : null
  } catch {
    return null
  }
}

export async function operationsOverview(deps: Deps, actor: User, runtime: RuntimeFacts) {
  if (actor.role !== 'platform_admin') throw forbidden('Only a platform admin sees the operations page.')
  const now = deps.clock()
  const [outbox, dbBytes, backups] = await Promise.all([
    outboxSummary(deps.db, now, INTERRUPTED_AFTER_MS),
    databaseBytes(deps),
    runtime.backups
      ? runtime.backups.list().then(
          (files) => files.sort((a, b) => b.at - a.at).slice(0, 20),
          () => [],
        )
      : Promise.resolve(null),
  ])
  return {
    version: runtime.version,
    commit: runtime.commit,
    mail: runtime.mail,
    backupDir: runtime.backups?.dir ?? null,
    backups,
    databaseBytes: dbBytes,
    outbox,
  }
}
