import type SQLite from 'better-sqlite3'

export interface Migration {
  name: string // the file name, e.g. 0001_init.sql
  sql: string
}

/**
 * Applies the migrations not yet recorded, in name order, in one IMMEDIATE transaction so that
 * two processes starting on one file cannot both apply them. The bookkeeping table is wrangler's
 * own `d1_migrations`, so this runner and `wrangler d1 migrations apply` agree on what has run.
 */
export function migrateSqlite(sqlite: SQLite.Database, migrations: Migration[]): string[] {
  const apply = sqlite.transaction(() => {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT UNIQUE,
      applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
    )`)
    const rows = sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]
    const applied = new Set(rows.map((row) => row.name))
    const pending = [...migrations].sort((a, b) => a.name.localeCompare(b.name)).filter((m) => !applied.has(m.name))
    const record = sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)')
    for (const migration of pending) {
      sqlite.exec(migration.sql)
      record.run(migration.name)
    }
    return pending.map((m) => m.name)
  })
  return apply.immediate()
}
