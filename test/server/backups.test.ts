import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackupManifest } from '../../src/server/backups.js'
import { SERVER_ENTRY } from '../support/built-server.js'
import { integrityCheck } from '../support/invariants.js'
import {
  callServer,
  freePort,
  logOf,
  mustServer,
  populateServer,
  readDatabaseFile,
  type ServerProcess,
  type ServerWorld,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'

/**
 * Online backups (npm run backup, and the schedule) of a server under a write load, and their restore
 * (npm run restore -- FILE): a cluster of two serving processes takes bookings while backups are made; every
 * booking acknowledged before a backup began is in it; a restore is refused while the server runs, and the
 * restored database serves exactly the reservations of the backup.
 */

const CLI = SERVER_ENTRY.replace(/server\.js$/, 'backup-cli.js')
const WRITERS = 6
const SLOT = 15 * 60_000

let dir: string
let env: Record<string, string>
let server: ServerProcess
let world: ServerWorld
const instruments: { id: string }[] = []
/** every booking answered 201, with the instant its answer arrived */
const acknowledged: { id: string; instrumentId: string; at: number }[] = []

function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    )
  })
}

const sets = () =>
  readdirSync(env.BACKUP_DIR!)
    .filter((name) => !name.startsWith('.'))
    .sort()
const manifestOf = (set: string) =>
  JSON.parse(readFileSync(join(env.BACKUP_DIR!, set, 'backup.json'), 'utf8')) as BackupManifest
const reservationIdsIn = (path: string) =>
  new Set(
    readDatabaseFile(path, (sqlite) =>
      (sqlite.prepare('SELECT id FROM reservations').all() as { id: string }[]).map((row) => row.id),
    ),
  )

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-backups-'))
  env = {
    DATABASE_PATH: join(dir, 'data', 'yongzhou.db'),
    BACKUP_DIR: join(dir, 'backups'),
    REPORTS_DIR: join(dir, 'reports'),
    BACKUP_KEEP: '3',
  }
  mkdirSync(join(env.REPORTS_DIR!, '2027'), { recursive: true })
  writeFileSync(join(env.REPORTS_DIR!, '2027', 'order-1.pdf'), '%PDF-1.7 first report')
  // a cluster of two serving processes, with scheduled backups (the first comes a few seconds after the start)
  server = startServer('server', await freePort(), env.DATABASE_PATH!, {
    ...env,
    WEB_CONCURRENCY: '2',
    BACKUP_EVERY_MINUTES: '60',
  })
  await waitForHealth(server)
  world = await populateServer([server], WRITERS)
  for (let i = 0; i < WRITERS; i++)
    instruments.push(await world.createInstrument(`备份测试仪器 ${i}`, { slotMinutes: 15, minMinutes: 15 }))
}, 60_000)

afterAll(async () => {
  if (server && !server.exit) await stopServer(server)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('backups and restore', { timeout: 60_000 }, () => {
  it('backs up while bookings pour in: every booking acknowledged before a backup began is in it', async () => {
    const origin = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).startOf('day').toMillis()
    let stop = false
    const writer = async (index: number) => {
      for (let slot = 0; !stop; slot++) {
        const start = origin + slot * SLOT
        const answer = await callServer(server, 'POST', '/reservations', {
          token: world.researchers[index]!.token,
          body: {
            instrumentId: instruments[index]!.id,
            start: new Date(start).toISOString(),
            end: new Date(start + SLOT).toISOString(),
          },
        })
        if (answer.status !== 201) throw new Error(`booking answered ${answer.status}: ${answer.text}`)
        acknowledged.push({ id: answer.json.id, instrumentId: instruments[index]!.id, at: Date.now() })
      }
    }
    const writers = Array.from({ length: WRITERS }, (_, i) => writer(i))
    const outputs: string[] = []
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      for (let i = 0; i < 3; i++) {
        const made = await cli('backup')
        outputs.push(made.out)
        expect(made.code, made.out).toBe(0)
        if (i === 0) writeFileSync(join(env.REPORTS_DIR!, '2027', 'order-2.pdf'), '%PDF-1.7 second report')
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
    } finally {
      stop = true
      await Promise.all(writers)
    }
    expect(acknowledged.length).toBeGreaterThan(50)

    // the scheduled backup of the start, and the three made under load; BACKUP_KEEP=3 keeps the newest three
    expect(logOf(server)).toMatch(/"event":"backup"/)
    const kept = sets()
    expect(kept).toHaveLength(3)
    for (const set of kept) {
      const manifest = manifestOf(set)
      const path = join(env.BACKUP_DIR!, set, manifest.database.file)
      expect(readDatabaseFile(path, integrityCheck)).toEqual(['ok'])
      const inBackup = reservationIdsIn(path)
      expect(manifest.database.reservations).toBe(inBackup.size)
      const before = acknowledged.filter((booking) => booking.at < Date.parse(manifest.startedAt))
      expect(before.length, set).toBeGreaterThan(0)
      expect(before.filter((booking) => !inBackup.has(booking.id))).toEqual([])
      // and it was made under load: bookings acknowledged after its start are missing from it
      expect(acknowledged.some((booking) => !inBackup.has(booking.id))).toBe(true)
    }
    // the reports folder travels with each set; an unchanged file is a hard link to the previous set's
    const newest = join(env.BACKUP_DIR!, kept.at(-1)!, 'reports', '2027')
    expect(readdirSync(newest).sort()).toEqual(['order-1.pdf', 'order-2.pdf'])
    expect(statSync(join(newest, 'order-1.pdf')).nlink).toBeGreaterThan(1)
    expect(manifestOf(kept.at(-1)!).folders.reports).toMatchObject({ files: 2, linked: 2, copied: 0 })
    expect(sets().some((name) => name.startsWith('.partial-'))).toBe(false)
  })

  it('refuses to restore while the server runs, and changes nothing', async () => {
    const before = reservationIdsIn(env.DATABASE_PATH!)
    const refused = await cli('restore', join(env.BACKUP_DIR!, sets()[0]!))
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/A server is using .*stop it first/)
    expect(reservationIdsIn(env.DATABASE_PATH!)).toEqual(before)
    expect(readdirSync(join(dir, 'data')).some((name) => name.includes('.replaced-'))).toBe(false)
    expect((await callServer(server, 'GET', '/me', { token: world.adminToken })).status).toBe(200)
  })

  it('restores a set once the server stopped: the restored database serves the same reservations', async () => {
    expect(await stopServer(server)).toEqual({ code: 0, signal: null })
    const set = sets()[0]!
    const manifest = manifestOf(set)
    const expected = reservationIdsIn(join(env.BACKUP_DIR!, set, manifest.database.file))
    const live = reservationIdsIn(env.DATABASE_PATH!)
    expect(live.size).toBeGreaterThan(expected.size)

    const restored = await cli('restore', join(env.BACKUP_DIR!, set))
    expect(restored.code, restored.out).toBe(0)
    // what was replaced is kept aside: the database with every booking, and the reports folder
    const aside = readdirSync(join(dir, 'data')).filter((name) => name.includes('.replaced-'))
    expect(aside).toHaveLength(1)
    expect(reservationIdsIn(join(dir, 'data', aside[0]!))).toEqual(live)
    expect(existsSync(join(env.REPORTS_DIR!, '2027', 'order-1.pdf'))).toBe(true)

    server = startServer('server (restored)', await freePort(), env.DATABASE_PATH!, env)
    await waitForHealth(server)
    const served = new Set<string>()
    for (const instrument of instruments) {
      let cursor: string | undefined
      do {
        const page = await mustServer(
          200,
          server,
          'GET',
          `/reservations?instrumentId=${instrument.id}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          { token: world.adminToken },
        )
        for (const reservation of page.items) served.add(reservation.id)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
    }
    expect(served).toEqual(expected)
    expect(readDatabaseFile(env.DATABASE_PATH!, integrityCheck)).toEqual(['ok'])
  })
})
