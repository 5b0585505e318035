import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { assertReportKey, type ReportStore } from './report-store.js'

/**
 * Reports on disk (Node): one file per report under `dir` (REPORTS_DIR, by default data/reports beside the database,
 * never inside anything the server serves). A file is written to a temporary name in the same folder and renamed
 * into place, so a reader never sees half of one and a crash leaves at most a stray temporary file.
 */
export function nodeReportStore(dir: string): ReportStore {
  const root = resolve(dir)
  const pathOf = (key: string) => {
    assertReportKey(key)
    return join(root, key)
  }
  let ready: Promise<unknown> | null = null
  return {
    async put(key, bytes) {
      const path = pathOf(key)
      ready ??= mkdir(root, { recursive: true })
      await ready
      const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`
      try {
        await writeFile(temporary, bytes, { flag: 'wx' })
        await rename(temporary, path)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
