import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { BackupFile } from './operations.js'

/** The files of BACKUP_DIR (Node only): name, size and time of each, for the operations page. */
export async function listBackupFiles(dir: string): Promise<BackupFile[]> {
  const names = await readdir(dir).catch(() => [] as string[])
  const files = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(dir, name)).catch(() => null)
      return info?.isFile() ? { name, bytes: info.size, at: info.mtimeMs } : null
    }),
  )
  return files.filter((file) => file !== null)
}
