import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectSqlite } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'
import { createBackup, describeBackups, foldersBackedUp } from '../../src/server/backups.js'
import { restoreBackup } from '../../src/server/restore.js'

/**
 * The folders kept beside the database in a backup set (src/server/backups.ts `foldersBackedUp`): any number,
 * each copied into the set under its name and put back in place by a restore, the replaced one kept aside.
 */

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function databaseAt(path: string) {
  const connection = connectSqlite(path)
  migrateSqlite(connection.sqlite, readMigrations())
  await connection.close()
}

describe('backed-up folders', () => {
  it('copies each listed folder into the set and restores each one the set holds', async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-backup-folders-'))
    const databasePath = join(dir, 'data', 'db.sqlite')
    mkdirSync(join(dir, 'data'))
    await databaseAt(databasePath)
    const reports = join(dir, 'data', 'reports')
    const letters = join(dir, 'data', 'letters')
    mkdirSync(join(reports, '2027'), { recursive: true })
    writeFileSync(join(reports, '2027', 'order-1.pdf'), '%PDF first')
    const folders = [
      { name: 'reports', path: reports },
      { name: 'letters', path: letters }, // not there yet: an empty copy
    ]
    const backupDir = join(dir, 'backups')
    const { dir: set, manifest } = await createBackup({ databasePath, backupDir, folders, keep: 5 })
    expect(manifest.folders).toEqual({
      reports: { files: 1, bytes: 10, copied: 1, linked: 0 },
      letters: { files: 0, bytes: 0, copied: 0, linked: 0 },
    })
    expect(readFileSync(join(set, 'reports', '2027', 'order-1.pdf'), 'utf8')).toBe('%PDF first')
    // the operations page's view of the set: its name, the database's and the folders' bytes, when it finished
    expect(await describeBackups(backupDir)).toEqual([
      { name: basename(set), bytes: manifest.database.bytes + 10, at: Date.parse(manifest.finishedAt) },
    ])

    writeFileSync(join(reports, '2027', 'order-1.pdf'), '%PDF changed after the backup')
    const restored = await restoreBackup({ databasePath, folders }, set)
    expect(readFileSync(join(reports, '2027', 'order-1.pdf'), 'utf8')).toBe('%PDF first')
    const aside = restored.replacedFolders.reports!
    expect(readFileSync(join(aside, '2027', 'order-1.pdf'), 'utf8')).toBe('%PDF changed after the backup')
    expect(restored.replacedFolders.letters).toBeNull()
    expect(existsSync(letters)).toBe(true)

    // a restore told of no folders leaves them alone
    writeFileSync(join(reports, 'new.pdf'), '%PDF new')
    expect((await restoreBackup({ databasePath }, set)).replacedFolders).toEqual({})
    expect(existsSync(join(reports, 'new.pdf'))).toBe(true)
  })

  it('refuses a folder name that could clash with the set itself, before writing anything', async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-backup-folders-'))
    const databasePath = join(dir, 'db.sqlite')
    await databaseAt(databasePath)
    const backupDir = join(dir, 'backups')
    for (const name of ['backup.json', '../up', 'Reports'])
      await expect(
        createBackup({ databasePath, backupDir, folders: [{ name, path: join(dir, 'x') }], keep: 5 }),
      ).rejects.toThrow(/unique name/)
    expect(existsSync(backupDir)).toBe(false)
  })

  it('backs up the reports folder (REPORTS_DIR) by default', () => {
    expect(foldersBackedUp({ REPORTS_DIR: '/srv/yz/reports' })).toEqual([{ name: 'reports', path: '/srv/yz/reports' }])
  })
})
