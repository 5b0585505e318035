import { closeSync, fsyncSync, openSync } from 'node:fs'
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import type { BackupFile } from '../services/operations.js'
import { copyDatabase } from './sqlite-copy.js'

/*
 * Online backups (issue 12): a backup SET is one folder in BACKUP_DIR named by the instant it began (UTC),
 * holding a copy of the database file made with SQLite's backup API while the server serves, checked with
 * `PRAGMA integrity_check`, a copy of each folder the platform writes besides the database (`folders`, e.g.
 * REPORTS_DIR as `reports/`), and backup.json describing them. A set is assembled under a `.partial-` name and
 * renamed when complete, so a set with its final name is always whole; the newest BACKUP_KEEP sets are kept.
 * Files unchanged since the previous set are hard links to it, so hourly sets of a large folder cost the disk little.
 */

/** A backup or restore that is not done, for a reason the operator can act on (printed without a stack). */
export class Refused extends Error {}

/** A folder the platform writes besides the database, kept in each set (and restored) under `name`. */
export interface BackupFolder {
  name: string
  path: string
}

/**
 * The folders backed up with the database and restored with it — the one place to add one. The sample-order
 * report PDFs (REPORTS_DIR, the same setting and default as the sample-orders work) are the first.
 */
export const foldersBackedUp = (config: { REPORTS_DIR: string }): BackupFolder[] => [
  { name: 'reports', path: config.REPORTS_DIR },
]

export interface BackupSettings {
  databasePath: string
  backupDir: string
  /** copied beside the database file, each into `<set>/<name>`; none when left out */
  folders?: readonly BackupFolder[]
  keep: number
}

export interface FolderCopy {
  files: number
  bytes: number
  copied: number
  linked: number
}

export interface BackupManifest {
  format: 2
  /** when the database copy began: every write acknowledged before this instant is in the set */
  startedAt: string
  finishedAt: string
  database: { file: string; bytes: number; integrity: 'ok'; reservations: number }
  folders: Record<string, FolderCopy>
}

export const MANIFEST = 'backup.json'
const FOLDER_NAME = /^[a-z][a-z0-9-]*$/
const SET_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/
const PARTIAL = '.partial-'

/** 2026-12-01T19:00:00.123Z → 2026-12-01T19-00-00-123Z: sortable, and safe in every file system and scp. */
const setName = (at: Date) => at.toISOString().replace(/[:.]/g, '-')

/** The complete sets in `backupDir`, oldest first. */
export async function listBackupSets(backupDir: string): Promise<string[]> {
  const names = await readdir(backupDir).catch(() => [] as string[])
  return names.filter((name) => SET_NAME.test(name)).sort()
}

export async function readManifest(setDir: string): Promise<BackupManifest> {
  return JSON.parse(await readFile(join(setDir, MANIFEST), 'utf8')) as BackupManifest
}

/** The complete sets of `backupDir`, newest first, as the operations page shows them: when each finished, its size. */
export async function describeBackups(backupDir: string): Promise<BackupFile[]> {
  const sets = await listBackupSets(backupDir)
  const described = await Promise.all(
    sets.map(async (name) => {
      const manifest = await readManifest(join(backupDir, name)).catch(() => null)
      if (!manifest) return null
      const folders = Object.values(manifest.folders).reduce((sum, folder) => sum + folder.bytes, 0)
      return { name, bytes: manifest.database.bytes + folders, at: Date.parse(manifest.finishedAt) }
    }),
  )
  return described.filter((set) => set !== null).reverse()
}

/** A rename is durable once its folder is synced (ext4 and others may otherwise lose it in a power cut). */
function syncFolder(path: string) {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

async function* filesUnder(dir: string, root = dir): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path, root)
    else if (entry.isFile()) yield relative(root, path)
  }
}

/** Copies a folder into the set (a missing one as empty); a file of the same size and time as in the previous set is linked. */
async function copyFolder(folder: string, target: string, previous: string | null): Promise<FolderCopy> {
  const summary = { files: 0, bytes: 0, copied: 0, linked: 0 }
  await mkdir(target, { recursive: true })
  for await (const file of filesUnder(folder)) {
    const source = join(folder, file)
    const destination = join(target, file)
    const info = await stat(source)
    await mkdir(join(destination, '..'), { recursive: true })
    const before = previous ? await stat(join(previous, file)).catch(() => null) : null
    let linked = false
    // times survive the copy to about a microsecond (utimes takes seconds as a float): equal within a millisecond
    if (before && before.size === info.size && Math.abs(before.mtimeMs - info.mtimeMs) < 1) {
      linked = await link(join(previous!, file), destination).then(
        () => true,
        () => false, // another file system, or links not allowed: copy instead
      )
    }
    if (!linked) {
      await copyFile(source, destination)
      await utimes(destination, info.atimeMs / 1000, info.mtimeMs / 1000)
    }
    summary.files++
    summary.bytes += info.size
    summary[linked ? 'linked' : 'copied']++
  }
  return summary
}

/**
 * Makes one backup set now and rotates. The caller holds the `backup` lease (one backup at a time per
 * database), so any `.partial-` folder found is left over from a backup that died, and is removed.
 */
export async function createBackup(
  settings: BackupSettings,
): Promise<{ dir: string; manifest: BackupManifest; removed: string[] }> {
  const folders = settings.folders ?? []
  const file = basename(settings.databasePath)
  for (const folder of folders)
    if (!FOLDER_NAME.test(folder.name) || folders.filter((f) => f.name === folder.name).length > 1)
      throw new Error(`A backed-up folder needs a unique name of lowercase letters, digits and -: "${folder.name}"`)
  await mkdir(settings.backupDir, { recursive: true })
  for (const name of await readdir(settings.backupDir))
    if (name.startsWith(PARTIAL)) await rm(join(settings.backupDir, name), { recursive: true, force: true })
  const previous = (await listBackupSets(settings.backupDir)).at(-1) ?? null
  const name = setName(new Date())
  const partial = join(settings.backupDir, `${PARTIAL}${name}`)
  const dir = join(settings.backupDir, name)
  await mkdir(partial)
  try {
    const copy = await copyDatabase(settings.databasePath, join(partial, file))
    if (copy.integrity.length !== 1 || copy.integrity[0] !== 'ok')
      throw new Error(`The copy failed its integrity check: ${copy.integrity.slice(0, 5).join('; ')}`)
    const copied: Record<string, FolderCopy> = {}
    for (const folder of folders)
      copied[folder.name] = await copyFolder(
        folder.path,
        join(partial, folder.name),
        previous ? join(settings.backupDir, previous, folder.name) : null,
      )
    const manifest: BackupManifest = {
      format: 2,
      startedAt: new Date(copy.startedAt).toISOString(),
      finishedAt: new Date().toISOString(),
      database: {
        file,
        bytes: (await stat(join(partial, file))).size,
        integrity: 'ok',
        reservations: copy.reservations,
      },
      folders: copied,
    }
    await writeFile(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    syncFolder(partial)
    await rename(partial, dir)
    syncFolder(settings.backupDir)
    return { dir, manifest, removed: await rotate(settings.backupDir, settings.keep) }
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw error
  }
}

/** Removes all but the newest `keep` sets; returns the names removed. */
export async function rotate(backupDir: string, keep: number): Promise<string[]> {
  const sets = await listBackupSets(backupDir)
  const removed = sets.slice(0, Math.max(0, sets.length - keep))
  for (const name of removed) await rm(join(backupDir, name), { recursive: true, force: true })
  return removed
}

/** When the newest complete set began, or null when there is none. */
export async function newestBackupStart(backupDir: string): Promise<number | null> {
  const newest = (await listBackupSets(backupDir)).at(-1)
  if (!newest) return null
  try {
    return Date.parse((await readManifest(join(backupDir, newest))).startedAt)
  } catch {
    return null
  }
}
