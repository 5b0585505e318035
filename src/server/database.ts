import { systemClock } from '../clock.js'
import type { Config } from '../config.js'
import { connectSqlite, type SqliteConnection } from '../db/connect-sqlite.js'
import type { Deps } from '../services/deps.js'
import { createIdentityCache } from '../services/identity-cache.js'
import { SERVING_AUTOCHECKPOINT_PAGES } from './checkpointer.js'

/**
 * One server process's connection to the database file, and the deps of the app on it (with its identity cache).
 * Checkpoints are left to the primary's background thread (checkpointer.ts).
 */
export function openDatabase(config: Pick<Config, 'DATABASE_PATH'>): { connection: SqliteConnection; deps: Deps } {
  const connection = connectSqlite(config.DATABASE_PATH, { autoCheckpointPages: SERVING_AUTOCHECKPOINT_PAGES })
  return {
    connection,
    deps: { db: connection.db, batch: connection.batch, clock: systemClock, identities: createIdentityCache() },
  }
}
