import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { issueToken, TOKEN_LIFETIME_MS } from '../../src/services/auth.js'
import { createWorld, PASSWORD, type World } from '../support/world.js'

/** Every credential can be ended: bearer tokens (logout, password change, deactivation, 30 days) and feed keys. */

let world: World
beforeEach(async () => {
  world = await createWorld()
})

/** A token is dead when every kind of signed-in call answers 401 problem+json with it. */
async function expectDead(token: string) {
  const instrument = (await world.db.selectFrom('instruments').select('id').executeTakeFirst())?.id ?? 'none'
  const calls: [string, string, unknown?][] = [
    ['GET', '/me'],
    ['GET', '/reservations'],
    [
      'POST',
      '/reservations',
      { instrumentId: instrument, start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T10:00:00+08:00' },
    ],
    ['POST', '/me/calendar-key'],
    ['POST', '/auth/logout'],
    // public routes too: a token that is sent but bad is a 401 everywhere
    ['GET', '/instruments'],
  ]
  for (const [method, path, body] of calls) {
    const res = await world.call(method, path, { token, body })
    expect(res.status, `${method} ${path}`).toBe(401)
    expect(res.json.type).toBe('/problems/unauthenticated')
  }
}

const alive = async (token: string) => (await world.call('GET', '/me', { token })).status === 200

describe('revoking credentials', () => {
  it('logout ends that token everywhere, and only that one', async () => {
    await world.instrument()
    const { researcherZs } = world.accounts
    const other = await issueToken(world.deps, researcherZs.id)
    expect((await world.call('POST', '/auth/logout', { token: researcherZs.token })).status).toBe(204)
    await expectDead(researcherZs.token)
    expect(await alive(other)).toBe(true)
  })

  it('a password change ends every other token of the account', async () => {
    const { researcherNb } = world.accounts
    const others = [await issueToken(world.deps, researcherNb.id), await issueToken(world.deps, researcherNb.id)]
    const changed = await world.call('POST', '/me/password', {
      token: researcherNb.token,
      body: { currentPassword: PASSWORD, newPassword: 'a fresh long passphrase' },
    })
    expect(changed.status).toBe(204)
    for (const token of others) await expectDead(token)
    expect(await alive(researcherNb.token)).toBe(true)
    // other accounts keep theirs
    expect(await alive(world.accounts.researcherZs.token)).toBe(true)
  })

  it('deactivating the account ends all its tokens at once', async () => {
    const { researcherZs, adminZjou } = world.accounts
    const second = await issueToken(world.deps, researcherZs.id)
    expect(
      (await world.call('PATCH', `/users/${researcherZs.id}`, { token: adminZjou.token, body: { active: false } }))
        .status,
    ).toBe(200)
    await expectDead(researcherZs.token)
    await expectDead(second)
  })

  it('a token expires 30 days after it was issued', async () => {
    const token = await issueToken(world.deps, world.accounts.talent.id)
    expect(TOKEN_LIFETIME_MS).toBe(30 * 24 * 3600_000)
    world.clock.advance(TOKEN_LIFETIME_MS - 1)
    expect(await alive(token)).toBe(true)
    world.clock.advance(1)
    await expectDead(token)
  })

  it('a token known to the identity cache is refused once revoked, even after the revocation counter was lost', async () => {
    const { researcherZs, researcherNb } = world.accounts
    // both answered twice: the second time from the cache
    for (const token of [researcherZs.token, researcherNb.token, researcherZs.token, researcherNb.token])
      expect(await alive(token)).toBe(true)
    // a revocation made behind the app's back (by hand, another program) is seen too: the triggers bump the counter
    await world.db.deleteFrom('tokens').where('user_id', '=', researcherZs.id).execute()
    await expectDead(researcherZs.token)
    expect(await alive(researcherNb.token)).toBe(true)
    // the counter's row deleted: nothing is answered from memory until a revocation brings it back, at a value
    // no cached entry was made under
    await sql`DELETE FROM auth_epoch`.execute(world.db)
    expect(await alive(researcherNb.token)).toBe(true)
    await world.db.updateTable('users').set({ active: 0 }).where('id', '=', researcherNb.id).execute()
    await expectDead(researcherNb.token)
  })

  it('renewing the calendar feed key ends the old feed link', async () => {
    const { researcherZs } = world.accounts
    const oldKey = (await world.call('GET', '/me', { token: researcherZs.token })).json.calendarFeedKey as string
    expect((await world.call('GET', `/me/calendar.ics?key=${oldKey}`)).status).toBe(200)
    const renewed = await world.call('POST', '/me/calendar-key', { token: researcherZs.token })
    expect(renewed.status).toBe(200)
    const old = await world.call('GET', `/me/calendar.ics?key=${oldKey}`)
    expect(old.status).toBe(401)
    expect(old.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect((await world.call('GET', `/me/calendar.ics?key=${renewed.json.calendarFeedKey}`)).status).toBe(200)
  })
})
