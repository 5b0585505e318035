import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import type { LogLine } from '../http/request-log.js'
import { acquireLease, dropLease } from '../repositories/leases.js'
import { createBackup, foldersBackedUp, newestBackupStart } from './backups.js'

/*
 * Work besides answering requests. It runs in ONE process of a server: the cluster's primary, which serves
 * nothing itself, or the only process when WEB_CONCURRENCY=1 (src/server.ts). Each job also takes a lease in
 * the database (src/repositories/leases.ts), so that two servers started separately on one file never run it
 * twice. Later jobs (finalising charges, expiring requests, reminders, e-mail) belong here, beside backups.
 */

export const PRESENCE_PREFIX = 'server:'
const PRESENCE_TTL_MS = 20_000
const PRESENCE_RENEW_MS = 5_000
const BACKUP_LEASE = 'backup'
const BACKUP_LEASE_TTL_MS = 10 * 60_000
const BACKUP_CHECK_MS = 60_000
const FIRST_BACKUP_CHECK_MS = 3_000

export interface BackgroundWork {
  stop(): Promise<void>
}

/** Who holds this process's leases: readable in the table, unique per start. */
export const newHolder = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`

/**
 * Says "a server uses this database" with a lease renewed every few seconds; `npm run restore` refuses while
 * one is unexpired. Fails when a restore is under way (its own lease), so a server never starts on a file
 * that is being replaced.
 */
export async function announcePresence(db: Db, holder: string, log: LogLine): Promise<() => Promise<void>> {
  const name = `${PRESENCE_PREFIX}${holder}`
  const take = () => acquireLease(db, { name, holder, now: Date.now(), ttlMs: PRESENCE_TTL_MS, unlessHeld: 'restore' })
  if (!(await take()))
    throw new Error('A restore of this database is under way (npm run restore): start the server when it is done.')
  const timer = setInterval(() => {
    take().then(
      (held) => held || log({ time: new Date().toISOString(), level: 'warn', event: 'presence-refused' }),
      (error) => log({ time: new Date().toISOString(), level: 'warn', event: 'presence-failed', error: String(error) }),
    )
  }, PRESENCE_RENEW_MS)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await dropLease(db, name, holder)
  }
}

/**
 * Scheduled backups: every minute, whoever gets the `backup` lease makes a set if the newest one began
 * BACKUP_EVERY_MINUTES ago or more (or there is none), so the interval holds across restarts and servers.
 */
export function scheduleBackups(config: Config, db: Db, holder: string, log: LogLine): BackgroundWork {
  const intervalMs = config.BACKUP_EVERY_MINUTES * 60_000
  let running: Promise<void> | null = null
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null

  const check = async () => {
    if (!(await acquireLease(db, { name: BACKUP_LEASE, holder, now: Date.now(), ttlMs: BACKUP_LEASE_TTL_MS }))) return
    const renew = setInterval(() => {
      acquireLease(db, { name: BACKUP_LEASE, holder, now: Date.now(), ttlMs: BACKUP_LEASE_TTL_MS }).catch(() => {})
    }, BACKUP_CHECK_MS)
    try {
      const newest = await newestBackupStart(config.BACKUP_DIR)
      if (newest !== null && Date.now() - newest < intervalMs) return
      const { dir, manifest, removed } = await createBackup({
        databasePath: config.DATABASE_PATH,
        backupDir: config.BACKUP_DIR,
        folders: foldersBackedUp(config),
        keep: config.BACKUP_KEEP,
      })
      log({
        time: new Date().toISOString(),
        event: 'backup',
        dir,
        bytes: manifest.database.bytes,
        reservations: manifest.database.reservations,
        folders: Object.fromEntries(Object.entries(manifest.folders).map(([name, copy]) => [name, copy.files])),
        ms: Date.parse(manifest.finishedAt) - Date.parse(manifest.startedAt),
        removed,
      })
    } finally {
      clearInterval(renew)
      await dropLease(db, BACKUP_LEASE, holder)
    }
  }

  const tick = () => {
    running = check()
      .catch((error) =>
        log({ time: new Date().toISOString(), level: 'error', event: 'backup-failed', error: String(error) }),
      )
      .finally(() => {
        running = null
        if (!stopped) timer = setTimeout(tick, BACKUP_CHECK_MS)
      })
  }
  if (intervalMs > 0) timer = setTimeout(tick, FIRST_BACKUP_CHECK_MS)

  return {
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
