import { describe, expect, it } from 'vitest'
import { createWorld, PASSWORD } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

const countReservations = async (world: Awaited<ReturnType<typeof createWorld>>) =>
  Number(
    (
      await world.db
        .selectFrom('reservations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('CSRF', () => {
  const booking = { start: '2027-03-02T09:00', end: '2027-03-02T10:00', purpose: '观察' }

  it('refuses a booking without a token and books nothing', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const page = await b.postRaw(`/instruments/${instrument.id}/book`, booking)
    expect(page.status).toBe(403)
    expect(html(page).text()).toContain('表单已失效')
    expect(await countReservations(world)).toBe(0)
  })

  it('refuses a wrong token, and one minted for another session', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    const other = browser(world)
    other.signInAs(world.accounts.researcherNb)
    await other.get('/')
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    expect((await b.post(`/instruments/${instrument.id}/book`, { ...booking, _csrf: 'x'.repeat(64) })).status).toBe(403)
    expect((await b.post(`/instruments/${instrument.id}/book`, { ...booking, _csrf: other.csrf })).status).toBe(403)
    expect(await countReservations(world)).toBe(0)
    // the right one goes through
    expect((await b.post(`/instruments/${instrument.id}/book`, booking)).status).toBe(303)
    expect(await countReservations(world)).toBe(1)
  })

  it('guards sign-in and sign-out too', async () => {
    const world = await createWorld()
    const b = browser(world)
    await b.get('/login')
    const login = await b.postRaw('/login', { email: world.accounts.researcherZs.email, password: PASSWORD })
    expect(login.status).toBe(403)
    expect(b.jar.has('yz_session')).toBe(false)
    b.signInAs(world.accounts.researcherZs)
    expect((await b.postRaw('/logout', {})).status).toBe(403)
    expect((await world.call('GET', '/me', { token: world.accounts.researcherZs.token })).status).toBe(200)
  })

  it('leaves the API alone: a JSON POST needs no form token', async () => {
    const world = await createWorld()
    const response = await world.call('POST', '/auth/login', {
      body: { email: world.accounts.researcherZs.email, password: PASSWORD },
    })
    expect(response.status).toBe(200)
    const missing = await world.call('POST', '/nowhere', { body: {} })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
  })
})
