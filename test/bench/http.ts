import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type RawRequest, type Result } from 'autocannon'
import SQLite from 'better-sqlite3'
import { DateTime } from 'luxon'
import { BENCH_ZONE, type BenchDataSummary } from '../../seed/bench-data.js'
import { createPrng } from '../../seed/prng.js'
import { ensureServerBuilt, SERVER_ARGS } from '../support/built-server.js'
import { median } from './table.js'

/*
 * HTTP side by side: a real server (node dist/server.js, what `npm start` runs) on a copy of the bench
 * database, and autocannon on 127.0.0.1 against /healthz, a week's availability and conflict-checked
 * bookings.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DAY = 24 * 3600_000

export interface HttpOptions {
  durationSeconds: number
  runs: number
  connections: number[]
  warmupSeconds: number
  /** WEB_CONCURRENCY of the server: 1 serves in one process, more forks a cluster behind a primary */
  processes: number
}

export interface HttpRow {
  endpoint: string
  connections: number
  reqPerSec: number
  p50: number
  p99: number
  ratio: number
  /** share of responses with the expected status (200, or 201 for bookings) */
  okShare: number
  errors: number
  /** the largest RSS of one server process during this cell, and of all of them together */
  peakRssMb: number
  peakTotalRssMb: number
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : 0
  } catch {
    return 0
  }
}

/** The server's processes: the one started, and its children (the cluster's serving processes). */
function serverPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    return [pid, ...children.map(Number)]
  } catch {
    return [pid]
  }
}

/** Bearer tokens for a pool of researchers, written straight into the copy (only their SHA-256 is stored). */
export function issueTokens(path: string, researcherIds: string[], count: number): string[] {
  const sqlite = new SQLite(path)
  const insert = sqlite.prepare('INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
  const tokens: string[] = []
  const now = Date.now()
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const token = randomBytes(24).toString('base64url')
      insert.run(
        createHash('sha256').update(token).digest('hex'),
        researcherIds[i % researcherIds.length],
        now,
        now + DAY,
      )
      tokens.push(token)
    }
  })()
  sqlite.close()
  return tokens
}

async function startServer(dbPath: string, processes: number): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort()
  ensureServerBuilt()
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      SEED: 'none',
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_CONCURRENCY: String(processes),
      BACKUP_EVERY_MINUTES: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bench server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error('the bench server did not answer /healthz within 60 s')
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

const iso = (ms: number) => DateTime.fromMillis(ms, { zone: BENCH_ZONE }).toISO({ suppressMilliseconds: true })!

export interface Endpoint {
  key: 'healthz' | 'availability' | 'post'
  name: string
  expected: number
  request(): RawRequest
}

export function benchEndpoints(summary: BenchDataSummary, tokens: string[]): Endpoint[] {
  const rng = createPrng('http-bench')
  const allInstruments = (() => {
    const sqlite = new SQLite(summary.path, { readonly: true })
    const ids = (sqlite.prepare('SELECT id FROM instruments ORDER BY id').all() as { id: string }[]).map((r) => r.id)
    sqlite.close()
    return ids
  })()
  // Monday midnights in the instrument's zone, a year either side of "as of".
  const firstMonday = DateTime.fromMillis(summary.asOf, { zone: BENCH_ZONE }).startOf('week').minus({ weeks: 52 })
  const weekUrls = Array.from({ length: 2000 }, () => {
    const from = firstMonday.plus({ weeks: rng.int(0, 103) })
    const query = new URLSearchParams({ from: iso(from.toMillis()), to: iso(from.plus({ weeks: 1 }).toMillis()) })
    return `/api/v1/instruments/${rng.pick(allInstruments)}/availability?${query}`
  })
  let weekCursor = 0
  const slot = 30 * 60_000
  return [
    { key: 'healthz', name: 'GET /healthz', expected: 200, request: () => ({ method: 'GET', path: '/healthz' }) },
    {
      key: 'availability',
      name: 'GET availability (week)',
      expected: 200,
      request: () => ({ method: 'GET', path: weekUrls[weekCursor++ % weekUrls.length]! }),
    },
    {
      key: 'post',
      name: 'POST /reservations',
      expected: 201,
      request: () => {
        // A random 30-minute-grid slot 1 hour to 360 days ahead on a random always-open instrument.
        const gridNow = Math.ceil(Date.now() / slot) * slot
        const start = gridNow + 2 * slot + rng.int(0, 360 * 48) * slot
        const end = start + rng.int(1, 4) * slot
        return {
          method: 'POST',
          path: '/api/v1/reservations',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${rng.pick(tokens)}`,
          },
          body: JSON.stringify({
            instrumentId: rng.pick(summary.openInstrumentIds),
            start: iso(start),
            end: iso(end),
            purpose: '基准测试',
          }),
        }
      },
    },
  ]
}

async function load(base: string, endpoint: Endpoint, connections: number, seconds: number): Promise<Result> {
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, headers: {}, ...endpoint.request() }) }],
  })
}

/** Runs the HTTP table: every run measures every endpoint at every connection count, back to back. */
export async function benchHttp(
  summary: BenchDataSummary,
  options: HttpOptions,
  progress: (line: string) => void,
): Promise<{ rows: HttpRow[]; peakRssMb: number; peakTotalRssMb: number; hwmMb: number }> {
  const copy = join(tmpdir(), `yongzhou-bench-http-${process.pid}.db`)
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true })
  copyFileSync(summary.path, copy)
  const tokens = issueTokens(copy, summary.researcherIds, 200)
  const { child, base } = await startServer(copy, options.processes)
  const pid = child.pid!
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let peak = 0
  let peakTotal = 0
  let windowPeak = 0
  let windowPeakTotal = 0
  let pids = serverPids(pid)
  const sampler = setInterval(() => {
    const each = pids.map((p) => statusMb(p, 'VmRSS'))
    const largest = Math.max(0, ...each)
    const total = each.reduce((a, b) => a + b, 0)
    peak = Math.max(peak, largest)
    peakTotal = Math.max(peakTotal, total)
    windowPeak = Math.max(windowPeak, largest)
    windowPeakTotal = Math.max(windowPeakTotal, total)
  }, 100)
  let hwm = 0
  const list = benchEndpoints(summary, tokens)
  const samples = new Map<
    string,
    {
      reqPerSec: number
      p50: number
      p99: number
      ratio: number
      ok: number
      errors: number
      rss: number
      rssTotal: number
    }[]
  >()
  try {
    // V8 optimises hot code after a while, in every serving process: warm every endpoint first.
    for (const endpoint of list) await load(base, endpoint, 10, options.warmupSeconds)
    pids = serverPids(pid)
    for (let run = 1; run <= options.runs; run++) {
      for (const connections of options.connections) {
        let healthz = 0
        for (const endpoint of list) {
          windowPeak = 0
          windowPeakTotal = 0
          const result = await load(base, endpoint, connections, options.durationSeconds)
          const total = Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + s.count, 0)
          const ok = result.statusCodeStats?.[String(endpoint.expected)]?.count ?? 0
          const reqPerSec = result.requests.average
          if (endpoint.name === 'GET /healthz') healthz = reqPerSec
          const key = `${endpoint.name}|${connections}`
          const entry = {
            reqPerSec,
            p50: result.latency.p50,
            p99: result.latency.p99,
            ratio: healthz > 0 ? reqPerSec / healthz : 0,
            ok: total > 0 ? ok / total : 0,
            errors: result.errors + result.timeouts,
            rss: windowPeak,
            rssTotal: windowPeakTotal,
          }
          samples.set(key, [...(samples.get(key) ?? []), entry])
          progress(
            `run ${run}/${options.runs} c=${connections} ${endpoint.name}: ${reqPerSec.toFixed(0)} req/s, ` +
              `p50 ${entry.p50} ms, p99 ${entry.p99} ms, ${(entry.ok * 100).toFixed(1)}% ${endpoint.expected}, ` +
              `RSS ≤ ${entry.rss.toFixed(0)} MB${options.processes > 1 ? ` (all ${entry.rssTotal.toFixed(0)} MB)` : ''}`,
          )
        }
      }
    }
    hwm = Math.max(...pids.map((p) => statusMb(p, 'VmHWM')))
  } finally {
    clearInterval(sampler)
    await stopServer(child)
    process.off('exit', killOnExit)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true })
  }
  const rows: HttpRow[] = []
  for (const connections of options.connections)
    for (const endpoint of list) {
      const entries = samples.get(`${endpoint.name}|${connections}`) ?? []
      rows.push({
        endpoint: endpoint.name,
        connections,
        reqPerSec: median(entries.map((e) => e.reqPerSec)),
        p50: median(entries.map((e) => e.p50)),
        p99: median(entries.map((e) => e.p99)),
        ratio: median(entries.map((e) => e.ratio)),
        okShare: median(entries.map((e) => e.ok)),
        errors: entries.reduce((sum, e) => sum + e.errors, 0),
        peakRssMb: Math.max(0, ...entries.map((e) => e.rss)),
        peakTotalRssMb: Math.max(0, ...entries.map((e) => e.rssTotal)),
      })
    }
  return { rows, peakRssMb: peak, peakTotalRssMb: peakTotal, hwmMb: hwm }
}
