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

describe('0005_money on a database with history', () => {
  it('gives old reservations their class and makes their completed uses final at no charge', () => {
    const { sqlite } = connectSqlite(':memory:')
    const migrations = readMigrations()
    const money = migrations.findIndex((m) => m.name.startsWith('0005_'))
    migrateSqlite(sqlite, migrations.slice(0, money))
    sqlite.exec(`
      INSERT OR IGNORE INTO cities VALUES ('ningbo', '宁波'), ('zhoushan', '舟山');
      INSERT INTO institutions VALUES ('nbu', '宁波大学', 'ningbo', 'university'),
        ('zjou', '浙江海洋大学', 'zhoushan', 'university'), ('co', '舟山某企业', 'zhoushan', 'enterprise');
      INSERT INTO users (id, email, name, password_hash, role, institution_id, feed_key, created_at) VALUES
        ('u1', 'a@x', 'a', 'h', 'researcher', 'nbu', 'f1', 0), ('u2', 'b@x', 'b', 'h', 'researcher', 'zjou', 'f2', 0),
        ('u3', 'c@x', 'c', 'h', 'researcher', 'co', 'f3', 0);
      INSERT INTO instruments (id, institution_id, name, category, opening_hours, slot_minutes, min_minutes, max_minutes,
        buffer_minutes, notice_minutes, horizon_days, requires_approval, requires_qualification, created_at, updated_at)
        VALUES ('sem', 'nbu', 'SEM', 'electron-optics', '[]', 30, 30, 480, 0, 0, 30, 0, 0, 0, 0);
      INSERT INTO reservations (id, instrument_id, user_id, user_institution_id, start_ms, end_ms, hold_end_ms, status,
        ics_uid, created_at, updated_at) VALUES
        ('own', 'sem', 'u1', 'nbu', 0, 2700000, 2700000, 'completed', 'a', 0, 5),
        ('visitor', 'sem', 'u2', 'zjou', 3600000, 7200000, 7200000, 'confirmed', 'b', 0, 6),
        ('company', 'sem', 'u3', 'co', 7200000, 9000000, 9000000, 'completed', 'c', 0, 7);
    `)
    migrateSqlite(sqlite, migrations)
    const rows = sqlite
      .prepare(
        'SELECT id, price_class, billed_minutes, charge_fen, payable_fen, charged_at, rates FROM reservations ORDER BY id',
      )
      .all() as { rates: string }[]
    expect(rows.map(({ rates: _r, ...row }) => row)).toEqual([
      { id: 'company', price_class: 'enterprise', billed_minutes: 30, charge_fen: 0, payable_fen: 0, charged_at: 7 },
      { id: 'own', price_class: 'internal', billed_minutes: 60, charge_fen: 0, payable_fen: 0, charged_at: 5 },
      {
        id: 'visitor',
        price_class: 'academic',
        billed_minutes: null,
        charge_fen: null,
        payable_fen: null,
        charged_at: null,
      },
    ])
    expect(JSON.parse(rows[0]!.rates)).toMatchObject({ hour: null, chargeBasis: 'booked', noShowPercent: 100 })
    // the monthly aggregate of completed uses is unchanged by the update
    expect(sqlite.prepare('SELECT SUM(uses) AS uses FROM use_months').get()).toEqual({ uses: 2 })
  })
})
