import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
 * DOMAIN.md: "a balance never goes below zero, however many uses end at once" — across two real server processes
 * on one SQLite file: 40 uses recorded at once on one voucher, half on each process. Each recording's write reads
 * the balance itself inside its IMMEDIATE transaction, so the processes serialise on the file, not on the check
 * made before it (test/http/voucher-storm.test.ts holds every request past that check; here they simply race).
 */

const CROWD = 40
const AMOUNT = 100_000 // 6 whole deductions of 15,000 and one of 10,000
const HOUR = 3_600_000

let dir: string
let databasePath: string
let servers: ServerProcess[] = []
let world: ServerWorld

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-voucher-storm-'))
  databasePath = join(dir, 'shared.db')
  const [portA, portB] = await Promise.all([freePort(), freePort()])
  servers = [startServer('server A', portA, databasePath), startServer('server B', portB, databasePath)]
  await Promise.all(servers.map((server) => waitForHealth(server)))
  world = await populateServer(servers, CROWD, 'v')
}, 120_000)

afterAll(async () => {
  for (const server of servers) {
    const exit = await stopServer(server)
    if (exit.code !== 0) console.error(logOf(server))
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('a voucher under 40 uses ending at once on two server processes', { timeout: 60_000 }, () => {
  it('deducts exactly its balance, never more, each use once', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const asAdmin = { token: world.adminToken }
    // a platform admin acts for any city's bureau: a programme for universities, a voucher for the visitors
    const program = await mustServer(201, a, 'POST', '/voucher-programs', {
      ...asAdmin,
      body: {
        name: '宁波市科技创新券（高校）',
        city: 'ningbo',
        coveragePercent: 50,
        holderKinds: ['university'],
        validFrom: '2000-01-01',
        validTo: '2100-12-31',
      },
    })
    const voucher = await mustServer(201, b, 'POST', '/vouchers', {
      ...asAdmin,
      body: {
        programId: program.id,
        holderInstitutionId: world.visitorInstitutionId,
        amountFen: AMOUNT,
        expiresAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
      },
    })
    const sem = await world.createInstrument('场发射扫描电子显微镜', {
      rates: { hour: { internal: 15_000, academic: 30_000, enterprise: 45_000 } },
    })
    const firstStart = Math.floor(Date.now() / HOUR) * HOUR - (CROWD + 2) * 2 * HOUR
    const results = await Promise.all(
      world.researchers.map((researcher, i) =>
        callServer(servers[i % 2]!, 'POST', `/instruments/${sem.id}/uses`, {
          token: world.institutionAdminToken,
          body: {
            userId: researcher.id,
            start: new Date(firstStart + i * 2 * HOUR).toISOString(),
            end: new Date(firstStart + i * 2 * HOUR + HOUR).toISOString(),
            voucherId: voucher.id,
          },
        }),
      ),
    )
    // a recording that reads the balance after it ran out is told so (422 voucher-exhausted) and writes nothing;
    // one that read it before still records its use, and its write deducts only what is left then
    const recorded = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status !== 201)
    for (const r of refused) expect(`${r.status} ${r.json?.type}`).toBe('422 /problems/voucher-exhausted')
    expect(recorded.length).toBeGreaterThanOrEqual(7)
    const deductions = recorded.map((r) => r.json.deductionFen as number).sort((x, y) => y - x)
    expect(deductions).toEqual([...Array(6).fill(15_000), 10_000, ...Array(recorded.length - 7).fill(0)])
    for (const r of recorded) expect(r.json.payableFen + r.json.deductionFen).toBe(r.json.chargeFen)
    const stored = readDatabaseFile(databasePath, (sqlite) =>
      sqlite.prepare('SELECT COUNT(*) AS n FROM reservations WHERE instrument_id = ?').get(sem.id),
    )
    expect(stored).toEqual({ n: recorded.length })

    // both processes read the same balance and ledger
    for (const server of servers) {
      const read = await mustServer(200, server, 'GET', `/vouchers/${voucher.id}`, asAdmin)
      expect(read.balanceFen).toBe(0)
      expect(read.ledger).toHaveLength(7)
    }
    // and the file itself: the ledger never exceeds the amount
    const ledger = readDatabaseFile(databasePath, (sqlite) =>
      sqlite.prepare('SELECT SUM(deduction_fen) AS used, COUNT(*) AS n FROM voucher_ledger').get(),
    )
    expect(ledger).toEqual({ used: AMOUNT, n: 7 })
  })

  it('logged no 5xx and no lock error on either process; both run the job loop, one holds its lease', () => {
    for (const server of servers) {
      const failures = server.output
        .join('')
        .split('\n')
        .filter((line) => /"status":5\d\d/.test(line) || /SQLITE_BUSY|database is locked|"level":"error"/i.test(line))
      expect(failures, server.name).toEqual([])
    }
    const leases = readDatabaseFile(databasePath, (sqlite) =>
      sqlite.prepare('SELECT name, holder, expires_at FROM job_leases').all(),
    ) as { name: string; holder: string; expires_at: number }[]
    // one row per loop (the minutely jobs, the e-mail of notifications), each held by one process
    expect(leases.map((lease) => lease.name).sort()).toEqual(['mail', 'minutely'])
    for (const lease of leases) expect(lease.expires_at).toBeGreaterThan(Date.now())
  })
})
