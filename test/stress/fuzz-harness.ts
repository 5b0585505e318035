import fc from 'fast-check'
import { expect } from 'vitest'
import { DEFAULT_RATE_CARD } from '../../src/domain/money/rates.js'
import type { Weekday } from '../../src/domain/types.js'
import { issueToken } from '../../src/services/auth.js'
import { orphanRows, overlappingHeldPairs } from '../support/invariants.js'
import { type Account, createWorld, PASSWORD } from '../support/world.js'

/**
 * Property-based requests generated from the OpenAPI document the app serves: every operation, every role,
 * values drawn from each parameter's and body's JSON Schema — mostly valid-ish (real ids, instants on the
 * grid, enum members), sometimes wrong (other types, missing or extra fields, malformed JSON, odd headers).
 * The properties: no 5xx; every error is problem+json with type, title, status and detail; and afterwards
 * the database invariants hold (no overlapping held reservations, no orphan rows).
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema objects from the served document
type Schema = any

interface Operation {
  method: string
  path: string
  parameters: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[]
  body: Schema | null
}

/** A value chosen when the request runs, from what exists by then (ids made by earlier requests included). */
class Pick {
  constructor(
    readonly pool: PoolName,
    readonly index: number,
  ) {}
}
/** An instant chosen when the request runs: `slots` half-hours from the world's start, written in `style`. */
class At {
  constructor(
    readonly slots: number,
    readonly minutes: number,
    readonly style: number,
  ) {}
}
type PoolName = 'id' | IdKind | 'email' | 'feedKey' | 'etag' | 'city' | 'text'
type IdKind = 'instrument' | 'reservation' | 'user' | 'institution' | 'blackout' | 'voucher' | 'program' | 'statement'

const MINUTE = 60_000
const ROLES = ['researcherZs', 'researcherZs2', 'researcherNb', 'adminNbu', 'adminZjou', 'talent', 'platform'] as const
type RoleName = (typeof ROLES)[number]

// ---------------------------------------------------------------- the document

function resolve(document: Schema, schema: Schema): Schema {
  if (schema?.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').at(-1)])
  return schema ?? {}
}

export function operationsOf(document: Schema): Operation[] {
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries<Schema>(document.paths))
    for (const [method, operation] of Object.entries<Schema>(methods)) {
      const content = operation.requestBody?.content?.['application/json']
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((p: Schema) => ({ ...p, schema: resolve(document, p.schema) })),
        body: content ? resolve(document, content.schema) : null,
      })
    }
  return operations
}

// ---------------------------------------------------------------- values from schemas

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '"; DROP TABLE reservations; --',
  '<script>alert(1)</script>',
  '宁波大学',
  '🔬'.repeat(50),
  'a'.repeat(5000),
  '2027-03-01T09:00:00',
  '2027-02-30T09:00:00+08:00',
  '2027-03-01T09:00:00+25:00',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  'NaN',
  '-1',
  '1e309',
  'null',
  '{}',
  '[]',
)

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  oddStrings,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_SAFE_INTEGER),
)

/** Styles 0–6 are good RFC 3339 instants; 7–9 are not (no offset, a number, a space for the T). */
const style = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 7, max: 9 }) },
)
const instant = fc.oneof(
  // anywhere from four days back to forty ahead, sometimes off the grid
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: -4 * 48, max: 40 * 48 }), fc.constantFrom(0, 0, 0, 0, 15, 1), style)
      .map(([slots, minutes, style]) => new At(slots, minutes, style)),
  },
  // the world starts on a Monday 08:00 in Shanghai: weekday office hours within the horizon, on the grid
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 27 }), fc.integer({ min: 0, max: 19 }), style)
      .filter(([day]) => day % 7 < 5)
      .map(([day, halfHours, style]) => new At(day * 48 + halfHours, 0, style)),
  },
)

const pick = (pool: PoolName) => fc.nat().map((index) => new Pick(pool, index))

/** Which kind of id a field names, from its name and the path it is on. */
function idKind(name: string, path: string): IdKind | null {
  if (/^instrumentId$/.test(name) || (name === 'id' && path.startsWith('/api/v1/instruments'))) return 'instrument'
  if (name === 'id' && path.startsWith('/api/v1/reservations')) return 'reservation'
  if (/^userId$/.test(name) || (name === 'id' && path.startsWith('/api/v1/users'))) return 'user'
  if (/^institutionId$|InstitutionId$/.test(name)) return 'institution'
  if (/^blackoutId$/.test(name)) return 'blackout'
  if (/^voucherId$/.test(name) || (name === 'id' && path.startsWith('/api/v1/vouchers'))) return 'voucher'
  if (/^programId$/.test(name) || (name === 'id' && path.startsWith('/api/v1/voucher-programs'))) return 'program'
  if (name === 'id' && path.startsWith('/api/v1/statements')) return 'statement'
  return null
}

/** A string for a field, guessed from its name first (ids, e-mails, instants), else from its schema. */
function stringFor(name: string, schema: Schema, path: string): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum)
  if (schema.format === 'date-time' || /^(start|end|from|to|expiresAt)$/.test(name)) return instant
  const kind = idKind(name, path)
  if (kind) return fc.oneof({ weight: 9, arbitrary: pick(kind) }, { weight: 1, arbitrary: pick('id') })
  if (/id$/i.test(name)) return pick('id')
  if (/email/i.test(name)) return pick('email')
  if (name === 'key') return pick('feedKey')
  if (name === 'city' || name === 'code') return pick('city')
  if (name === 'if-match') return pick('etag')
  if (/password/i.test(name)) return fc.oneof(fc.constant(PASSWORD), fc.string({ minLength: 8, maxLength: 20 }))
  if (name === 'year') return fc.integer({ min: 1990, max: 2100 }).map(String)
  if (schema.pattern === '^\\d{2}:\\d{2}$' || name === 'open' || name === 'close')
    return fc.constantFrom('08:00', '09:30', '12:00', '18:00', '24:00', '00:00', '25:00', '8:00', '12:07')
  const maxLength = Math.min(schema.maxLength ?? 40, 60)
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength }) },
    { weight: 1, arbitrary: pick('text') },
  )
}

interface Ctx {
  document: Schema
  path: string
}

function valueFor(ctx: Ctx, raw: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(ctx.document, raw)
  const variants = schema.anyOf ?? schema.oneOf
  if (variants) return fc.oneof(...variants.map((v: Schema) => valueFor(ctx, v, name, depth)))
  const type = Array.isArray(schema.type) ? schema.type : [schema.type]
  const typed: fc.Arbitrary<unknown>[] = []
  for (const t of type) {
    if (t === 'string') typed.push(stringFor(name, schema, ctx.path))
    else if (t === 'integer' || t === 'number') {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -10
      const max = schema.maximum ?? schema.exclusiveMaximum ?? Math.max(min + 10_000, 1000)
      const inRange = fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
      const sensible = /minutes/i.test(name) ? fc.constantFrom(0, 15, 30, 60, 90, 120, 480, 1440) : inRange
      typed.push(fc.oneof({ weight: 4, arbitrary: sensible }, { weight: 1, arbitrary: fc.integer() }))
    } else if (t === 'boolean') typed.push(fc.boolean())
    else if (t === 'null') typed.push(fc.constant(null))
    else if (t === 'array')
      typed.push(
        depth > 3 ? fc.constant([]) : fc.array(valueFor(ctx, schema.items ?? {}, name, depth + 1), { maxLength: 4 }),
      )
    else if (t === 'object' || schema.properties) typed.push(objectFor(ctx, schema, depth))
  }
  if (typed.length === 0) return anyJson
  return typed.length === 1 ? typed[0]! : fc.oneof(...typed)
}

/** Required fields mostly present, optional ones sometimes; each field now and then of another type. */
function objectFor(ctx: Ctx, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries<Schema>(schema.properties ?? {})
  const required = new Set<string>(schema.required ?? [])
  const fields = properties.map(([key, property]) => {
    const good = valueFor(ctx, property, key, depth + 1)
    const value = fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: anyJson })
    const presence = required.has(key)
      ? fc.oneof({ weight: 19, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
      : key === 'voucherId'
        ? // a voucher is named now and then, and refused unless it is the booker's own: it must not starve bookings
          fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
        : fc.boolean()
    return fc.tuple(fc.constant(key), presence, value)
  })
  const extra = fc.option(fc.tuple(fc.constantFrom('unknown', '__proto__', 'constructor', 'id'), anyJson), {
    freq: 10,
  })
  return fc.tuple(fc.tuple(...fields), extra).map(([entries, more]) => {
    const object: Record<string, unknown> = {}
    for (const [key, present, value] of entries) if (present) object[key] = value
    if (more) Object.defineProperty(object, more[0], { value: more[1], enumerable: true, writable: true })
    return object
  })
}

// ---------------------------------------------------------------- requests

export interface FuzzRequest {
  operation: number
  role: RoleName | 'anonymous' | 'bogus'
  params: Record<string, unknown>
  query: Record<string, unknown>
  extraQuery: [string, unknown] | null
  headers: Record<string, unknown>
  /** A header no operation documents: cookies, content negotiation, a forged forwarding address. */
  extraHeader: [string, string] | null
  /** The Authorization header sent when the role is 'bogus'. */
  badAuth: string
  /** 'json': the generated body; 'malformed': broken JSON text; 'none': no body; 'text': a JSON body as text/plain. */
  bodyKind: 'json' | 'malformed' | 'none' | 'text' | 'huge'
  body: unknown
  /** Keep a booking coherent (end = start + n × 30 min) so that many of them succeed. */
  lengthSlots: number | null
  tick: number
}

export function requestArbitrary(document: Schema, operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  const perOperation = operations.map((op, index) => {
    const ctx: Ctx = { document, path: op.path }
    const params = Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [
          p.name,
          fc.oneof({ weight: 8, arbitrary: valueFor(ctx, p.schema, p.name) }, { weight: 1, arbitrary: oddStrings }),
        ]),
    )
    const query = Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'query')
        .map((p) => [p.name, fc.option(valueFor(ctx, p.schema, p.name), { freq: 3 })]),
    )
    const headers = Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'header')
        .map((p) => [
          p.name,
          fc.option(
            p.name === 'idempotency-key'
              ? fc.oneof(
                  { weight: 6, arbitrary: fc.uuid() },
                  { weight: 2, arbitrary: fc.constantFrom('k1', 'k2') },
                  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
                )
              : valueFor(ctx, p.schema, p.name),
            { freq: 3 },
          ),
        ]),
    )
    return fc.record({
      operation: fc.constant(index),
      role: fc.oneof(
        { weight: 10, arbitrary: fc.constantFrom(...ROLES) },
        { weight: 1, arbitrary: fc.constantFrom('anonymous' as const, 'bogus' as const) },
      ),
      params: fc.record(params),
      query: fc.record(query),
      extraQuery: fc.option(fc.tuple(fc.constantFrom('limit', 'cursor', 'x', 'from'), anyJson), { freq: 8 }),
      headers: fc.record(headers),
      extraHeader: fc.option(
        fc.tuple(
          fc.constantFrom('Cookie', 'Accept', 'Accept-Language', 'X-Forwarded-For', 'Origin', 'If-None-Match', 'Range'),
          fc.oneof(
            fc.string({ maxLength: 100 }),
            fc.constantFrom('yz_session=abc; csrf=1', '*/*', 'zh-CN,zh;q=0.9', 'bytes=0-1'),
          ),
        ),
        { freq: 5 },
      ),
      badAuth: fc.constantFrom(
        'Bearer not-a-real-token',
        'Bearer',
        'Basic dXNlcjpwYXNz',
        'Bearer a b',
        '',
        'bearer  x  ',
      ),
      bodyKind: op.body
        ? fc.oneof(
            { weight: 17, arbitrary: fc.constant('json' as const) },
            { weight: 1, arbitrary: fc.constantFrom('malformed' as const, 'none' as const, 'text' as const) },
          )
        : fc.constantFrom('none', 'none', 'none', 'none', 'json', 'malformed'),
      body: op.body
        ? fc.oneof({ weight: 9, arbitrary: valueFor(ctx, op.body, '') }, { weight: 1, arbitrary: anyJson })
        : anyJson,
      lengthSlots: fc.option(fc.integer({ min: 1, max: 10 }), { freq: 4, nil: null }),
      // now and then the clock moves on (at most about a day over 10,000 requests), so time-bound moves happen too
      tick: fc.oneof(
        { weight: 200, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }) },
      ),
    }) as fc.Arbitrary<FuzzRequest>
  })
  // one request in a thousand is over the 1 MB limit
  return fc.oneof(
    {
      weight: 999,
      // the reservation endpoints, where the invariants are made or broken, more often than the rest
      arbitrary: fc.oneof(
        ...perOperation.map((arbitrary, i) => ({
          weight:
            operations[i]!.path === '/api/v1/reservations' && operations[i]!.method === 'POST'
              ? 8
              : operations[i]!.path.startsWith('/api/v1/reservations')
                ? 3
                : 1,
          arbitrary,
        })),
      ),
    },
    { weight: 1, arbitrary: perOperation[0]!.map((r) => ({ ...r, bodyKind: 'huge' as const })) },
  )
}

// ---------------------------------------------------------------- the world under fuzz

const everyDay = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))

export async function fuzzWorld() {
  const world = await createWorld()
  const start = world.clock()
  const instruments = [
    await world.instrument(),
    await world.instrument({ requiresApproval: true, bufferMinutes: 30 }),
    await world.instrument({ requiresQualification: true, institutionId: world.institutions.zjou.id }),
    await world.instrument({
      mode: 'service',
      openingHours: everyDay,
      slotMinutes: 15,
      minMinutes: 15,
      noticeMinutes: 0,
    }),
    await world.instrument({ status: 'maintenance' }),
  ]
  // money: a priced instrument, a Ningbo programme with a voucher of 浙江海洋大学 (researcherZs may name it), a statement
  await world.db
    .updateTable('instruments')
    .set({
      rates: JSON.stringify({ ...DEFAULT_RATE_CARD, hour: { internal: 15_000, academic: 20_000, enterprise: 30_000 } }),
    })
    .where('id', '=', instruments[0]!.id)
    .execute()
  const program = await world.call('POST', '/voucher-programs', {
    token: world.accounts.talent.token,
    body: {
      name: '宁波券',
      city: 'ningbo',
      coveragePercent: 50,
      holderKinds: ['university', 'enterprise'],
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
    },
  })
  const grant = (holderInstitutionId: string) =>
    world.call('POST', '/vouchers', {
      token: world.accounts.talent.token,
      body: { programId: program.json.id, holderInstitutionId, amountFen: 300_000, expiresAt: '2027-12-31T00:00:00Z' },
    })
  // one for each institution whose people book, so that a booking naming a voucher sometimes names its own
  const vouchers = [await grant(world.institutions.zjou.id), await grant(world.institutions.nbu.id)]
  const statement = await world.call('POST', '/statements', {
    token: world.accounts.adminNbu.token,
    body: {
      providerInstitutionId: world.institutions.nbu.id,
      payerInstitutionId: world.institutions.zjou.id,
      month: '2027-02',
    },
  })
  expect([program.status, ...vouchers.map((v) => v.status), statement.status]).toEqual([201, 201, 201, 201])
  const document = await (await world.app.request('/openapi.json')).json()
  const pools: Record<PoolName, string[]> = {
    instrument: instruments.map((i) => i.id),
    reservation: [],
    user: Object.values(world.accounts).map((a) => a.id),
    institution: Object.values(world.institutions).map((i) => i.id),
    blackout: ['no-such-blackout'],
    voucher: [...vouchers.map((v) => v.json.id as string), 'no-such-voucher'],
    program: [program.json.id],
    statement: [statement.json.id],
    id: [
      ...instruments.map((i) => i.id),
      ...Object.values(world.accounts).map((a) => a.id),
      ...Object.values(world.institutions).map((i) => i.id),
      'no-such-id',
    ],
    email: [...Object.values(world.accounts).map((a) => a.email), 'nobody@test.yz', 'not-an-email'],
    feedKey: Object.values(world.accounts).map((a) => `feed-${a.id}`),
    etag: ['"nope"', '*', ...instruments.map((i) => `"instrument-${i.id}-v1"`)],
    city: ['ningbo', 'zhoushan', 'shanghai', 'NINGBO'],
    text: ['', '测试', PASSWORD, 'x'],
  }
  // a few reservations to act on from the first request on
  for (const [i, account] of [world.accounts.researcherZs, world.accounts.researcherNb].entries()) {
    const s = start + (26 + i * 2) * 3600_000
    const made = await world.call('POST', '/reservations', {
      token: account.token,
      body: {
        instrumentId: instruments[i]!.id,
        start: new Date(s).toISOString(),
        end: new Date(s + 3600_000).toISOString(),
      },
    })
    expect(made.status).toBe(201)
    pools.id.push(made.json.id)
    pools.reservation.push(made.json.id)
    pools.etag.push(made.headers.get('etag')!)
  }
  return { world, document, operations: operationsOf(document), pools, start }
}

export type FuzzWorld = Awaited<ReturnType<typeof fuzzWorld>>

function materialize(value: unknown, fuzz: FuzzWorld): unknown {
  if (value instanceof Pick) {
    const pool = fuzz.pools[value.pool]
    return pool[value.index % pool.length]
  }
  if (value instanceof At) {
    const ms = fuzz.start + value.slots * 30 * MINUTE + value.minutes * MINUTE
    const iso = new Date(ms).toISOString()
    switch (value.style) {
      case 0:
      case 1:
      case 2:
        return iso
      case 3:
      case 4:
        return new Date(ms + 8 * 3600_000).toISOString().replace('.000Z', '+08:00')
      case 5:
        return iso.replace('.000Z', 'z')
      case 6:
        return new Date(ms - 5.5 * 3600_000).toISOString().replace('.000Z', '-05:30')
      case 7:
        return iso.replace('.000Z', '') // no offset: must be a 400
      case 8:
        return ms // a number, not a string
      default:
        return iso.replace('T', ' ')
    }
  }
  if (Array.isArray(value)) return value.map((v) => materialize(v, fuzz))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value))
      Object.defineProperty(out, key, {
        value: materialize((value as Record<string, unknown>)[key], fuzz),
        enumerable: true,
        writable: true,
      })
    return out
  }
  return value
}

const asParam = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))

const HUGE = 'x'.repeat(1024 * 1024 + 10)

function createdKind(path: string): IdKind | null {
  if (path === '/api/v1/reservations' || path.endsWith('/uses')) return 'reservation'
  if (path === '/api/v1/instruments') return 'instrument'
  if (path.endsWith('/blackouts')) return 'blackout'
  if (path === '/api/v1/users') return 'user'
  if (path === '/api/v1/institutions') return 'institution'
  if (path === '/api/v1/vouchers') return 'voucher'
  if (path === '/api/v1/voucher-programs') return 'program'
  if (path === '/api/v1/statements') return 'statement'
  return null
}

/** Runs one generated request against the in-process app and checks the answer; returns its status. */
export async function runRequest(fuzz: FuzzWorld, request: FuzzRequest): Promise<number> {
  const { world } = fuzz
  const operation = fuzz.operations[request.operation]!
  if (request.tick) world.clock.advance(request.tick * MINUTE)

  let path = operation.path
  for (const [name, raw] of Object.entries(request.params))
    path = path.replace(`{${name}}`, encodeURIComponent(asParam(materialize(raw, fuzz))))
  const search = new URLSearchParams()
  for (const [name, raw] of Object.entries(request.query))
    if (raw !== null && raw !== undefined) search.append(name, asParam(materialize(raw, fuzz)))
  if (request.extraQuery) search.append(request.extraQuery[0], asParam(materialize(request.extraQuery[1], fuzz)))

  const headers: Record<string, string> = {}
  for (const [name, raw] of Object.entries(request.headers))
    if (raw !== null && raw !== undefined) headers[name] = asParam(materialize(raw, fuzz)).replace(/[\r\n\0]/g, '')
  // a throwaway token for logout, so that the fuzz does not sign its own accounts out
  const account = request.role in world.accounts ? world.accounts[request.role as RoleName] : null
  if (account)
    headers.Authorization = `Bearer ${operation.path === '/api/v1/auth/logout' ? await issueToken(world.deps, account.id) : account.token}`
  else if (request.role === 'bogus') headers.Authorization = request.badAuth
  if (request.extraHeader) headers[request.extraHeader[0]] = request.extraHeader[1].replace(/[\r\n\0]/g, '')

  let body: string | undefined
  let value = materialize(request.body, fuzz)
  if (request.lengthSlots && value && typeof value === 'object' && 'start' in value) {
    const start = Date.parse(String((value as { start: unknown }).start))
    if (Number.isFinite(start))
      (value as { end?: string }).end = new Date(start + request.lengthSlots * 30 * MINUTE).toISOString()
  }
  if (request.role !== 'anonymous' && operation.path === '/api/v1/auth/login' && value && typeof value === 'object')
    value = { ...value, password: PASSWORD } // mostly real sign-ins, e-mails from the pool
  switch (request.bodyKind) {
    case 'json':
      body = JSON.stringify(value)
      headers['Content-Type'] = 'application/json'
      break
    case 'text':
      body = JSON.stringify(value)
      headers['Content-Type'] = 'text/plain'
      break
    case 'malformed':
      body = `${JSON.stringify(value)?.slice(0, -1) ?? ''}{`
      headers['Content-Type'] = 'application/json'
      break
    case 'huge':
      body = HUGE
      headers['Content-Type'] = 'application/json'
      break
    case 'none':
      break
  }

  const query = search.toString()
  const response = await world.app.request(`${path}${query ? `?${query}` : ''}`, {
    method: operation.method,
    headers,
    body: operation.method === 'GET' || operation.method === 'HEAD' ? undefined : body,
  })
  const text = await response.text()
  const where = `${operation.method} ${path}?${query} as ${request.role} body=${body?.slice(0, 300)} → ${response.status} ${text.slice(0, 500)}`
  expect(response.status, where).toBeLessThan(500)
  if (response.status >= 400) {
    expect(response.headers.get('content-type'), where).toMatch(/^application\/problem\+json/)
    const problem = JSON.parse(text)
    expect(problem, where).toMatchObject({
      type: expect.stringMatching(/^\/problems\/[a-z0-9-]+$/),
      title: expect.any(String),
      status: response.status,
      detail: expect.any(String),
    })
  } else if (response.status === 201 || response.status === 200) {
    // new things become targets for later requests
    const type = response.headers.get('content-type') ?? ''
    if (type.includes('json')) {
      const json = JSON.parse(text)
      if (typeof json?.id === 'string' && !fuzz.pools.id.includes(json.id)) {
        fuzz.pools.id.push(json.id)
        const kind = createdKind(operation.path)
        if (kind && response.status === 201) fuzz.pools[kind].push(json.id)
      }
      if (typeof json?.email === 'string') fuzz.pools.email.push(json.email)
      if (typeof json?.calendarFeedKey === 'string') fuzz.pools.feedKey.push(json.calendarFeedKey)
      const etag = response.headers.get('etag')
      if (etag && !fuzz.pools.etag.includes(etag)) fuzz.pools.etag.push(etag)
    }
  }
  await restoreAccounts(fuzz, operation)
  return response.status
}

/**
 * The fuzz may deactivate an account, change its password (ending its other tokens) or rename it; put the
 * accounts back so that every role keeps calling with a live token.
 */
async function restoreAccounts(fuzz: FuzzWorld, operation: Operation) {
  if (!/\/users\/\{id\}|\/me\/password/.test(operation.path)) return
  const { world } = fuzz
  await world.db.updateTable('users').set({ active: 1 }).execute()
  for (const account of Object.values(world.accounts) as Account[]) {
    const alive = await world.call('GET', '/me', { token: account.token })
    if (alive.status === 401) account.token = await issueToken(world.deps, account.id)
  }
}

/** The database after the fuzz: no two held reservations of one instrument overlap; nothing points at nothing. */
export function checkInvariants(fuzz: FuzzWorld) {
  const sqlite = fuzz.world.connection.sqlite
  expect(overlappingHeldPairs(sqlite)).toEqual([])
  expect(orphanRows(sqlite)).toEqual([])
  expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([])
  expect(sqlite.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
}

/** Runs `count` generated requests one after another on one world; returns the statuses seen. */
export async function fuzz(count: number, seed?: number) {
  const world = await fuzzWorld()
  const statuses = new Map<number, number>()
  const perOperation = new Map<string, Set<number>>()
  await fc.assert(
    fc.asyncProperty(requestArbitrary(world.document, world.operations), async (request) => {
      const status = await runRequest(world, request)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      const op = world.operations[request.operation]!
      const key = `${op.method} ${op.path}`
      if (!perOperation.has(key)) perOperation.set(key, new Set())
      perOperation.get(key)!.add(status)
    }),
    { numRuns: count, seed, endOnFailure: true },
  )
  checkInvariants(world)
  return { world, statuses, perOperation }
}
