import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { formBodyLimit } from '../../src/web/routes.js'
import { createWorld, type World } from '../support/world.js'
import { type Browser, browser } from './client.js'

/**
 * Every page route × a list of malformed requests (issue 13, point 4): each is answered below 500 with an HTML page
 * (or a redirect), refusals in the visitor's language, and nothing reaches the error log — a client's fault is not
 * ours. Requests that cannot be used at all (a body over the limit, a body that does not parse, a broken
 * percent-encoding in the address) are 4xx; what can be ignored (a cookie that does not parse, a `next=` that
 * would leave the site, a garbled Accept-Language) is ignored, so a browser is never locked out by its own cookie.
 */

let world: World
let admin: Browser
let fixture: { instrumentId: string; reservationId: string }
const logged: unknown[][] = []

beforeAll(async () => {
  world = await createWorld()
  const sem = await world.instrument()
  const made = await world.call('POST', '/reservations', {
    token: world.accounts.researcherZs.token,
    body: { instrumentId: sem.id, start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T10:00:00+08:00' },
  })
  fixture = { instrumentId: sem.id, reservationId: made.json.id }
  admin = browser(world)
  admin.signInAs(world.accounts.platform)
  await admin.get('/')
})

beforeEach(() => {
  logged.length = 0
  for (const level of ['error', 'warn'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push([level, ...args])
    })
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** The API, its reference and the static files are not pages (src/web/routes.tsx `isOutsideWeb`). */
const isPage = (path: string) => !/^\/(api|docs|openapi\.json|healthz|static)(\/|$)/.test(path)

/** The page routes of the app, their parameters filled with real ids (or a stand-in), from Hono's routing table. */
function pageRoutes(method: 'GET' | 'POST'): string[] {
  const paths = world.app.routes
    .filter((route) => route.method === method && !route.path.includes('*') && isPage(route.path))
    .map((route) =>
      route.path
        .replace(/\/instruments\/:id/, `/instruments/${fixture.instrumentId}`)
        .replace(/\/reservations\/:id/, `/reservations/${fixture.reservationId}`)
        .replace(/:action\{[^}]*\}/, 'approve')
        .replace(/:change\{[^}]*\}/, 'deactivate')
        .replace(/:file\{[^}]*\}/, 'sharing-2027.csv')
        .replace(/:(\w+)(\{[^}]*\})?/g, 'unknown-$1'),
    )
  return [...new Set(paths)].sort()
}

const cookies = (b: Browser) => [...b.jar].map(([name, value]) => `${name}=${value}`).join('; ')

async function send(path: string, init: RequestInit) {
  const response = await world.app.request(path, init)
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() }
}

function expectHandled(answer: { status: number; type: string }, label: string) {
  expect(answer.status, label).toBeLessThan(500)
  if (answer.status !== 303) expect(answer.type, label).toMatch(/^text\/(html|csv)/)
  expect(logged, label).toEqual([])
}

function expectRefused(answer: { status: number; type: string; text: string }, status: number, label: string) {
  expect(answer.status, label).toBe(status)
  expect(answer.type, label).toMatch(/^text\/html/)
  expect(answer.text, label).toContain('<html lang="zh-CN">')
  expect(logged, label).toEqual([])
}

describe('malformed requests to every page', () => {
  it('finds the page routes (the fuzzing below covers each)', () => {
    expect(pageRoutes('GET')).toEqual(expect.arrayContaining(['/', '/login', '/me', '/admin', '/platform']))
    expect(pageRoutes('POST')).toEqual(expect.arrayContaining(['/login', '/admin/uses', '/platform/users']))
  })

  it('answers a broken percent-encoding in the path or the query with the 400 page', async () => {
    for (const path of pageRoutes('GET')) {
      for (const broken of [`${path}?q=%E0%A4%A`, `${path}?lang=%ZZ&week=%`, `${path}%FF`]) {
        const answer = await send(broken, { headers: { Cookie: cookies(admin) } })
        // a broken path that no route matches is the 404 page; anything that reaches a page is a 400
        expect([400, 404], broken).toContain(answer.status)
        expectRefused(answer, answer.status, broken)
      }
    }
  })

  it('ignores cookies that do not parse, a garbled Accept-Language and a next= that would leave the site', async () => {
    const garbage = [
      'yz_session=%E0%A4%A; yz_lang=%ZZ; yz_pre="unterminated',
      'yz_session=; =; ;;; yz_device=%00%0d%0a',
      `yz_session=${'x'.repeat(4000)}`,
    ]
    for (const path of pageRoutes('GET'))
      for (const cookie of garbage) {
        const answer = await send(`${path}?next=%2F%0D%0ASet-Cookie%3A%20x`, {
          headers: { Cookie: cookie, 'Accept-Language': ';;q=abc,*-*-*,zh;q=2;q=x' },
        })
        expectHandled(answer, `${path} with ${cookie.slice(0, 30)}`)
      }
  })

  it('answers a form body over its limit (64 KB, an upload 1 MB and a little) with the 413 page', async () => {
    for (const path of pageRoutes('POST')) {
      const body = `_csrf=${admin.csrf}&x=${'a'.repeat(formBodyLimit(path) + 1024)}`
      const answer = await send(path, {
        method: 'POST',
        headers: { Cookie: cookies(admin), 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
      expectRefused(answer, 413, path)
      expect(answer.text, path).toContain('提交的内容过大')
    }
  })

  it('answers a truncated or garbled multipart body with the 400 page', async () => {
    const bodies = [
      `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrf}`,
      `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrf}\r\n--XX\r\nContent-Disposition: form`,
      'no boundary at all',
    ]
    for (const path of pageRoutes('POST'))
      for (const body of bodies) {
        const answer = await send(path, {
          method: 'POST',
          headers: { Cookie: cookies(admin), 'Content-Type': 'multipart/form-data; boundary=XX' },
          body,
        })
        expectRefused(answer, 400, `${path}: ${JSON.stringify(body.slice(-20))}`)
      }
  })

  it('answers other unusable bodies below 500 and quietly (no CSRF token found: 403)', async () => {
    const variants: [string, string][] = [
      ['application/x-www-form-urlencoded', `_csrf=${admin.csrf}&%ZZ=%E0%A4%A&start=%&end=0001-01-01T00:00`],
      ['application/json', `{"_csrf": "${admin.csrf}"`],
      ['text/plain', '\u0000\u0001'],
    ]
    for (const path of pageRoutes('POST'))
      for (const [type, body] of variants) {
        const answer = await send(path, {
          method: 'POST',
          headers: { Cookie: cookies(admin), 'Content-Type': type },
          body,
        })
        expectHandled(answer, `${path} (${type})`)
      }
  })

  it('answers in the visitor’s language: an English visitor gets the English 413 page', async () => {
    const answer = await send('/login', {
      method: 'POST',
      headers: { 'Accept-Language': 'en', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `x=${'a'.repeat(70 * 1024)}`,
    })
    expect(answer.status).toBe(413)
    expect(answer.text).toContain('<html lang="en">')
    expect(answer.text).toContain('The submission is too large')
    expect(logged).toEqual([])
  })
})
