import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callServer,
  freePort,
  logOf,
  type ServerProcess,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'

/**
 * `npm start` with WEB_CONCURRENCY=2: a primary that serves nothing itself and two serving processes on the one
 * port and file. A serving process that dies is replaced; SIGTERM stops them all cleanly. (Linux: the processes
 * are found through /proc.)
 */

let dir: string
let server: ServerProcess

/** The pids of the primary's child processes. */
function workersOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // the command name may hold spaces and parentheses: the parent pid follows the last ')'
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false // gone meanwhile
      }
    })
    .map(Number)
}

async function until<T>(probe: () => T, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (accept(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-cluster-'))
  server = startServer('cluster', await freePort(), join(dir, 'cluster.db'), { WEB_CONCURRENCY: '2' })
  await waitForHealth(server)
})

afterAll(async () => {
  if (server && !server.exit) await stopServer(server).catch(() => {})
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('a cluster of serving processes', () => {
  it('runs two serving processes, replaces one that dies, and keeps answering', async () => {
    const primary = server.child.pid!
    const workers = await until(
      () => workersOf(primary),
      (pids) => pids.length === 2,
    )
    expect(workers).toHaveLength(2)
    // log lines go out a few milliseconds after they are made
    const listening = /"event":"listening".*"processes":2/
    expect(
      await until(
        () => logOf(server),
        (text) => listening.test(text),
      ),
    ).toMatch(listening)

    process.kill(workers[0]!, 'SIGKILL')
    const replaced = await until(
      () => workersOf(primary),
      (pids) => pids.length === 2 && !pids.includes(workers[0]!),
    )
    expect(replaced).toHaveLength(2)
    expect(replaced).toContain(workers[1])
    const exited = /"event":"worker-exited".*"signal":"SIGKILL"/
    expect(
      await until(
        () => logOf(server),
        (text) => exited.test(text),
      ),
    ).toMatch(exited)
    // the replacement needs a moment to listen; and the other worker may itself have been starting when its sibling
    // was killed (the primary says `listening` for the first one): once one answers, every request must be answered
    await waitForHealth(server)
    for (let i = 0; i < 20; i++) expect((await callServer(server, 'GET', '/cities')).status).toBe(200)
  })

  it('reads the commit once, in the primary, and hands it to every worker through GIT_COMMIT', () => {
    let expected = process.env.GIT_COMMIT?.trim() || null
    try {
      expected ??= execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim() || null
    } catch {
      // not a git checkout: nobody knows the commit, and no worker is told one
    }
    const workers = workersOf(server.child.pid!)
    expect(workers).toHaveLength(2)
    for (const pid of workers) {
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
      const told = environment.find((entry) => entry.startsWith('GIT_COMMIT='))?.slice('GIT_COMMIT='.length) ?? null
      expect(told).toBe(expected)
    }
  })

  it('stops every process on SIGTERM, with exit code 0', async () => {
    const primary = server.child.pid!
    expect(await stopServer(server)).toEqual({ code: 0, signal: null })
    expect(workersOf(primary)).toEqual([])
    expect(logOf(server)).toMatch(/"event":"stopped"/)
  })
})
