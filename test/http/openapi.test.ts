import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../src/errors.js'
import { statusOf } from '../../src/http/problem.js'
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
  // API.md "Additions": recognition
  'POST /instruments/{id}/recognitions',
  'GET /instruments/{id}/recognitions',
  'DELETE /instruments/{id}/recognitions/{recognitionId}',
  'GET /instruments/{id}/recognition-candidates',
  // API.md "Additions": evaluation, import
  'PUT /evaluation/means/{year}',
  'POST /instruments/import',
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

/** Every problem code of errors.ts (the type lists them; this keeps the test honest when one is added). */
const ERROR_CODES = [
  'validation',
  'malformed-json',
  'unauthenticated',
  'forbidden',
  'not-qualified',
  'not-found',
  'time-taken',
  'invalid-transition',
  'duplicate',
  'precondition-failed',
  'precondition-required',
  'too-large',
  'rule-violation',
  'idempotency-mismatch',
  'rate-limited',
  'last-admin',
  'unsupported-media-type',
] as const satisfies readonly ErrorCode[]

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

describe('the operations of issue 11 (import, recognition, national means)', () => {
  it('document every error status they answer, not only default', () => {
    const expected: Record<string, string[]> = {
      'POST /api/v1/instruments/import': ['200', '400', '401', '403', '404', '412', '413', '415'],
      'POST /api/v1/instruments/{id}/recognitions': ['201', '400', '401', '403', '404', '409', '413', '415', '422'],
      'DELETE /api/v1/instruments/{id}/recognitions/{recognitionId}': ['204', '400', '401', '403', '404', '409'],
      'GET /api/v1/instruments/{id}/recognition-candidates': ['200', '400', '401', '403', '404'],
      'PUT /api/v1/evaluation/means/{year}': ['200', '400', '401', '403', '413', '415'],
    }
    const all = new Map(operations())
    for (const [name, statuses] of Object.entries(expected))
      expect(Object.keys(all.get(name)?.responses ?? {}).sort(), name).toEqual([...statuses, 'default'].sort())
  })

  it('describes the import’s body as a multipart file', () => {
    const body = doc.paths['/api/v1/instruments/import'].post.requestBody.content['multipart/form-data'].schema
    expect(body.properties.file).toMatchObject({ type: 'string', format: 'binary' })
  })
})

describe('the statuses each operation documents (API.md: not only default)', () => {
  const documented = (operation: string) => {
    const [method, path] = operation.split(' ') as [string, string]
    const responses = doc.paths[`/api/v1${path}`]?.[method.toLowerCase()]?.responses ?? {}
    return Object.keys(responses).filter((status) => status !== 'default')
  }

  it.each([
    ['POST /reservations', ['201', '400', '401', '403', '404', '409', '413', '415', '422']],
    ['PATCH /reservations/{id}', ['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '428']],
    ['POST /reservations/{id}/cancel', ['200', '400', '401', '403', '404', '409', '413', '415']],
    ['POST /auth/login', ['200', '400', '401', '413', '415', '429']],
    ['POST /instruments/{id}/uses', ['201', '400', '401', '403', '404', '409', '413', '415', '422']],
    ['PATCH /instruments/{id}', ['200', '400', '401', '403', '404', '412', '413', '415']],
    ['PATCH /users/{id}', ['200', '400', '401', '403', '404', '409', '413', '415']],
    ['DELETE /instruments/{id}/blackouts/{blackoutId}', ['204', '400', '401', '403', '404', '409']],
    ['PUT /stats/targets/{year}', ['200', '400', '401', '403', '413', '415']],
    ['GET /cities', ['200', '401']],
    ['GET /me/calendar.ics', ['200', '400', '401']],
  ])('%s: exactly %j', (operation, statuses) => {
    expect(documented(operation)).toEqual(statuses)
  })

  it('names the problem types of each status: 409 and 422 on POST /reservations', () => {
    const responses = doc.paths['/api/v1/reservations'].post.responses
    expect(responses['409'].description).toMatch(/\/problems\/time-taken.*\/problems\/duplicate/)
    expect(responses['422'].description).toMatch(/\/problems\/rule-violation.*\/problems\/idempotency-mismatch/)
    expect(responses['409'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem')
  })

  it('documents only statuses of the problem table (or a success), each an RFC 9457 problem', () => {
    const problemStatuses = new Set(ERROR_CODES.map((code) => String(statusOf(code))))
    for (const [name, operation] of operations()) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (status === 'default' || /^2\d\d$/.test(status)) continue
        expect(problemStatuses.has(status), `${name} ${status}`).toBe(true)
        expect(response.content?.['application/problem+json'], `${name} ${status}`).toBeDefined()
      }
      // and every operation documents at least one error besides `default` (401 at the very least)
      expect(Object.keys(operation.responses ?? {}), name).toContain('401')
    }
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
      // the empty data: favicon keeps the browser from asking for /favicon.ico
      return match && match[1] !== 'data:,' ? [match[1]!] : []
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
