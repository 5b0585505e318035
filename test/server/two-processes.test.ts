import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type SQLite from 'better-sqlite3'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMigrations } from '../../src/db/migrations-fs.js'
import {
  callServer,
  freePort,
  logOf,
  mapLimited,
  mustServer,
  readDatabaseFile,
  SERVER_ADMIN,
  type ServerProcess,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'

/**
 * DOMAIN.md "No double booking, ever … from any number of server processes": two real `src/server.ts`
 * processes on one SQLite file, driven over HTTP only, with the system clock.
 */

const PASSWORD = 'researcher-password-1'
const ZONE = 'Asia/Shanghai'
const CROWD = 40
const MINUTE = 60_000

const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))
const readDatabase = <T>(read: (sqlite: SQLite.Database) => T): T => readDatabaseFile(databasePath, read)

let dir: string
let databasePath: string
let servers: ServerProcess[] = []
let adminToken: string
let nbuId: string
let researchers: { id: string; token: string }[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-two-processes-'))
  databasePath = join(dir, 'shared.db')
  const [portA, portB] = await Promise.all([freePort(), freePort()])
  // both start at once on a file that does not exist yet: migration and bootstrap race too
  servers = [startServer('server A', portA, databasePath), startServer('server B', portB, databasePath)]
  await Promise.all(servers.map((server) => waitForHealth(server)))
  const [a, b] = servers as [ServerProcess, ServerProcess]

  adminToken = (await mustServer(200, a, 'POST', '/auth/login', { body: SERVER_ADMIN })).token
  const asAdmin = { token: adminToken }
  // both processes ran the migration and the bootstrap on one empty file: one schema, one platform admin
  expect((await mustServer(200, b, 'POST', '/auth/login', { body: SERVER_ADMIN })).user.role).toBe('platform_admin')
  expect(readDatabase((sqlite) => sqlite.prepare('SELECT role FROM users').all())).toEqual([{ role: 'platform_admin' }])
  expect(readDatabase((sqlite) => sqlite.prepare('SELECT name FROM d1_migrations ORDER BY id').all())).toEqual(
    readMigrations().map(({ name }) => ({ name })),
  )

  // SEED=none leaves the directory empty but for the two cities (API.md "Running", schema/0004): the admin
  // creates everything else through the API
  expect((await mustServer(200, a, 'GET', '/cities')).items).toEqual([
    { code: 'ningbo', name: '宁波' },
    { code: 'zhoushan', name: '舟山' },
  ])
  nbuId = (
    await mustServer(201, a, 'POST', '/institutions', {
      ...asAdmin,
      body: { name: '宁波大学', city: 'ningbo', kind: 'university' },
    })
  ).id
  const zjouId = (
    await mustServer(201, b, 'POST', '/institutions', {
      ...asAdmin,
      body: { name: '浙江海洋大学', city: 'zhoushan', kind: 'university' },
    })
  ).id
  await mustServer(201, b, 'POST', '/users', {
    ...asAdmin,
    body: {
      email: 'admin@nbu.test',
      name: '宁大设备处',
      password: PASSWORD,
      role: 'institution_admin',
      institutionId: nbuId,
    },
  })

  // 40 Zhoushan researchers, created and signed in on alternating processes, a few at a time
  researchers = await mapLimited(
    Array.from({ length: CROWD }, (_, i) => i),
    8,
    async (i) => {
      const server = servers[i % 2]!
      const email = `researcher-${i}@zjou.test`
      const user = await mustServer(201, server, 'POST', '/users', {
        ...asAdmin,
        body: { email, name: `研究员 ${i}`, password: PASSWORD, role: 'researcher', institutionId: zjouId },
      })
      const { token } = await mustServer(200, servers[(i + 1) % 2]!, 'POST', '/auth/login', {
        body: { email, password: PASSWORD },
      })
      return { id: user.id as string, token: token as string }
    },
  )
}, 60_000)

afterAll(async () => {
  // always stop both, even when the setup or a test failed; a clean SIGTERM exit is part of the contract
  const exits = await Promise.allSettled(servers.map((server) => stopServer(server)))
  if (dir) rmSync(dir, { recursive: true, force: true })
  if (process.env.TWO_PROCESSES_DEBUG) for (const server of servers) console.log(logOf(server))
  exits.forEach((exit, i) => {
    if (exit.status === 'rejected') throw exit.reason
    expect(exit.value, `${servers[i]!.name} exit\n${logOf(servers[i]!)}`).toEqual({ code: 0, signal: null })
  })
}, 40_000)

/** An instrument of 宁波大学 that opens every day round the clock, created by its institute admin. */
async function createInstrument(name: string, rules: Record<string, unknown>) {
  const [a] = servers as [ServerProcess, ServerProcess]
  const { token } = await mustServer(200, a, 'POST', '/auth/login', {
    body: { email: 'admin@nbu.test', password: PASSWORD },
  })
  return mustServer(201, a, 'POST', '/instruments', {
    token,
    body: {
      institutionId: nbuId,
      name,
      category: 'electron-optics',
      openingHours: everyDay,
      noticeMinutes: 0,
      horizonDays: 30,
      ...rules,
    },
  })
}

/** A local time `days` ahead in Shanghai (the servers run on the system clock), as an instant. */
const shanghai = (days: number, hour: number, minute = 0) =>
  DateTime.now().setZone(ZONE).plus({ days }).startOf('day').set({ hour, minute }).toMillis()

describe('two server processes on one SQLite file', { timeout: 60_000 }, () => {
  it('40 researchers ask both processes for the same slot at once: exactly one 201, 39 × 409', async () => {
    const instrument = await createInstrument('透射电子显微镜', { slotMinutes: 60, minMinutes: 60, maxMinutes: 480 })
    const start = shanghai(3, 10)
    const body = {
      instrumentId: instrument.id,
      start: new Date(start).toISOString(),
      end: new Date(start + 60 * MINUTE).toISOString(),
      purpose: '跨进程并发测试',
    }
    const results = await Promise.all(
      researchers.map((researcher, i) =>
        callServer(servers[i % 2]!, 'POST', '/reservations', { token: researcher.token, body }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(
      statuses.filter((s) => s === 201),
      statuses.join(' '),
    ).toHaveLength(1)
    expect(
      statuses.filter((s) => s === 409),
      statuses.join(' '),
    ).toHaveLength(CROWD - 1)
    for (const rejected of results.filter((r) => r.status === 409))
      expect(rejected.json.type).toMatch(/\/problems\/time-taken$/)

    // both processes see the same single reservation
    const winner = results.find((r) => r.status === 201)!.json
    expect(winner.status).toBe('confirmed')
    for (const server of servers) {
      const list = await mustServer(200, server, 'GET', `/reservations?instrumentId=${instrument.id}`, {
        token: adminToken,
      })
      expect(list.items.map((r: { id: string }) => r.id)).toEqual([winner.id])
    }
  })

  it('a storm of overlapping bookings across both processes leaves no two held reservations overlapping', async () => {
    const instrument = await createInstrument('场发射扫描电子显微镜', {
      slotMinutes: 15,
      minMinutes: 15,
      maxMinutes: 240,
      bufferMinutes: 15,
    })
    let seed = 20_270_301
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed / 2_147_483_648
    }
    const windowStart = shanghai(4, 8)
    const requests = Array.from({ length: 160 }, (_, i) => {
      const start = windowStart + Math.floor(random() * 48) * 15 * MINUTE
      const end = start + (1 + Math.floor(random() * 12)) * 15 * MINUTE
      return { start, end, researcher: researchers[i % CROWD]!, server: servers[i % 2]! }
    })
    const results = await Promise.all(
      requests.map(({ start, end, researcher, server }) =>
        callServer(server, 'POST', '/reservations', {
          token: researcher.token,
          body: {
            instrumentId: instrument.id,
            start: new Date(start).toISOString(),
            end: new Date(end).toISOString(),
            purpose: '跨进程并发测试',
          },
        }),
      ),
    )
    const unexpected = results.filter((r) => r.status !== 201 && r.status !== 409)
    expect(unexpected.map((r) => `${r.status} ${r.text}`)).toEqual([])
    const accepted = results.filter((r) => r.status === 201).map((r) => r.json.id as string)
    expect(accepted.length).toBeGreaterThan(1)
    expect(accepted.length).toBeLessThan(results.length)

    // the full scan, on the file itself
    const overlaps = readDatabase((sqlite) =>
      sqlite
        .prepare(
          `SELECT a.id AS a, b.id AS b FROM reservations a
           JOIN reservations b ON b.instrument_id = a.instrument_id AND a.id < b.id
           WHERE a.status IN ('pending', 'confirmed', 'in_use') AND b.status IN ('pending', 'confirmed', 'in_use')
             AND a.start_ms < b.hold_end_ms AND b.start_ms < a.hold_end_ms`,
        )
        .all(),
    )
    expect(overlaps).toEqual([])
    const stored = readDatabase(
      (sqlite) =>
        sqlite
          .prepare('SELECT id, start_ms, hold_end_ms FROM reservations WHERE instrument_id = ? ORDER BY id')
          .all(instrument.id) as { id: string; start_ms: number; hold_end_ms: number }[],
    )
    expect(stored.map((r) => r.id)).toEqual([...accepted].sort())
    // no false 409: nothing was cancelled, so what stood in a rejected request's way is still held
    requests.forEach(({ start, end }, i) => {
      if (results[i]!.status !== 409) return
      const holdEnd = end + 15 * MINUTE
      expect(stored.some((r) => r.start_ms < holdEnd && start < r.hold_end_ms)).toBe(true)
    })
  })

  it('60 wrong passwords for one account at once, over both processes: exactly 10 checked, 50 × 429', async () => {
    const email = 'researcher-0@zjou.test'
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        callServer(servers[i % 2]!, 'POST', '/auth/login', { body: { email, password: `wrong password ${i}` } }),
      ),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(10)
    expect(statuses.filter((status) => status === 429)).toHaveLength(50)
    // both processes refused some: the limit is the database's, not a process's memory
    for (const parity of [0, 1])
      expect(statuses.filter((status, i) => i % 2 === parity && status === 429).length).toBeGreaterThan(0)
    expect((await callServer(servers[1]!, 'POST', '/auth/login', { body: { email, password: PASSWORD } })).status).toBe(
      429,
    )
  })

  it('logged no 5xx on either process', () => {
    for (const server of servers) {
      const lines = server.output.join('').split('\n')
      // the request log is there (so this check is not vacuous): each process took its share of the bookings
      expect(lines.filter((line) => line.includes('"path":"/api/v1/reservations"')).length).toBeGreaterThan(CROWD / 2)
      const failures = lines.filter(
        (line) => /"status":5\d\d/.test(line) || /SQLITE_BUSY|database is locked/i.test(line),
      )
      expect(failures, server.name).toEqual([])
    }
  })
})
