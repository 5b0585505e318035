import { describe, expect, it } from 'vitest'
import { createWorld, PASSWORD } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

describe('sign-in and sign-out', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and goes to the next page', async () => {
    const world = await createWorld()
    const b = browser(world)
    expect((await b.get('/login?next=/me')).status).toBe(200)
    const page = await b.post('/login', { email: world.accounts.researcherZs.email, password: PASSWORD, next: '/me' })
    expect(page.status).toBe(303)
    expect(page.location).toBe('/me')
    const cookie = page.setCookies.find((c) => c.startsWith('yz_session='))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).not.toMatch(/Secure/)
    const me = await b.get('/me')
    expect(me.status).toBe(200)
    expect(html(me).text()).toContain('researcher-zs')
  })

  it('marks the cookie Secure behind https', async () => {
    const world = await createWorld()
    const b = browser(world, { headers: { 'X-Forwarded-Proto': 'https' } })
    await b.get('/login')
    const page = await b.post('/login', { email: world.accounts.researcherZs.email, password: PASSWORD })
    expect(page.setCookies.find((c) => c.startsWith('yz_session='))).toMatch(/Secure/)
  })

  it('refuses a wrong password with a message and no session', async () => {
    const world = await createWorld()
    const b = browser(world)
    await b.get('/login')
    const page = await b.post('/login', { email: world.accounts.researcherZs.email, password: 'wrong' })
    expect(page.status).toBe(401)
    expect(html(page).text()).toContain('邮箱或密码不正确')
    expect(b.jar.has('yz_session')).toBe(false)
  })

  it('never redirects to another site after sign-in', async () => {
    const world = await createWorld()
    const b = browser(world)
    await b.get('/login')
    const page = await b.post('/login', {
      email: world.accounts.researcherZs.email,
      password: PASSWORD,
      next: '//evil.example/x',
    })
    expect(page.location).toBe('/')
  })

  it('sign-out ends the token', async () => {
    const world = await createWorld()
    const b = browser(world)
    const account = world.accounts.researcherZs
    b.signInAs(account)
    await b.get('/')
    const out = await b.post('/logout')
    expect(out.status).toBe(303)
    expect(b.jar.has('yz_session')).toBe(false)
    expect((await world.call('GET', '/me', { token: account.token })).status).toBe(401)
  })

  it('sends a signed-out visitor of /me to the sign-in page', async () => {
    const world = await createWorld()
    const page = await browser(world).get('/me')
    expect(page.status).toBe(303)
    expect(page.location).toBe('/login?next=%2Fme')
  })
})
