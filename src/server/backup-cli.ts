import { existsSync } from 'node:fs'
import { readConfig } from '../config.js'
import { connectSqlite } from '../db/connect-sqlite.js'
import { acquireLease, dropLease, liveLeases } from '../repositories/leases.js'
import { newHolder } from './background.js'
import { createBackup, foldersBackedUp, Refused } from './backups.js'
import { restoreBackup } from './restore.js'

/*
 * `npm run backup`: one backup set now, while the server serves (or not), on the settings of `npm start`.
 * `npm run restore -- FILE`: puts a backup set (or a database file) back; refused while a server runs.
 * Compiled to dist/backup-cli.js by src/build.mjs.
 */

const config = readConfig(process.env)
const [command, source] = process.argv.slice(2)

const WAIT_FOR_OTHER_BACKUP_MS = 120_000

async function backupNow() {
  const holder = newHolder()
  if (!existsSync(config.DATABASE_PATH)) throw new Refused(`There is no database at ${config.DATABASE_PATH}.`)
  const connection = connectSqlite(config.DATABASE_PATH)
  try {
    // a scheduled backup may be under way: wait for it rather than fail
    const deadline = Date.now() + WAIT_FOR_OTHER_BACKUP_MS
    while (!(await acquireLease(connection.db, { name: 'backup', holder, now: Date.now(), ttlMs: 60 * 60_000 }))) {
      if (Date.now() > deadline) {
        const [other] = await liveLeases(connection.db, 'backup', Date.now())
        throw new Refused(`A backup is being made (${other?.holder ?? 'by another process'}); try again later.`)
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    try {
      const { dir, manifest, removed } = await createBackup({
        databasePath: config.DATABASE_PATH,
        backupDir: config.BACKUP_DIR,
        folders: foldersBackedUp(config),
        keep: config.BACKUP_KEEP,
      })
      const folders = Object.entries(manifest.folders).map(([name, copy]) => `${name}/ (${copy.files} files)`)
      console.log(
        `Backed up ${config.DATABASE_PATH} (${manifest.database.reservations} reservations, ` +
          `${(manifest.database.bytes / 1e6).toFixed(1)} MB, integrity ok)${folders.length ? ` and ${folders.join(', ')}` : ''} ` +
          `to ${dir}${removed.length ? `; removed the oldest: ${removed.join(', ')}` : ''}`,
      )
    } finally {
      await dropLease(connection.db, 'backup', holder)
    }
  } finally {
    await connection.close()
  }
}

async function restoreNow(file: string) {
  const result = await restoreBackup({ databasePath: config.DATABASE_PATH, folders: foldersBackedUp(config) }, file)
  console.log(
    `Restored ${config.DATABASE_PATH} from ${file}` +
      (result.manifest ? ` (backup of ${result.manifest.startedAt})` : '') +
      `: ${result.reservations} reservations, integrity ok.` +
      (result.replacedDatabase ? `\nThe database it replaced is kept as ${result.replacedDatabase}` : '') +
      Object.entries(result.replacedFolders)
        .map(([name, aside]) => `\nRestored ${name}/${aside ? `; the folder it replaced is kept as ${aside}` : ''}`)
        .join(''),
  )
}

try {
  if (command === 'backup') await backupNow()
  else if (command === 'restore' && source) await restoreNow(source)
  else {
    console.error('Usage: npm run backup | npm run restore -- <backup folder or database file>')
    process.exitCode = 2
  }
} catch (error) {
  console.error(error instanceof Refused ? error.message : error)
  process.exitCode = 1
}
