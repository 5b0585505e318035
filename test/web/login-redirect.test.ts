import { beforeEach, describe, expect, it } from 'vitest'
import { safeNext } from '../../src/web/routes-kit.js'
import { createWorld, PASSWORD, type World } from '../support/world.js'
import { browser } from './client.js'

/**
 * `next=` after sign-in (issue 13, point 2): only a same-origin path is followed. A browser strips tabs and line
 * breaks from a Location and reads a backslash as a slash, so each target is checked the way a browser would
 * resolve it, not only as written.
 */

const ORIGIN = 'http://yongzhou.test'

/** Where a browser goes for this Location header. */
const browserTarget = (location: string) => new URL(location.replace(/[\t\n\r]/g, '').replace(/\\/g, '/'), ORIGIN)

const HOSTILE = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '/%09/evil.example',
  '/\t/evil.example',
  '/%0a/evil.example',
  '/\n/evil.example',
  '/%2f%2fevil.example',
  '/%2F/evil.example',
  '/%5cevil.example',
  '/%5C%5Cevil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/./\\evil.example',
  '/\u0000//evil.example',
  '/\r\nSet-Cookie: yz_session=stolen',
  '/%0d%0aLocation:%20http://evil.example',
  'https://evil.example',
  'http:/evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  ' /evil.example',
  '%2F%2Fevil.example',
  'evil.example',
  '',
  `/${'a'.repeat(3000)}`,
]

const KEPT: [string, string][] = [
  ['/me', '/me'],
  ['/instruments/abc?week=2027-03-01', '/instruments/abc?week=2027-03-01'],
  ['/?q=%E7%94%B5%E9%95%9C&city=ningbo', '/?q=%E7%94%B5%E9%95%9C&city=ningbo'],
  ['/me#upcoming', '/me#upcoming'],
  ['/?next=//evil.example', '/?next=//evil.example'],
  ['/@evil.example', '/@evil.example'],
  ['/仪器', '/%E4%BB%AA%E5%99%A8'],
]

describe('safeNext', () => {
  it.each(HOSTILE.map((target) => [JSON.stringify(target), target]))('refuses %s: home instead', (_, target) => {
    expect(safeNext(target)).toBe('/')
  })

  it.each(KEPT)('keeps the same-origin path %s (as %s)', (target, expected) => {
    expect(safeNext(target)).toBe(expected)
    expect(browserTarget(safeNext(target)).origin).toBe(ORIGIN)
  })
})

let world: World
beforeEach(async () => {
  world = await createWorld()
})

describe('POST /login with a next= target', () => {
  it.each(HOSTILE.map((target) => [JSON.stringify(target), target]))(
    'signs in and stays on this site for %s',
    async (_, target) => {
      const b = browser(world)
      await b.get('/login')
      const res = await b.post('/login', { email: world.accounts.researcherZs.email, password: PASSWORD, next: target })
      expect(res.status).toBe(303)
      expect(res.location).toBe('/')
      expect(browserTarget(res.location!).origin).toBe(ORIGIN)
    },
  )

  it('follows a same-origin path', async () => {
    const b = browser(world)
    await b.get(`/login?next=${encodeURIComponent('/me#upcoming')}`)
    const res = await b.post('/login', { email: world.accounts.researcherZs.email, password: PASSWORD, next: '/me' })
    expect(res.location).toBe('/me')
  })

  it('never puts a hostile target into the form either', async () => {
    const page = await browser(world).get(`/login?next=${encodeURIComponent('/%09/evil.example')}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('name="next" value="/"')
  })
})
