import { Hono } from 'hono'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { nodeClientAddress } from '../../src/client-address-node.js'
import { nodeDocsAssets } from '../../src/docs-assets-node.js'
import { MAX_FAILURES_PER_ADDRESS } from '../../src/services/auth.js'
import { createResearchers, createWorld, PASSWORD, PUBLIC_URL, type World } from '../support/world.js'
import { browser } from '../web/client.js'

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
    publicUrl: PUBLIC_URL,
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

describe('the per-address limit under concurrency', () => {
  it('60 wrong passwords at once from one address over 60 accounts: exactly 50 checked, 10 × 429', async () => {
    const victims = await createResearchers(world, 60, world.institutions.zjou.id, 'storm')
    const answers = await Promise.all(victims.map((v, i) => login('203.0.113.9', v.email, `guess ${i}`)))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(50)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    expect(failuresFromAddresses()).toBe(50)
  })
})

/**
 * The lockout must not serve as a denial of service (README "Sign-in limits"): a browser that has signed in to an
 * account before carries a device token (an HttpOnly cookie, path /login) and is counted on its own, so neither an
 * attacker's failures on the account nor a campus address locked by others keep its owner out. Everyone else
 * stays under the account's and the address's limits.
 */
describe('remembered sign-in devices', () => {
  const webBrowser = (address: string) => browser({ ...world, app } as World, { headers: { 'x-test-peer': address } })
  const signInThrough = async (b: ReturnType<typeof webBrowser>, email: string, password: string) => {
    await b.get('/login')
    return b.post('/login', { email, password, next: '/me' })
  }

  it('gives a browser that signed in a device cookie, HttpOnly, for /login only', async () => {
    const own = webBrowser('198.51.100.20')
    const res = await signInThrough(own, world.accounts.researcherZs.email, PASSWORD)
    expect(res.status).toBe(303)
    const cookie = res.setCookies.find((c) => c.startsWith('yz_device='))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/Path=\/login/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })

  it('lets the owner in on a known browser while an attacker has locked the account', async () => {
    const { researcherZs } = world.accounts
    const own = webBrowser('198.51.100.20')
    expect((await signInThrough(own, researcherZs.email, PASSWORD)).status).toBe(303)
    // someone else fails ten times, all at once, from elsewhere: the account is locked for everyone else
    const attacks = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('203.0.113.66', researcherZs.email, `guess ${i}`)),
    )
    expect(attacks.map((a) => a.status).filter((s) => s === 401)).toHaveLength(10)
    expect((await login('203.0.113.66', researcherZs.email, PASSWORD)).status).toBe(429)
    const stranger = webBrowser('198.51.100.20')
    expect((await signInThrough(stranger, researcherZs.email, PASSWORD)).status).toBe(429)
    // the owner's browser is counted on its own
    expect((await signInThrough(own, researcherZs.email, PASSWORD)).status).toBe(303)
  })

  it('lets known browsers of a campus in while the campus address is locked; unknown ones wait', async () => {
    const { researcherNb, researcherZs2 } = world.accounts
    const own = webBrowser('203.0.113.7')
    expect((await signInThrough(own, researcherNb.email, PASSWORD)).status).toBe(303)
    const victims = await createResearchers(world, 10, world.institutions.zjou.id, 'nat')
    const spray = await Promise.all(
      Array.from({ length: 50 }, (_, i) => login('203.0.113.7', victims[i % 10]!.email, `guess ${i}`)),
    )
    expect(spray.every((a) => a.status === 401)).toBe(true)
    // a researcher behind the same address who never signed in on this browser waits for the window
    const newcomer = webBrowser('203.0.113.7')
    expect((await signInThrough(newcomer, researcherZs2.email, PASSWORD)).status).toBe(429)
    // the known browser is not held up by the address
    expect((await signInThrough(own, researcherNb.email, PASSWORD)).status).toBe(303)
  })

  it('limits a known browser on its own count, and a device of one account is nothing for another', async () => {
    const { researcherNb, researcherZs } = world.accounts
    const own = webBrowser('198.51.100.30')
    expect((await signInThrough(own, researcherNb.email, PASSWORD)).status).toBe(303)
    for (let i = 0; i < 10; i++) expect((await signInThrough(own, researcherNb.email, `typo ${i}`)).status).toBe(401)
    expect((await signInThrough(own, researcherNb.email, PASSWORD)).status).toBe(429)
    // its failures were its own: the account is not locked for the owner's other clients
    expect((await login('198.51.100.31', researcherNb.email, PASSWORD)).status).toBe(200)
    // the same browser signing in to another account is an unknown client there: ten failures lock that account
    for (let i = 0; i < 10; i++) expect((await signInThrough(own, researcherZs.email, `guess ${i}`)).status).toBe(401)
    expect((await login('198.51.100.32', researcherZs.email, PASSWORD)).status).toBe(429)
  })

  it('forgets the devices of a deactivated account: reactivated, its browsers are strangers again', async () => {
    const { researcherZs, adminZjou } = world.accounts
    const own = webBrowser('198.51.100.40')
    expect((await signInThrough(own, researcherZs.email, PASSWORD)).status).toBe(303)
    const devices = () => world.db.selectFrom('sign_in_devices').select('email').execute()
    expect(await devices()).toEqual([{ email: researcherZs.email }])
    const patch = (active: boolean) =>
      world.call('PATCH', `/users/${researcherZs.id}`, { token: adminZjou.token, body: { active } })
    expect((await patch(false)).status).toBe(200)
    expect(await devices()).toEqual([])
    expect((await patch(true)).status).toBe(200)
    for (let i = 0; i < 10; i++) await login('203.0.113.80', researcherZs.email, `guess ${i}`)
    expect((await signInThrough(own, researcherZs.email, PASSWORD)).status).toBe(429)
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
