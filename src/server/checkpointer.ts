import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { LogLine } from '../http/request-log.js'

/**
 * Copies the write-ahead log back into the database file in the background, so that no request pays for it.
 *
 * SQLite's default is to checkpoint inside the commit that crosses 1,000 WAL pages: one booking in a hundred
 * then wrote ~4 MB and synced the file before it could answer (the p99 of the guarded insert, and a third
 * of a booking's average cost measured in process). The serving connections now leave that to this thread
 * (their own automatic checkpoint stays as a safety net at SERVING_AUTOCHECKPOINT_PAGES), which runs a
 * PASSIVE checkpoint several times a second on its own connection: it never blocks a reader or a writer.
 * Its code is a string for the reason given in sqlite-copy.ts.
 */
export const SERVING_AUTOCHECKPOINT_PAGES = 20_000
const EVERY_MS = 200
const RESTART_AFTER_MS = 5_000

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 10000')
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')
const timer = setInterval(checkpoint, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try {
    checkpoint()
  } finally {
    db.close()
    parentPort.close()
  }
})
`

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3')

export interface Checkpointer {
  /** A last checkpoint, then the thread's connection closes. */
  stop(): Promise<void>
}

export function startCheckpointer(path: string, log: LogLine): Checkpointer {
  let stopping = false
  let worker: Worker
  let exited: Promise<void>
  let restart: ReturnType<typeof setTimeout> | null = null
  const start = () => {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: DRIVER, path, everyMs: EVERY_MS } })
    worker.unref()
    exited = new Promise((resolve) => worker.once('exit', () => resolve()))
    worker.on('error', (error) => {
      log({ time: new Date().toISOString(), level: 'error', event: 'checkpointer-failed', error: String(error) })
    })
    worker.on('exit', () => {
      // a failure leaves the serving connections' own checkpoint as the safety net until the restart
      if (!stopping) {
        restart = setTimeout(start, RESTART_AFTER_MS)
        restart.unref()
      }
    })
  }
  start()
  return {
    async stop() {
      stopping = true
      if (restart) clearTimeout(restart)
      worker.ref() // keep the process alive until the thread has closed its connection
      worker.postMessage('stop') // ignored by a thread that has exited already
      await exited
    },
  }
}
