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
  type ServerProcess,
  type ServerWorld,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'

/**
 * Each server process keeps the users of the bearer tokens it has seen (src/services/identity-cache.ts). A
 * revocation made through ONE process must fail on the very next request to the OTHER, whose cache still holds
 * the token: two real processes on one file, every cache warmed before each revocation.
 */

const PASSWORD = 'researcher-password-1'
let dir: string
let a: ServerProcess
let b: ServerProcess
let world: ServerWorld

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yongzhou-token-cache-'))
  const path = join(dir, 'shared.db')
  const [portA, portB] = await Promise.all([freePort(), freePort()])
  a = startServer('server A', portA, path)
  b = startServer('server B', portB, path)
  await Promise.all([waitForHealth(a), waitForHealth(b)])
  world = await populateServer([a, b], 4)
}, 60_000)

afterAll(async () => {
  const exits = await Promise.allSettled([a, b].filter(Boolean).map((server) => stopServer(server)))
  if (dir) rmSync(dir, { recursive: true, force: true })
  for (const exit of exits) if (exit.status === 'rejected') throw exit.reason
})

const me = (server: ServerProcess, token: string) => callServer(server, 'GET', '/me', { token })

/** Both processes have answered with this token (twice: the second answer came from the cache). */
async function warm(token: string) {
  for (const server of [a, b, a, b]) expect((await me(server, token)).status, logOf(server)).toBe(200)
}

describe('the per-process token cache across two server processes', () => {
  it('a logout on one process ends the token on the other at once', async () => {
    const { token } = world.researchers[0]!
    await warm(token)
    expect((await callServer(a, 'POST', '/auth/logout', { token })).status).toBe(204)
    expect((await me(b, token)).status).toBe(401)
    expect((await me(a, token)).status).toBe(401)
  })

  it('a password change on one process ends the other tokens on both at once; the current one lives', async () => {
    const researcher = world.researchers[1]!
    const current = (
      await mustServer(200, b, 'POST', '/auth/login', { body: { email: researcher.email, password: PASSWORD } })
    ).token as string
    await warm(researcher.token)
    await warm(current)
    await mustServer(204, b, 'POST', '/me/password', {
      token: current,
      body: { currentPassword: PASSWORD, newPassword: 'a-new-password-2' },
    })
    expect((await me(a, researcher.token)).status).toBe(401)
    expect((await me(b, researcher.token)).status).toBe(401)
    expect((await me(a, current)).status).toBe(200)
  })

  it('a deactivation on one process refuses the account on the other at once; a new name shows at once', async () => {
    const [renamed, deactivated] = [world.researchers[2]!, world.researchers[3]!]
    await warm(renamed.token)
    await warm(deactivated.token)
    await mustServer(200, a, 'PATCH', `/users/${renamed.id}`, {
      token: world.adminToken,
      body: { name: '改名的研究员' },
    })
    expect((await me(b, renamed.token)).json.name).toBe('改名的研究员')
    await mustServer(200, b, 'PATCH', `/users/${deactivated.id}`, {
      token: world.adminToken,
      body: { active: false },
    })
    expect((await me(a, deactivated.token)).status).toBe(401)
    expect((await me(b, deactivated.token)).status).toBe(401)
  })
})
