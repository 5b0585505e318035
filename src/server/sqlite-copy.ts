import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * The heavy part of a backup — SQLite's online backup of the whole file and `PRAGMA integrity_check` of the
 * copy — runs on a worker thread with its own connection, so that the process that schedules it (the one that
 * serves, when WEB_CONCURRENCY=1) keeps answering meanwhile.
 *
 * The copy is made in ONE backup step: a step reads the source inside one read transaction, so the copy is
 * the database exactly as it was when the step began — every write committed before then is in it, and
 * writers are not held up (WAL). Small steps would start over whenever another connection writes, which under
 * a steady load is forever. The copy is then switched to a rollback journal, so that it is one self-contained
 * file, and checked.
 *
 * The worker's code is a string: the same text runs under tsx and from the compiled bundle, with no second
 * entry file to find. It only loads better-sqlite3, resolved here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
async function run() {
  const source = new Database(workerData.source, { fileMustExist: true })
  source.pragma('busy_timeout = 10000')
  const startedAt = Date.now()
  try {
    // the first step only opens the backup; the second copies every page at once
    await source.backup(workerData.target, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  const copy = new Database(workerData.target)
  try {
    copy.pragma('journal_mode = DELETE')
    const integrity = copy.pragma('integrity_check').map((row) => row.integrity_check)
    const reservations = copy.prepare('SELECT count(*) AS n FROM reservations').get().n
    return { startedAt, integrity, reservations }
  } finally {
    copy.close()
  }
}
run().then(
  (result) => parentPort.postMessage({ result }),
  (error) => parentPort.postMessage({ error: String((error && error.stack) || error) }),
)
`

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3')

export interface DatabaseCopy {
  /** epoch ms just before the copy began: every write committed earlier is in it */
  startedAt: number
  /** the rows of `PRAGMA integrity_check`: ['ok'] for a sound copy */
  integrity: string[]
  reservations: number
}

/** Copies the live database at `source` (WAL, in use) to the new file `target`, and checks the copy. */
export function copyDatabase(source: string, target: string): Promise<DatabaseCopy> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: DRIVER, source, target } })
    let settled = false
    worker.once('message', (message: { result?: DatabaseCopy; error?: string }) => {
      settled = true
      if (message.result) resolve(message.result)
      else reject(new Error(`The database copy failed: ${message.error}`))
    })
    worker.once('error', (error) => {
      settled = true
      reject(error)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The database copy's thread exited (${code}) without an answer`))
    })
  })
}
