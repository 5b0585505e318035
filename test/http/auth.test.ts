import { beforeEach, describe, expect, it } from 'vitest'
import { issueToken } from '../../src/services/auth.js'
import { ensureBootstrapAdmin } from '../../src/services/bootstrap.js'
import { createWorld, PASSWORD, type World } from '../support/world.js'

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const login = (email: string, password: string) => world.call('POST', '/auth/login', { body: { email, password } })
const me = (token: string) => world.call('GET', '/me', { token })

describe('POST /auth/login', () => {
  it('signs in with the right password and the token works on GET /me', async () => {
    const { researcherZs } = world.accounts
    const res = await login(researcherZs.email, PASSWORD)
    expect(res.status).toBe(200)
    expect(res.json.token).toEqual(expect.any(String))
    expect(res.json.user).toMatchObject({
      id: researcherZs.id,
      email: researcherZs.email,
      role: 'researcher',
      institutionId: world.institutions.zjou.id,
    })
    expect(JSON.stringify(res.json)).not.toMatch(/password|hash/i)
    const who = await me(res.json.token)
    expect(who.status).toBe(200)
    expect(who.json).toMatchObject({ id: researcherZs.id, email: researcherZs.email, role: 'researcher' })
  })

  it('answers 401 for a wrong password or an unknown e-mail, the same way', async () => {
    const wrong = await login(world.accounts.researcherZs.email, `${PASSWORD}!`)
    expect(wrong.status).toBe(401)
    expect(wrong.json.type).toBe('/problems/unauthenticated')
    expect(wrong.json.token).toBeUndefined()
    const unknown = await login('nobody@test.yz', PASSWORD)
    expect(unknown.status).toBe(401)
    expect(unknown.json).toEqual(wrong.json)
  })

  it('answers 401 for a made-up token', async () => {
    const res = await me('not-a-token')
    expect(res.status).toBe(401)
    expect(res.json.type).toBe('/problems/unauthenticated')
  })
})

describe('POST /auth/logout', () => {
  it('ends the token and only that token', async () => {
    const { adminNbu } = world.accounts
    const first = (await login(adminNbu.email, PASSWORD)).json.token as string
    const second = (await login(adminNbu.email, PASSWORD)).json.token as string
    expect((await me(first)).status).toBe(200)
    expect((await world.call('POST', '/auth/logout', { token: first })).status).toBe(204)
    expect((await me(first)).status).toBe(401)
    expect((await world.call('POST', '/auth/logout', { token: first })).status).toBe(401)
    expect((await me(second)).status).toBe(200)
  })
})

describe('POST /me/password', () => {
  it('ends every other token but keeps the current one', async () => {
    const { researcherNb } = world.accounts
    const current = (await login(researcherNb.email, PASSWORD)).json.token as string
    const other = (await login(researcherNb.email, PASSWORD)).json.token as string
    const newPassword = '新的口令 long enough'
    const changed = await world.call('POST', '/me/password', {
      token: current,
      body: { currentPassword: PASSWORD, newPassword },
    })
    expect(changed.status).toBe(204)
    expect((await me(current)).status).toBe(200)
    expect((await me(other)).status).toBe(401)
    expect((await me(researcherNb.token)).status).toBe(401)
    expect((await login(researcherNb.email, PASSWORD)).status).toBe(401)
    expect((await login(researcherNb.email, newPassword)).status).toBe(200)
  })

  it('refuses a wrong current password and changes nothing', async () => {
    const { researcherNb } = world.accounts
    const res = await world.call('POST', '/me/password', {
      token: researcherNb.token,
      body: { currentPassword: 'not my password', newPassword: 'another long password' },
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect((await login(researcherNb.email, PASSWORD)).status).toBe(200)
  })
})

describe('deactivation', () => {
  it('a deactivated user cannot sign in and their tokens stop working; reactivation lets them in again', async () => {
    const { researcherZs, adminZjou } = world.accounts
    const fresh = (await login(researcherZs.email, PASSWORD)).json.token as string
    const off = await world.call('PATCH', `/users/${researcherZs.id}`, {
      token: adminZjou.token,
      body: { active: false },
    })
    expect(off.status).toBe(200)
    expect(off.json.active).toBe(false)
    expect((await login(researcherZs.email, PASSWORD)).status).toBe(401)
    expect((await me(researcherZs.token)).status).toBe(401)
    expect((await me(fresh)).status).toBe(401)
    const on = await world.call('PATCH', `/users/${researcherZs.id}`, {
      token: adminZjou.token,
      body: { active: true },
    })
    expect(on.status).toBe(200)
    expect((await login(researcherZs.email, PASSWORD)).status).toBe(200)
  })
})

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After after 10 failures in 15 minutes, even for the right password, until the window passes', async () => {
    const { researcherZs, researcherZs2 } = world.accounts
    // ten failures, one a minute: 08:00 … 08:09
    for (let i = 0; i < 10; i++) {
      const res = await login(researcherZs.email, `wrong-${i}`)
      expect(res.status, `failure ${i + 1}`).toBe(401)
      world.clock.advance(60_000)
    }
    // 08:10: locked until the first failure leaves the window at 08:15
    const locked = await login(researcherZs.email, PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.json.type).toBe('/problems/rate-limited')
    expect(locked.headers.get('retry-after')).toBe('300')
    expect(locked.json.token).toBeUndefined()
    // another e-mail is not affected
    expect((await login(researcherZs2.email, PASSWORD)).status).toBe(200)
    world.clock.advance(299_000)
    const stillLocked = await login(researcherZs.email, PASSWORD)
    expect(stillLocked.status).toBe(429)
    expect(Number(stillLocked.headers.get('retry-after'))).toBe(1)
    world.clock.advance(1_000)
    const again = await login(researcherZs.email, PASSWORD)
    expect(again.status).toBe(200)
    expect((await me(again.json.token)).status).toBe(200)
  })
})

describe('sign-in limits under concurrency', () => {
  it('60 wrong passwords at once for one account: exactly 10 are checked (401), 50 answer 429', async () => {
    const { researcherZs } = world.accounts
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(researcherZs.email, `wrong password ${i}`)),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(50)
    for (const answer of answers.filter((a) => a.status === 429))
      expect(Number(answer.headers.get('retry-after'))).toBe(900)
    // and the account is locked for the right password too, until the window passes
    expect((await login(researcherZs.email, PASSWORD)).status).toBe(429)
    world.clock.advance(15 * 60_000)
    expect((await login(researcherZs.email, PASSWORD)).status).toBe(200)
  })

  it('successful sign-ins at once are never counted as failures', async () => {
    const { researcherNb } = world.accounts
    const answers = await Promise.all(Array.from({ length: 9 }, () => login(researcherNb.email, PASSWORD)))
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200))
    const rows = await world.db.selectFrom('login_failures').select('id').execute()
    expect(rows).toEqual([])
    // an API client keeps no device token (only a browser does, as a cookie): nothing is remembered for it
    expect(await world.db.selectFrom('sign_in_devices').select('email').execute()).toEqual([])
  })
})

describe('POST /users', () => {
  const newResearcher = (world: World, overrides: Record<string, unknown> = {}) => ({
    email: 'li.hua@nbu.test.yz',
    name: '李华',
    password: 'a secret passphrase 42',
    role: 'researcher',
    institutionId: world.institutions.nbu.id,
    ...overrides,
  })

  it('creates an account without ever answering its password or hash', async () => {
    const body = newResearcher(world)
    const res = await world.call('POST', '/users', { token: world.accounts.adminNbu.token, body })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      id: expect.any(String),
      email: body.email,
      name: body.name,
      role: 'researcher',
      institutionId: world.institutions.nbu.id,
    })
    expect(res.text).not.toContain(body.password)
    expect(res.text).not.toMatch(/password|hash|pbkdf2/i)
    expect((await login(body.email, body.password)).status).toBe(200)
  })

  it('answers 409 duplicate for an e-mail that exists', async () => {
    const res = await world.call('POST', '/users', {
      token: world.accounts.adminNbu.token,
      body: newResearcher(world, { email: world.accounts.researcherNb.email }),
    })
    expect(res.status).toBe(409)
    expect(res.json.type).toBe('/problems/duplicate')
  })

  it('answers 400 for an unknown role', async () => {
    const res = await world.call('POST', '/users', {
      token: world.accounts.platform.token,
      body: newResearcher(world, { role: 'superuser' }),
    })
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('/problems/validation')
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['role'])
  })
})

describe('deactivation ends every credential, and reactivation revives none', () => {
  const feedOf = async (token: string) => (await me(token)).json.calendarFeedKey as string
  const feed = (key: string) => world.call('GET', `/me/calendar.ics?key=${encodeURIComponent(key)}`)
  const patch = (id: string, body: Record<string, unknown>, token = world.accounts.platform.token) =>
    world.call('PATCH', `/users/${id}`, { token, body })

  it('ends the bearer tokens, the web sessions and the calendar feed key', async () => {
    const { researcherZs } = world.accounts
    const session = await issueToken(world.deps, researcherZs.id) // the web session cookie is a token too
    const key = await feedOf(researcherZs.token)
    expect((await feed(key)).status).toBe(200)
    expect((await patch(researcherZs.id, { active: false })).status).toBe(200)
    expect((await me(researcherZs.token)).status).toBe(401)
    expect((await me(session)).status).toBe(401)
    expect((await feed(key)).status).toBe(401)
    // reactivated: the account may sign in again, but nothing it had before works
    expect((await patch(researcherZs.id, { active: true })).status).toBe(200)
    expect((await me(researcherZs.token)).status).toBe(401)
    expect((await me(session)).status).toBe(401)
    expect((await feed(key)).status).toBe(401)
    const fresh = (await login(researcherZs.email, PASSWORD)).json.token as string
    const newKey = await feedOf(fresh)
    expect(newKey).not.toBe(key)
    expect((await feed(newKey)).status).toBe(200)
    const stored = await world.db
      .selectFrom('tokens')
      .select('token_hash')
      .where('user_id', '=', researcherZs.id)
      .execute()
    expect(stored).toHaveLength(1)
  })

  it('a rename or a role change keeps the credentials (the role is read afresh on every request)', async () => {
    const { researcherNb } = world.accounts
    const key = await feedOf(researcherNb.token)
    expect((await patch(researcherNb.id, { name: '新名字', role: 'institution_admin' })).status).toBe(200)
    const after = await me(researcherNb.token)
    expect(after.status).toBe(200)
    expect(after.json.role).toBe('institution_admin')
    expect(after.json.calendarFeedKey).toBe(key)
  })
})

describe('the last active platform admin', () => {
  const patch = (id: string, body: Record<string, unknown>, token: string) =>
    world.call('PATCH', `/users/${id}`, { token, body })

  it('cannot deactivate itself or lose the role: 409 last-admin, nothing changed', async () => {
    const { platform } = world.accounts
    for (const body of [{ active: false }, { role: 'researcher' }, { role: 'talent_office', active: false }]) {
      const refused = await patch(platform.id, body, platform.token)
      expect(refused.status, JSON.stringify(body)).toBe(409)
      expect(refused.json.type).toBe('/problems/last-admin')
    }
    expect((await me(platform.token)).json).toMatchObject({ role: 'platform_admin', active: true })
    // a rename is fine
    expect((await patch(platform.id, { name: '平台管理员' }, platform.token)).status).toBe(200)
  })

  it('may step down once another active platform admin exists; of two who remove each other at once, one stays', async () => {
    const { platform } = world.accounts
    const second = await world.call('POST', '/users', {
      token: platform.token,
      body: {
        email: 'second@test.yz',
        name: 'Second',
        password: PASSWORD,
        role: 'platform_admin',
        institutionId: null,
      },
    })
    expect(second.status).toBe(201)
    const secondToken = (await login('second@test.yz', PASSWORD)).json.token as string
    const answers = await Promise.all([
      patch(second.json.id, { active: false }, platform.token),
      patch(platform.id, { active: false }, secondToken),
    ])
    // the loser is refused by the guarded write (409), or, when the winner's write came first, finds its own
    // token ended by its deactivation (401)
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses[0]).toBe(200)
    expect([401, 409]).toContain(statuses[1])
    const admins = await world.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'platform_admin')
      .where('active', '=', 1)
      .execute()
    expect(admins).toHaveLength(1)
  })

  it('the bootstrap setting counts only active platform admins, and recovers a deactivated one', async () => {
    const { platform } = world.accounts
    // an active admin exists: the bootstrap setting does nothing
    expect(await ensureBootstrapAdmin(world.deps, 'root@test.yz', 'bootstrap password')).toBe(false)
    // the last admin deactivated behind the API's back (say, by hand in the database)
    await world.db.updateTable('users').set({ active: 0 }).where('id', '=', platform.id).execute()
    expect(await ensureBootstrapAdmin(world.deps, platform.email, 'bootstrap password')).toBe(true)
    expect((await login(platform.email, PASSWORD)).status).toBe(401)
    const signedIn = await login(platform.email, 'bootstrap password')
    expect(signedIn.status).toBe(200)
    expect(signedIn.json.user).toMatchObject({ id: platform.id, role: 'platform_admin', active: true })
    // its sessions from before were ended with the password
    expect((await me(platform.token)).status).toBe(401)
    // and once there is an active admin again, a second call changes nothing
    expect(await ensureBootstrapAdmin(world.deps, 'root@test.yz', 'another password')).toBe(false)
    expect((await login('root@test.yz', 'another password')).status).toBe(401)
  })

  it('the bootstrap setting creates a new admin when the deactivated ones have other e-mails', async () => {
    await world.db.updateTable('users').set({ active: 0 }).where('role', '=', 'platform_admin').execute()
    expect(await ensureBootstrapAdmin(world.deps, 'root@test.yz', 'bootstrap password')).toBe(true)
    const signedIn = await login('root@test.yz', 'bootstrap password')
    expect(signedIn.json.user).toMatchObject({ role: 'platform_admin', institutionId: null })
  })
})
