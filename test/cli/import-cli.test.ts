import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectSqlite } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'

/* `npm run import` as a process on a temporary database file: the report, the exit code, all or nothing. */

const root = new URL('../../', import.meta.url).pathname
const SAMPLE = join(root, 'seed/import/zjou-instruments.csv')
let dir: string
let database: string
const INSTITUTION = 'zjou-test'

function runImport(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/import-cli-node.ts', ...args],
      { cwd: root, env: { ...process.env, DATABASE_PATH: database }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

async function instrumentNames() {
  const connection = connectSqlite(database)
  try {
    const rows = await connection.db.selectFrom('instruments').select('name').orderBy('name').execute()
    return rows.map((row) => row.name)
  } finally {
    await connection.close()
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-import-'))
  database = join(dir, 'yongzhou.db')
  const connection = connectSqlite(database)
  migrateSqlite(connection.sqlite, readMigrations())
  await connection.db
    .insertInto('cities')
    .values({ code: 'zhoushan', name: '舟山' })
    .onConflict((oc) => oc.doNothing())
    .execute()
  await connection.db
    .insertInto('institutions')
    .values({ id: INSTITUTION, name: '浙江海洋大学', city: 'zhoushan', kind: 'university' })
    .execute()
  await connection.close()
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run import', () => {
  it('reports a dry run of the sample sheet and writes nothing', async () => {
    const run = await runImport('--institution', INSTITUTION, SAMPLE, '--dry-run')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      created: 4,
      updated: 0,
      unchanged: 0,
      errors: [],
      dryRun: true,
      written: false,
    })
    expect(run.stderr).toContain('4/4 rows')
    expect(run.stderr).toContain('dry run, nothing was written')
    expect(await instrumentNames()).toEqual([])
  })

  it('writes the sheet, then finds nothing to change in it', async () => {
    const run = await runImport('--institution', INSTITUTION, SAMPLE)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 4, written: true })
    expect(await instrumentNames()).toHaveLength(4)
    const again = await runImport('--institution', INSTITUTION, SAMPLE)
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 4, written: true })
  })

  it('exits 1 with the bad cells and writes nothing when a row has an error', async () => {
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, '仪器名称,资产编号,仪器类别\n气相色谱仪,ZJOU-X-1,色谱/质谱仪器\n液相色谱仪,ZJOU-X-2,色谱仪\n')
    const before = await instrumentNames()
    const run = await runImport('--institution', INSTITUTION, bad)
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).errors).toEqual([
      expect.objectContaining({ row: 3, column: '仪器类别', code: 'unknown-category' }),
    ])
    expect(run.stderr).toContain('row 3, 仪器类别')
    expect(await instrumentNames()).toEqual(before)
  })

  it('exits 2 on a usage, file or institution problem', async () => {
    expect((await runImport(SAMPLE)).code).toBe(2)
    expect((await runImport('--institution', INSTITUTION, join(dir, 'missing.csv'))).code).toBe(2)
    const unknown = await runImport('--institution', 'nope', SAMPLE)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('not-found')
  })
})
