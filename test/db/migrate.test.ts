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

  it('leaves the two cities in every database, even an empty one (SEED=none), and keeps them when run again', async () => {
    const { db, sqlite } = connectSqlite(':memory:')
    migrateSqlite(sqlite, readMigrations())
    expect(await db.selectFrom('cities').selectAll().orderBy('code').execute()).toEqual([
      { code: 'ningbo', name: '宁波' },
      { code: 'zhoushan', name: '舟山' },
    ])
    expect(await db.selectFrom('institutions').select('id').execute()).toEqual([])
  })

  it('keeps the cities a database had before the migration that adds them (renamed ones included)', async () => {
    const { db, sqlite } = connectSqlite(':memory:')
    const migrations = readMigrations()
    const before = migrations.filter((m) => m.name < '0004')
    migrateSqlite(sqlite, before)
    await db.insertInto('cities').values({ code: 'ningbo', name: '宁波市' }).execute()
    expect(migrateSqlite(sqlite, migrations)).toEqual(migrations.filter((m) => m.name >= '0004').map((m) => m.name))
    expect(await db.selectFrom('cities').selectAll().orderBy('code').execute()).toEqual([
      { code: 'ningbo', name: '宁波市' },
      { code: 'zhoushan', name: '舟山' },
    ])
  })
})
