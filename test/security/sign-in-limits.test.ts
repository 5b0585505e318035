import { Hono } from 'hono'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { nodeClientAddress } from '../../src/client-address-node.js'
import { nodeDocsAssets } from '../../src/docs-assets-node.js'
import { MAX_FAILURES_PER_ADDRESS } from '../../src/services/auth.js'
import { createResearchers, createWorld, PASSWORD, type World } from '../support/world.js'

/**
 * Failed sign-ins are limited per account (10 in 15 minutes, test/http/auth.test.ts) AND per client address
 * (50 in 15 minutes, whatever e-mails they try): 429 with Retry-After. Successful sign-ins are never counted.
 * The address comes from the runtime through createApp's `clientAddress`; here a test header stands in for the
 * socket, and the Node resolver itself is checked below.
 */

let world: World
let app: ReturnType<typeof createApp>
beforeEach(async () => {
  world = await createWorld()
  app = createApp(world.deps, {
    docsAssets: nodeDocsAssets,
    clientAddress: (c) => c.req.header('x-test-peer'),
  })
})

const login = async (from: string, email: string, password: string) => {
  const response = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-test-peer': from },
    body: JSON.stringify({ email, password }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  const json: any = await response.json()
  return { status: response.status, headers: response.headers, json }
}

const failuresFromAddresses = () =>
  (
    world.connection.sqlite.prepare("SELECT count(*) AS n FROM login_failures WHERE email LIKE ' address %'").get() as {
      n: number
    }
  ).n

describe('the per-address sign-in limit', () => {
  it('answers 429 with Retry-After after 50 failures from one address over many e-mails, until the window passes', async () => {
    expect(MAX_FAILURES_PER_ADDRESS).toBe(50)
    const victims = await createResearchers(world, 10, world.institutions.zjou.id, 'sprayed')
    // password spraying: 49 guesses spread over 10 accounts — under every account's own limit of 10 — ten a
    // minute from 08:00 (hashing is slow on purpose: each minute's guesses run side by side)
    for (let minute = 0; minute < 5; minute++) {
      const guesses = Array.from({ length: minute < 4 ? 10 : 9 }, (_, i) =>
        login('203.0.113.7', victims[i]!.email, `guess-${minute}-${i}`),
      )
      for (const res of await Promise.all(guesses)) expect(res.status).toBe(401)
      world.clock.advance(60_000)
    }
    // 08:05. Successful sign-ins from the same address (one campus NAT, many people) are never counted
    for (const person of victims.slice(0, 3))
      expect((await login('203.0.113.7', person.email, PASSWORD)).status).toBe(200)
    expect(failuresFromAddresses()).toBe(49)
    // the 50th failure closes the address: even the right password of an untouched account is refused
    expect((await login('203.0.113.7', victims[9]!.email, 'the fiftieth guess')).status).toBe(401)
    const fresh = world.accounts.researcherNb
    const locked = await login('203.0.113.7', fresh.email, PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.json).toMatchObject({ type: '/problems/rate-limited', status: 429, title: expect.any(String) })
    expect(locked.json.token).toBeUndefined()
    expect(locked.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    // the first failures (08:00) leave the window at 08:15; it is 08:05 now
    expect(locked.headers.get('retry-after')).toBe(String(10 * 60))
    // another address is not affected, nor are the sprayed accounts from there
    expect((await login('198.51.100.1', fresh.email, PASSWORD)).status).toBe(200)
    expect((await login('198.51.100.1', victims[0]!.email, PASSWORD)).status).toBe(200)
    // a locked address gains nothing by guessing on: no failure is recorded while it is refused
    expect((await login('203.0.113.7', victims[1]!.email, 'yet another guess')).status).toBe(429)
    expect(failuresFromAddresses()).toBe(50)
    // 08:15: the first minute's failures leave the window, and the address may sign in again
    world.clock.advance(10 * 60_000 - 1000)
    expect((await login('203.0.113.7', fresh.email, PASSWORD)).status).toBe(429)
    world.clock.advance(1000)
    expect((await login('203.0.113.7', fresh.email, PASSWORD)).status).toBe(200)
  })

  it('an e-mail cannot name an address count: address keys start with a space, and e-mails are trimmed', async () => {
    for (const email of [' address 192.0.2.99', 'address 192.0.2.99', '\taddress 192.0.2.99'])
      expect((await login('192.0.2.1', email, 'x')).status).toBe(401)
    const keys = world.connection.sqlite.prepare('SELECT email FROM login_failures ORDER BY id').all()
    expect(keys).toEqual([
      { email: 'address 192.0.2.99' },
      { email: ' address 192.0.2.1' },
      { email: 'address 192.0.2.99' },
      { email: ' address 192.0.2.1' },
      { email: 'address 192.0.2.99' },
      { email: ' address 192.0.2.1' },
    ])
  })

  it('without an address resolver (a runtime that cannot tell) only the per-account limit applies', async () => {
    expect((await world.call('POST', '/auth/login', { body: { email: 'nobody@test.yz', password: 'x' } })).status).toBe(
      401,
    )
    expect(failuresFromAddresses()).toBe(0)
    expect(world.connection.sqlite.prepare('SELECT email FROM login_failures').all()).toEqual([
      { email: 'nobody@test.yz' },
    ])
  })
})

describe('the Node server reads the client address from its socket', () => {
  const probe = (trustProxy: boolean) => {
    const app = new Hono()
    const resolve = nodeClientAddress(trustProxy)
    app.get('/', (c) => c.text(String(resolve(c as never))))
    const socket = { remoteAddress: '10.9.8.7', remotePort: 5555, remoteFamily: 'IPv4' }
    return async (headers: Record<string, string> = {}) =>
      (await app.request('/', { headers }, { incoming: { socket } })).text()
  }

  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    const direct = probe(false)
    expect(await direct()).toBe('10.9.8.7')
    expect(await direct({ 'X-Forwarded-For': '1.2.3.4' })).toBe('10.9.8.7')
  })

  it('behind a trusted proxy takes the entry that proxy appended (the last), never what the client wrote', async () => {
    const proxied = probe(true)
    expect(await proxied({ 'X-Forwarded-For': '6.6.6.6, 203.0.113.50' })).toBe('203.0.113.50')
    expect(await proxied()).toBe('10.9.8.7')
  })

  it('answers null, not an error, when there is no socket (the app called without the Node server)', async () => {
    const app = new Hono()
    const resolve = nodeClientAddress(false)
    app.get('/', (c) => c.text(String(resolve(c as never))))
    expect(await (await app.request('/')).text()).toBe('null')
  })
})
