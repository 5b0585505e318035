import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { API_BASE, apiEndpoints } from '../support/api-endpoints.js'
import { createWorld, type World } from '../support/world.js'

/**
 * The endpoint table of API.md, method and path as written there (under the base path /api/v1): each must
 * exist. Which endpoints the document must describe comes from the app itself (apiEndpoints).
 */
const API_MD_ENDPOINTS = [
  'POST /auth/login',
  'POST /auth/logout',
  'GET /me',
  'POST /me/password',
  'GET /me/calendar.ics',
  'GET /cities',
  'POST /cities',
  'GET /categories',
  'GET /institutions',
  'POST /institutions',
  'POST /users',
  'GET /users',
  'PATCH /users/{id}',
  'GET /instruments',
  'GET /instruments/{id}',
  'POST /instruments',
  'PATCH /instruments/{id}',
  'GET /instruments/{id}/availability',
  'POST /instruments/{id}/blackouts',
  'GET /instruments/{id}/blackouts',
  'DELETE /instruments/{id}/blackouts/{blackoutId}',
  'POST /instruments/{id}/qualifications',
  'GET /instruments/{id}/qualifications',
  'DELETE /instruments/{id}/qualifications/{userId}',
  'POST /instruments/{id}/uses',
  'POST /reservations',
  'GET /reservations',
  'GET /reservations/{id}',
  'GET /reservations/{id}/history',
  'PATCH /reservations/{id}',
  'POST /reservations/{id}/cancel',
  'POST /reservations/{id}/approve',
  'POST /reservations/{id}/reject',
  'POST /reservations/{id}/check-in',
  'POST /reservations/{id}/check-out',
  'POST /reservations/{id}/no-show',
  'GET /stats/sharing',
  'GET /stats/sharing.csv',
  'PUT /stats/targets/{year}',
  'GET /instruments/{id}/calendar.ics',
  // Additions: money
  'GET /instruments/{id}/quote',
  'GET /stats/money',
  'GET /voucher-programs',
  'POST /voucher-programs',
  'POST /vouchers',
  'GET /vouchers',
  'GET /vouchers/{id}',
  'GET /voucher-programs/{id}/redemptions',
  'POST /statements',
  'GET /statements',
  'GET /statements/{id}',
  'GET /statements/{id}/csv',
  'POST /statements/{id}/issue',
  'POST /statements/{id}/pay',
  'POST /statements/{id}/dispute',
  'POST /statements/{id}/answer',
]

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>
}

let world: World
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is read as arbitrary JSON
let doc: any
beforeAll(async () => {
  world = await createWorld()
  const res = await world.app.request('/openapi.json')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/json')
  doc = await res.json()
})

const operations = (): [string, Operation][] =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  )

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document that validates against the OpenAPI schema', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    const validator = new Validator()
    const result = await validator.validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('describes every endpoint of API.md', () => {
    const documented = new Set(operations().map(([name]) => name))
    const missing = API_MD_ENDPOINTS.filter((endpoint) => {
      const [method, path] = endpoint.split(' ')
      return !documented.has(`${method} /api/v1${path}`)
    })
    expect(missing).toEqual([])
  })

  it('describes exactly the endpoints the app serves', () => {
    const documented = operations()
      .map(([name]) => name.replace(` ${API_BASE}/`, ' /'))
      .sort()
    const served = apiEndpoints(world.app)
    const undocumented = served.filter((endpoint) => !documented.includes(endpoint))
    expect(undocumented, `served but not in /openapi.json: ${undocumented.join(', ')}`).toEqual([])
    const notServed = documented.filter((endpoint) => !served.includes(endpoint))
    expect(notServed, `in /openapi.json but not served: ${notServed.join(', ')}`).toEqual([])
  })

  it('gives every operation a default problem+json response', () => {
    const all = operations()
    expect(all.length).toBeGreaterThanOrEqual(API_MD_ENDPOINTS.length)
    const withoutDefault = all
      .filter(([, op]) => !op.responses?.default?.content?.['application/problem+json'])
      .map(([name]) => name)
    expect(withoutDefault).toEqual([])
  })
})

describe('GET /docs', () => {
  it('is an HTML page whose scripts and styles are all served by this app', async () => {
    const page = await world.app.request('/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? []
    expect(tags.length).toBeGreaterThan(0)
    const references = tags.flatMap((tag) => {
      const match = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)
      return match ? [match[1]!] : []
    })
    // nothing from another host: no absolute or protocol-relative URL
    expect(references.filter((url) => /^(https?:)?\/\//i.test(url))).toEqual([])
    expect(references).toContain('/docs/init.js')
    expect(references.some((url) => url.startsWith('/docs/assets/'))).toBe(true)
    for (const url of references) {
      expect(url, url).toMatch(/^\/docs\/(assets\/|init\.js$)/)
      const asset = await world.app.request(url)
      expect(asset.status, url).toBe(200)
      const type = asset.headers.get('content-type') ?? ''
      expect(type, url).toMatch(url.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/)
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0)
    }
  })

  it('points the reference UI at the local OpenAPI document, not at a remote validator', async () => {
    const init = await (await world.app.request('/docs/init.js')).text()
    expect(init).toContain("'/openapi.json'")
    expect(init).not.toMatch(/https?:\/\//)
  })
})
