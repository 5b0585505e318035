import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callServer,
  freePort,
  logOf,
  mapLimited,
  SERVER_ADMIN,
  type ServerProcess,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'

/**
 * The per-address sign-in limit on the real Node server: the address is the socket's peer (127.0.0.1 here), and
 * an X-Forwarded-For header changes nothing unless TRUST_PROXY=true.
 */

let dir: string
let server: ServerProcess

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-sign-in-'))
  server = startServer('server', await freePort(), join(dir, 'sign-in.db'))
  await waitForHealth(server)
})

afterAll(async () => {
  if (server) expect(await stopServer(server), logOf(server)).toEqual({ code: 0, signal: null })
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('sign-in limits on the Node server', () => {
  it('50 failures from one socket address over many e-mails close it, whatever X-Forwarded-For says', async () => {
    const attempts = Array.from({ length: 50 }, (_, i) => i)
    const answers = await mapLimited(attempts, 4, (i) =>
      callServer(server, 'POST', '/auth/login', {
        body: { email: `nobody-${i % 9}@example.test`, password: 'a wrong password' },
        headers: { 'X-Forwarded-For': `198.51.100.${i}` },
      }),
    )
    expect(answers.map((a) => a.status)).toEqual(attempts.map(() => 401))
    const locked = await callServer(server, 'POST', '/auth/login', { body: SERVER_ADMIN })
    expect(locked.status).toBe(429)
    expect(locked.json.type).toBe('/problems/rate-limited')
    const retryAfter = Number(locked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(800)
    expect(retryAfter).toBeLessThanOrEqual(900)
    // the log holds neither the password tried nor the e-mails
    expect(logOf(server)).not.toContain('a wrong password')
    expect(logOf(server)).not.toContain('nobody-')
  })
})

describe('the per-address limit across two server processes on one file', () => {
  let pair: ServerProcess[] = []
  beforeAll(async () => {
    const [portA, portB] = await Promise.all([freePort(), freePort()])
    const file = join(dir, 'sign-in-two.db')
    pair = [startServer('server A', portA, file), startServer('server B', portB, file)]
    await Promise.all(pair.map((one) => waitForHealth(one)))
  })
  afterAll(async () => {
    for (const one of pair) expect(await stopServer(one), logOf(one)).toEqual({ code: 0, signal: null })
  })

  it('60 wrong passwords at once from one address over 60 e-mails: exactly 50 checked, 10 × 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        callServer(pair[i % 2]!, 'POST', '/auth/login', {
          body: { email: `storm-${i}@example.test`, password: 'a wrong password' },
        }),
      ),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(50)
    expect(statuses.filter((status) => status === 429)).toHaveLength(10)
  })
})
