import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { integrityCheck, orphanRows, overlappingHeldPairs } from '../support/invariants.js'
import {
  callServer,
  freePort,
  logOf,
  populateServer,
  readDatabaseFile,
  type ServerProcess,
  type ServerWorld,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'
import { designStorm, groupOf } from './storm-design.js'

/** DOMAIN.md "… from any number of server processes": storms of 200 over two real processes on one file. */

const REQUESTS = 200
const CLUSTERS = 8
const ROUNDS = 5

let dir: string
let databasePath: string
let servers: ServerProcess[] = []
let world: ServerWorld

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-storm-'))
  databasePath = join(dir, 'storm.db')
  const [portA, portB] = await Promise.all([freePort(), freePort()])
  servers = [startServer('server A', portA, databasePath), startServer('server B', portB, databasePath)]
  await Promise.all(servers.map((server) => waitForHealth(server)))
  world = await populateServer(servers, 50)
})

afterAll(async () => {
  const exits = await Promise.allSettled(servers.map((server) => stopServer(server)))
  if (dir) rmSync(dir, { recursive: true, force: true })
  exits.forEach((exit, i) => {
    if (exit.status === 'rejected') throw exit.reason
    expect(exit.value, logOf(servers[i]!)).toEqual({ code: 0, signal: null })
  })
})

describe('storms across two server processes on one SQLite file', () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round))(
    'round %i: 200 requests from 50 researchers, exactly one winner per contested slot',
    async (round) => {
      const instrument = await world.createInstrument(`风暴仪器 ${round}`, {
        slotMinutes: 30,
        minMinutes: 30,
        maxMinutes: 480,
        bufferMinutes: round % 2 === 0 ? 30 : 0,
        requiresApproval: round === 3,
      })
      // the servers run on the system clock: a day well inside the horizon, in the instrument's zone
      const origin = DateTime.now()
        .setZone('Asia/Shanghai')
        .plus({ days: 2 + round })
        .startOf('day')
        .toMillis()
      const requests = designStorm(1000 + round, origin, CLUSTERS, REQUESTS)
      const answers = await Promise.all(
        requests.map((request, i) =>
          callServer(servers[i % 2]!, 'POST', '/reservations', {
            token: world.researchers[i % world.researchers.length]!.token,
            body: {
              instrumentId: instrument.id,
              start: new Date(request.start).toISOString(),
              end: new Date(request.end).toISOString(),
              purpose: '跨进程风暴测试',
            },
          }),
        ),
      )
      expect(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => `${a.status} ${a.text}`)).toEqual(
        [],
      )
      const winnerGroups = requests.filter((_, i) => answers[i]!.status === 201).map((r) => r.group)
      expect(winnerGroups.sort((a, b) => a - b)).toEqual([...Array(CLUSTERS).keys()])
      // both processes took part in the decisions
      const decidedBy = new Set(answers.map((_, i) => i % 2))
      expect(decidedBy.size).toBe(2)

      const stored = readDatabaseFile(databasePath, (sqlite) => {
        expect(overlappingHeldPairs(sqlite)).toEqual([])
        expect(orphanRows(sqlite)).toEqual([])
        return sqlite.prepare('SELECT id, start_ms FROM reservations WHERE instrument_id = ?').all(instrument.id) as {
          id: string
          start_ms: number
        }[]
      })
      expect(stored.map((r) => r.id).sort()).toEqual(
        answers
          .filter((a) => a.status === 201)
          .map((a) => a.json.id)
          .sort(),
      )
      expect(stored.map((r) => groupOf(origin, r.start_ms)).sort((a, b) => a - b)).toEqual([...Array(CLUSTERS).keys()])
    },
  )

  it('the file is sound and neither process logged a 5xx or a busy database', async () => {
    expect(readDatabaseFile(databasePath, integrityCheck)).toEqual(['ok'])
    const booked = (server: ServerProcess) =>
      server.output
        .join('')
        .split('\n')
        .filter((line) => line.includes('"path":"/api/v1/reservations"')).length
    // the request log is written a few milliseconds after the answers (src/server/log.ts)
    for (let waited = 0; waited < 2000 && servers.some((s) => booked(s) < (ROUNDS * REQUESTS) / 2); waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50))
    for (const server of servers) {
      const lines = server.output.join('').split('\n')
      expect(booked(server)).toBeGreaterThan((ROUNDS * REQUESTS) / 2 - 1)
      expect(
        lines.filter((line) => /"status":5\d\d/.test(line) || /SQLITE_BUSY|database is locked/i.test(line)),
        server.name,
      ).toEqual([])
    }
  })
})
