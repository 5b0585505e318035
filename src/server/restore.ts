import { existsSync, statSync } from 'node:fs'
import { copyFile, cp, mkdir, readFile, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import SQLite from 'better-sqlite3'
import { connectSqlite } from '../db/connect-sqlite.js'
import { acquireLease, dropLease, liveLeases } from '../repositories/leases.js'
import { type BackupFolder, type BackupManifest, MANIFEST, Refused } from './backups.js'

/*
 * `npm run restore -- FILE`: puts a backup back in place of the database (and of each backed-up folder). FILE is a
 * backup set's folder, or a database file (of a set or not). The copy is checked before anything is touched;
 * the database is replaced only while no server uses it — each running server holds a `server:` lease that
 * it renews every few seconds, and the restore takes a `restore` lease in the same statement that checks, so a
 * server starting meanwhile refuses to. What is replaced is kept beside it (`….replaced-<time>`).
 */

const RESTORE_LEASE_TTL_MS = 10 * 60_000

export interface RestoreSettings {
  databasePath: string
  /** the backed-up folders (backups.ts `foldersBackedUp`): each one the set holds is put back in place */
  folders?: readonly BackupFolder[]
}

export interface RestoreResult {
  reservations: number
  manifest: BackupManifest | null
  /** where the replaced database was kept (null: there was none) */
  replacedDatabase: string | null
  /** each folder restored, and where the one it replaced was kept (null: there was none) */
  replacedFolders: Record<string, string | null>
}

async function resolveSource(source: string) {
  if (!existsSync(source)) throw new Refused(`${source} does not exist.`)
  const setDir = statSync(source).isDirectory() ? source : dirname(source)
  const manifest = existsSync(join(setDir, MANIFEST))
    ? (JSON.parse(await readFile(join(setDir, MANIFEST), 'utf8')) as BackupManifest)
    : null
  const databaseFile = statSync(source).isDirectory()
    ? manifest
      ? join(source, manifest.database.file)
      : null
    : source
  if (!databaseFile || !existsSync(databaseFile))
    throw new Refused(`${source} is neither a database file nor a backup set (no ${MANIFEST}).`)
  return { databaseFile, setDir: manifest ? setDir : null, manifest }
}

/** Checks the copy about to go in place, and clears the leases it was copied with (they were the old servers'). */
function prepareIncoming(path: string): number {
  const db = new SQLite(path, { fileMustExist: true })
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check)
    if (integrity.length !== 1 || integrity[0] !== 'ok')
      throw new Refused(`The backup failed its integrity check: ${integrity.slice(0, 5).join('; ')}`)
    const { n } = db.prepare('SELECT count(*) AS n FROM reservations').get() as { n: number }
    const hasLeases = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'`).get()
    if (hasLeases) db.prepare('DELETE FROM leases').run()
    const hasJobLeases = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'job_leases'`).get()
    if (hasJobLeases) db.prepare('UPDATE job_leases SET expires_at = 0').run()
    db.pragma('journal_mode = DELETE')
    return n
  } finally {
    db.close()
  }
}

const stampOf = (at: Date) => at.toISOString().replace(/[:.]/g, '-')

export async function restoreBackup(settings: RestoreSettings, source: string): Promise<RestoreResult> {
  const { databaseFile, setDir, manifest } = await resolveSource(source)
  const { databasePath } = settings
  await mkdir(dirname(databasePath), { recursive: true })
  const incoming = `${databasePath}.restoring-${process.pid}`
  await copyFile(databaseFile, incoming)
  let reservations: number
  try {
    reservations = prepareIncoming(incoming)
  } catch (error) {
    await rm(incoming, { force: true })
    throw error
  }

  const stamp = stampOf(new Date())
  let replacedDatabase: string | null = null
  if (existsSync(databasePath)) {
    const holder = `restore:${process.pid}`
    const live = connectSqlite(databasePath)
    // a database from before schema/0003 has no leases: no server of this version has run on it
    const hasLeases = !!live.sqlite
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'`)
      .get()
    let leased = false
    try {
      leased =
        !hasLeases ||
        (await acquireLease(live.db, {
          name: 'restore',
          holder,
          now: Date.now(),
          ttlMs: RESTORE_LEASE_TTL_MS,
          unlessHeld: 'server:',
        }))
      if (!leased) {
        const servers = await liveLeases(live.db, 'server:', Date.now())
        const until = Math.max(...servers.map((s) => s.expires_at), Date.now())
        throw new Refused(
          servers.length > 0
            ? `A server is using ${databasePath} (${servers.map((s) => s.holder).join(', ')}): stop it first. ` +
                `If it crashed, its claim lapses at ${new Date(until).toISOString()}.`
            : `Another restore of ${databasePath} is under way.`,
        )
      }
      replacedDatabase = `${databasePath}.replaced-${stamp}`
      await live.sqlite.backup(replacedDatabase)
    } catch (error) {
      if (leased && hasLeases) await dropLease(live.db, 'restore', holder)
      await live.close()
      await rm(incoming, { force: true })
      throw error
    }
    await live.close() // the last connection: its WAL is checkpointed and removed
    if (existsSync(`${databasePath}-wal`) && statSync(`${databasePath}-wal`).size > 0) {
      await rm(incoming, { force: true })
      throw new Refused(`${databasePath} was opened again meanwhile; nothing was replaced.`)
    }
  }
  for (const suffix of ['-wal', '-shm']) await rm(`${databasePath}${suffix}`, { force: true })
  await rename(incoming, databasePath) // atomic: the path always names a whole database

  const replacedFolders: Record<string, string | null> = {}
  for (const folder of settings.folders ?? []) {
    const kept = setDir ? join(setDir, folder.name) : null
    if (!kept || !existsSync(kept)) continue
    const staged = `${folder.path}.restoring-${process.pid}`
    await rm(staged, { recursive: true, force: true })
    await cp(kept, staged, { recursive: true, preserveTimestamps: true })
    replacedFolders[folder.name] = null
    if (existsSync(folder.path)) {
      replacedFolders[folder.name] = `${folder.path}.replaced-${stamp}`
      await rename(folder.path, `${folder.path}.replaced-${stamp}`)
    }
    await mkdir(dirname(folder.path), { recursive: true })
    await rename(staged, folder.path)
  }
  return { reservations, manifest, replacedDatabase, replacedFolders }
}
