import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateBenchData } from '../../seed/bench-data.js'
import { connectSqlite, type SqliteConnection } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'
import { groupUses } from '../../src/domain/sharing/aggregation.js'
import { listUseGroups, loadInstitutionsAndCities } from '../../src/repositories/stats.js'
import { allUseRecords } from '../support/use-records.js'

/*
 * schema/0002 keeps completed uses per month in use_months by triggers, schema/0003 by the researcher's city and
 * sharedness; listUseGroups reads them. Whatever the writes, the groups must stay those of the pure rule over
 * every reservation.
 */

const dir = mkdtempSync(join(tmpdir(), 'use-months-test-'))
const NOW = Date.UTC(2026, 10, 1, 3, 17)
const MINUTE = 60_000

async function expectAgreement(connection: SqliteConnection) {
  const records = await allUseRecords(connection.db)
  const { institutions } = await loadInstitutionsAndCities(connection.db)
  const providers = [undefined, records[0]!.providerInstitutionId]
  let total = 0
  for (const year of [2025, 2026, 2027])
    for (const provider of providers) {
      const mine = records.filter((r) => provider === undefined || r.providerInstitutionId === provider)
      const expected = groupUses(mine, year, NOW, institutions)
      expect(await listUseGroups(connection.db, year, NOW, provider)).toEqual(expected)
      total += expected.reduce((sum, g) => sum + g.uses, 0)
    }
  expect(total).toBeGreaterThan(500)
}

describe('use_months, the aggregate behind the sharing statistics', () => {
  let connection: SqliteConnection

  beforeAll(async () => {
    const { path } = await generateBenchData(join(dir, 'uses.db'), {
      reservations: 3000,
      instruments: 30,
      researchers: 60,
      firstYear: 2025,
      asOf: NOW - 7 * 24 * 3600_000,
    })
    connection = connectSqlite(path)
  })
  afterAll(async () => {
    await connection.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('agrees with the pure rule after inserts', async () => {
    await expectAgreement(connection)
  })

  it('is filled from existing reservations when the migrations run (0002, then 0003 reshaping it)', async () => {
    const { sqlite } = connection
    // back to the state before 0002: what 0003 and 0002 made is dropped, and they are run again
    sqlite.exec(`DROP TRIGGER use_months_insert; DROP TRIGGER use_months_update; DROP TRIGGER use_months_delete;
      DROP TRIGGER use_months_instrument; DROP TRIGGER use_months_institution_city; DROP TABLE use_months;
      DROP INDEX reservations_unfinished;
      DROP TRIGGER auth_epoch_token_deleted; DROP TRIGGER auth_epoch_token_updated;
      DROP TRIGGER auth_epoch_user_updated; DROP TRIGGER auth_epoch_user_deleted; DROP TABLE auth_epoch;
      DROP TABLE leases;
      DELETE FROM d1_migrations WHERE name LIKE '0002%' OR name LIKE '0003%';`)
    const applied = migrateSqlite(sqlite, readMigrations())
    expect(applied.filter((name) => /^000[23]/.test(name))).toHaveLength(2)
    await expectAgreement(connection)
  })

  it('follows status changes, new times and actual times, deletions, instruments and institutions that move', async () => {
    const { sqlite } = connection
    const pick = (sql: string) => (sqlite.prepare(sql).all() as { id: string }[]).map((row) => row.id)
    const confirmed = pick(`SELECT id FROM reservations WHERE status = 'confirmed' ORDER BY id LIMIT 40`)
    const completed = pick(`SELECT id FROM reservations WHERE status = 'completed' ORDER BY id LIMIT 90`)
    expect(confirmed.length).toBe(40)
    expect(completed.length).toBe(90)
    const update = (sql: string, ids: string[]) => {
      const statement = sqlite.prepare(sql)
      for (const id of ids) statement.run(id)
    }
    // confirmed → completed with check-in and check-out; and some only checked in
    update(
      `UPDATE reservations SET status = 'completed', actual_start_ms = start_ms + 60000, actual_end_ms = end_ms - 60000
       WHERE id = ?`,
      confirmed.slice(0, 20),
    )
    update(`UPDATE reservations SET status = 'completed', actual_start_ms = start_ms WHERE id = ?`, confirmed.slice(20))
    // completed → no_show (a correction), other actual times, a start moved across a month end
    update(`UPDATE reservations SET status = 'no_show' WHERE id = ?`, completed.slice(0, 15))
    update(`UPDATE reservations SET actual_end_ms = NULL WHERE id = ?`, completed.slice(15, 30))
    update(
      `UPDATE reservations SET start_ms = start_ms + ${40 * 24 * 60 * MINUTE}, end_ms = end_ms + ${40 * 24 * 60 * MINUTE},
         hold_end_ms = hold_end_ms + ${40 * 24 * 60 * MINUTE} WHERE id = ?`,
      completed.slice(30, 45),
    )
    update(
      `UPDATE reservations SET user_institution_id = (SELECT MIN(id) FROM institutions) WHERE id = ?`,
      completed.slice(45, 60),
    )
    update(`UPDATE reservations SET purpose = 'only the purpose' WHERE id = ?`, completed.slice(60, 75))
    update(`DELETE FROM reservations WHERE id = ?`, completed.slice(75))
    // an instrument changes category, another its institution
    const [first, second] = pick('SELECT id FROM instruments ORDER BY id LIMIT 2')
    sqlite.prepare(`UPDATE instruments SET category = 'other' WHERE id = ?`).run(first)
    sqlite
      .prepare(`UPDATE instruments SET institution_id = (SELECT MAX(institution_id) FROM instruments) WHERE id = ?`)
      .run(second)
    // the institution of many researchers moves to the other city
    const mover = pick(`SELECT user_institution_id AS id FROM reservations WHERE status = 'completed'
      GROUP BY user_institution_id ORDER BY COUNT(*) DESC LIMIT 1`)[0]
    sqlite
      .prepare(
        `UPDATE institutions SET city = (SELECT MIN(code) FROM cities WHERE code != institutions.city) WHERE id = ?`,
      )
      .run(mover)
    expect(sqlite.prepare('SELECT changes() AS n').get()).toEqual({ n: 1 })
    await expectAgreement(connection)
  })
})
