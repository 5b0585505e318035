import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Batch, BatchResult } from './batch.js'
import type { Database, Db } from './database.js'
import { registerDirectReader } from './prepared.js'

export interface SqliteConnection {
  db: Db
  batch: Batch
  sqlite: SQLite.Database
  close(): Promise<void>
}

const BUSY_TIMEOUT_MS = 10_000

export interface SqliteOptions {
  /**
   * WAL pages after which a commit checkpoints (SQLite's default: 1,000). The server raises it, as a safety
   * net only, because a background thread checkpoints for it (src/server/checkpointer.ts).
   */
  autoCheckpointPages?: number
}

/** Opens (creating if needed) an embedded SQLite database tuned for concurrent writers. */
export function connectSqlite(path: string, options: SqliteOptions = {}): SqliteConnection {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  // Several server processes may share one file: wait for the writer instead of failing — set
  // first, so that even switching to WAL on a brand-new file waits rather than fails.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  sqlite.pragma('journal_mode = WAL')
  // WAL + NORMAL survives a process crash without losing committed transactions.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  if (options.autoCheckpointPages !== undefined) sqlite.pragma(`wal_autocheckpoint = ${options.autoCheckpointPages}`)
  // Prepared statements are reused across requests (Kysely alone prepares every query anew: 5–10 %
  // of a request's CPU). Safe because better-sqlite3 runs each statement to completion
  // synchronously and nothing here streams (`.stream()` would hold a statement open).
  const statements = new Map<string, SQLite.Statement>()
  const prepare = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = sqlite.prepare(sql)
      // SQL texts are parameterised, so few are distinct; the bound only guards against odd callers.
      if (statements.size >= 1000) statements.clear()
      statements.set(sql, statement)
    }
    return statement
  }
  const cached = { prepare, close: () => sqlite.close() }
  const db: Db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) })
  registerDirectReader(db, (query) => prepare(query.sql).all(...query.parameters))
  // IMMEDIATE takes the write lock up front, so the busy timeout applies instead of a deadlock error.
  const runAll = sqlite.transaction((queries: { sql: string; parameters: readonly unknown[] }[]) =>
    queries.map((query): BatchResult => {
      const statement = prepare(query.sql)
      if (statement.reader) {
        const rows = statement.all(...query.parameters) as Record<string, unknown>[]
        return { rows, changes: rows.length }
      }
      return { rows: [], changes: statement.run(...query.parameters).changes }
    }),
  )
  // Waiting for another process's write lock inside SQLite would stop this whole process: its busy handler
  // sleeps (1 ms, 2 ms, 5 ms…) on the event loop's thread, and every request of the process waits with the
  // write, reads included. So a batch asks for the lock without waiting, and while another process holds it
  // tries again on the next turns of the event loop, for as long as the busy timeout would have waited.
  // (A PRAGMA takes effect when it is prepared, so each switch is a fresh `pragma()`: ≈ 3 µs the pair.)
  const batch: Batch = async (queries) => {
    const deadline = Date.now() + BUSY_TIMEOUT_MS
    for (let attempt = 0; ; attempt++) {
      sqlite.pragma('busy_timeout = 0')
      try {
        return runAll.immediate(queries)
      } catch (error) {
        // BEGIN IMMEDIATE failed, so nothing of the batch ran: trying it again is safe
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      } finally {
        sqlite.pragma('busy_timeout = 10000') // BUSY_TIMEOUT_MS, for every other statement
      }
      // a few quick tries (the other commit takes a fraction of a millisecond), then every millisecond: spinning
      // longer would take the core the lock holder needs
      await new Promise((resolve) => (attempt < 4 ? setImmediate(resolve) : setTimeout(resolve, 1)))
    }
  }

  return {
    db,
    batch,
    sqlite,
    async close() {
      await db.destroy()
      // Kysely opens its side lazily and closes only what it opened: a connection used only directly (the
      // migrations, the direct reads of prepared.ts) would otherwise stay open, and keep its WAL file
      if (sqlite.open) sqlite.close()
    },
  }
}
