import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { connectSqlite } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'

describe('migrateSqlite', () => {
  it('applies every schema file once and records it as wrangler does', async () => {
    const { db, sqlite } = connectSqlite(':memory:')
    const migrations = readMigrations()
    expect(migrateSqlite(sqlite, migrations)).toEqual(migrations.map((m) => m.name))
    expect(migrateSqlite(sqlite, migrations)).toEqual([])
    const recorded = await sql<{ name: string }>`SELECT name FROM d1_migrations`.execute(db)
    expect(recorded.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name))
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)
    expect(tables.rows.map((r) => r.name)).toContain('reservations')
  })
})
