import type SQLite from 'better-sqlite3'
import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoDataSql, inlineParameters, sqlLiteral } from '../../seed/demo-sql.js'
import { loadDemoData } from '../../seed/load-demo.js'
import type { SqliteConnection } from '../../src/db/connect-sqlite.js'
import { testDatabase } from '../support/database.js'

const NOW = Date.parse('2026-11-20T10:00:00+08:00')

/** Rows per table of every table the schema made (sqlite's own bookkeeping aside). */
function rowCounts(sqlite: SQLite.Database): Record<string, number> {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables.map((table) => [table, sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]),
  )
}

describe('the demo data as one SQL file (npm run seed:d1)', () => {
  let direct: SqliteConnection
  let fromFile: SqliteConnection
  let statements: string[]

  beforeAll(async () => {
    direct = testDatabase()
    fromFile = testDatabase()
    await loadDemoData(direct.db, NOW)
    statements = await demoDataSql(NOW)
    fromFile.sqlite.exec(statements.join('\n'))
    // two demo loads (PBKDF2 hashes, 4,000 reservations, the orders and ratings): ~25 s alone, more beside other files
  }, 120_000)

  afterAll(async () => {
    await direct.close()
    await fromFile.close()
  })

  it('gives, on a fresh database built from schema/*.sql, the rows loadDemoData writes directly', () => {
    const expected = rowCounts(direct.sqlite)
    expect(expected.reservations).toBeGreaterThan(0)
    expect(rowCounts(fromFile.sqlite)).toEqual(expected)
  })

  // a read would silently answer no rows on the compile-only driver: the loader must only insert
  it('is nothing but inserts (the cities, which every database has from its migrations, only if missing)', () => {
    for (const statement of statements)
      expect(statement).toMatch(/^insert into "[a-z_]+" \(.*\)( on conflict \("code"\) do nothing)?;$/s)
  })
})

describe('sqlLiteral', () => {
  it.each([
    [null, 'NULL'],
    [undefined, 'NULL'],
    [0, '0'],
    [-12.5, '-12.5'],
    [1_767_225_600_000, '1767225600000'],
    ['', "''"],
    ['宁波大学', "'宁波大学'"],
    ["O'Brien's lab", "'O''Brien''s lab'"],
    ["'); DROP TABLE users; --", "'''); DROP TABLE users; --'"],
    ['a ? b', "'a ? b'"],
  ])('writes %j as %s', (value, expected) => {
    expect(sqlLiteral(value)).toBe(expected)
  })

  it('writes a bigint as its digits', () => {
    expect(sqlLiteral(10n ** 20n)).toBe('100000000000000000000')
  })

  it.each([[true], [Number.NaN], [Number.POSITIVE_INFINITY], [new Date(0)], [new Uint8Array([1])], [{}]])(
    'refuses %j',
    (value) => {
      expect(() => sqlLiteral(value)).toThrow(/cannot write/)
    },
  )
})

describe('inlineParameters', () => {
  it('writes each parameter into its placeholder, a ? inside a value included', () => {
    const query = CompiledQuery.raw('insert into "t" ("a", "b") values (?, ?)', ['x ? y', 3])
    expect(inlineParameters(query)).toBe(`insert into "t" ("a", "b") values ('x ? y', 3);`)
  })

  it('refuses placeholders and parameters that disagree', () => {
    expect(() => inlineParameters(CompiledQuery.raw('select ?', []))).toThrow(/disagree/)
    expect(() => inlineParameters(CompiledQuery.raw('select 1', [1]))).toThrow(/disagree/)
  })
})
