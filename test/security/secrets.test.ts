import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../src/app.js'
import { nodeDocsAssets } from '../../src/docs-assets-node.js'
import { createWorld, PASSWORD, PUBLIC_URL, type World } from '../support/world.js'

/**
 * Passwords are never returned or logged, in any answer (success or error) nor any log line; tokens, feed keys
 * and password hashes neither. The app is built with a request log, and the console is captured too.
 */

let world: World
let app: ReturnType<typeof createApp>
let logged: string[]

beforeEach(async () => {
  world = await createWorld()
  logged = []
  app = createApp(world.deps, {
    docsAssets: nodeDocsAssets,
    publicUrl: PUBLIC_URL,
    log: (entry) => logged.push(JSON.stringify(entry)),
  })
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '))
    })
})
afterEach(() => {
  vi.restoreAllMocks()
})

const answers: string[] = []
async function call(method: string, path: string, options: { token?: string; body?: string | object } = {}) {
  const headers: Record<string, string> = {}
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await app.request(`/api/v1${path}`, {
    method,
    headers,
    body: typeof options.body === 'string' ? options.body : options.body && JSON.stringify(options.body),
  })
  const text = await response.text()
  answers.push(`${text}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`)
  return { status: response.status, text, json: text.startsWith('{') ? JSON.parse(text) : undefined }
}

describe('secrets stay secret', () => {
  it('no password, hash, token or feed key in any answer or log line', async () => {
    answers.length = 0
    const wrong = 'wrong-password-Ω-1234'
    const created = 'brand-new-secret-9876'
    const changed = 'changed-secret-7777'
    const tooShort = 'Ab3$x'
    const { researcherZs, adminNbu } = world.accounts

    const good = await call('POST', '/auth/login', { body: { email: researcherZs.email, password: PASSWORD } })
    expect(good.status).toBe(200)
    const token = good.json.token as string
    expect((await call('POST', '/auth/login', { body: { email: researcherZs.email, password: wrong } })).status).toBe(
      401,
    )
    expect((await call('POST', '/auth/login', { body: { email: 'nobody@test.yz', password: wrong } })).status).toBe(401)
    expect((await call('POST', '/auth/login', { body: `{"email":"x@y.z","password":"${wrong}"` })).status).toBe(400)
    expect((await call('POST', '/auth/login', { body: { email: researcherZs.email, password: [wrong] } })).status).toBe(
      400,
    )
    const user = await call('POST', '/users', {
      token: adminNbu.token,
      body: {
        email: 'new.person@test.yz',
        name: '新人',
        password: created,
        role: 'researcher',
        institutionId: world.institutions.nbu.id,
      },
    })
    expect(user.status).toBe(201)
    const weak = await call('POST', '/users', {
      token: adminNbu.token,
      body: {
        email: 'weak@test.yz',
        name: 'x',
        password: tooShort,
        role: 'researcher',
        institutionId: world.institutions.nbu.id,
      },
    })
    expect(weak.status).toBe(400)
    const duplicate = await call('POST', '/users', {
      token: adminNbu.token,
      body: {
        email: 'new.person@test.yz',
        name: 'x',
        password: created,
        role: 'researcher',
        institutionId: world.institutions.nbu.id,
      },
    })
    expect(duplicate.status).toBe(409)
    expect(
      (await call('POST', '/me/password', { token, body: { currentPassword: wrong, newPassword: changed } })).status,
    ).toBe(403)
    expect(
      (await call('POST', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: tooShort } }))
        .status,
    ).toBe(400)
    expect(
      (await call('POST', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: changed } })).status,
    ).toBe(204)
    const me = await call('GET', '/me', { token })
    expect(me.status).toBe(200)
    const feedKey = me.json.calendarFeedKey as string
    expect((await call('GET', `/me/calendar.ics?key=${feedKey}`)).status).toBe(200)
    expect(
      (await call('GET', `/users?email=${encodeURIComponent('new.person@test.yz')}`, { token: adminNbu.token })).status,
    ).toBe(200)
    expect(
      (await call('PATCH', `/users/${user.json.id}`, { token: adminNbu.token, body: { name: '新人二' } })).status,
    ).toBe(200)

    const hashes = (
      world.connection.sqlite.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[]
    ).map((r) => r.password_hash)
    expect(hashes.every((h) => h.startsWith('pbkdf2-sha256$'))).toBe(true)
    const passwords = [PASSWORD, wrong, created, changed, tooShort]
    for (const hash of hashes) for (const password of passwords) expect(hash).not.toContain(password)

    // the request log did run (so the check below is not vacuous) …
    expect(logged.filter((line) => line.includes('"path":"/api/v1/auth/login"')).length).toBeGreaterThanOrEqual(5)
    // … and nothing secret is in it, nor in any answer (the token and the feed key belong in exactly one answer each)
    const secrets = [...passwords, ...hashes, 'pbkdf2', 'password_hash', 'passwordHash', token, feedKey]
    for (const line of logged) for (const secret of secrets) expect(line, `log line: ${line}`).not.toContain(secret)
    const tokenAnswers = answers.filter((a) => a.includes(token))
    expect(tokenAnswers).toHaveLength(1) // the sign-in itself
    for (const answer of answers)
      for (const secret of [...passwords, ...hashes, 'pbkdf2', 'password_hash', 'passwordHash'])
        expect(answer, `answer: ${answer.slice(0, 300)}`).not.toContain(secret)
    for (const answer of answers) expect(answer).not.toMatch(/"password"\s*:/)
  })

  it('tokens are stored only as hashes', async () => {
    const token = (
      await call('POST', '/auth/login', { body: { email: world.accounts.talent.email, password: PASSWORD } })
    ).json.token as string
    const stored = world.connection.sqlite.prepare('SELECT token_hash FROM tokens').all() as { token_hash: string }[]
    expect(stored.length).toBeGreaterThan(0)
    for (const row of stored) {
      expect(row.token_hash).not.toContain(token)
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/)
    }
  })
})
