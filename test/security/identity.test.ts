import { beforeAll, describe, expect, it } from 'vitest'
import type { Weekday } from '../../src/domain/types.js'
import { type Account, createWorld, PASSWORD, type World } from '../support/world.js'

/**
 * No endpoint, list, CSV, ICS or error message reveals another researcher's identity to a researcher. Two
 * researchers book one instrument; the first crawls every GET the API documents — with every id it knows or
 * could guess, its lists page by page — and provokes the errors that name the second's time (409s, 404s, 403s).
 * The second's id, e-mail, name and the purpose they wrote must never appear in a body or a header.
 */

const DAY = 24 * 3600_000
const everyDay = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))

let world: World
let me: Account
let other: { id: string; email: string; name: string; token: string; purpose: string }
let myReservationIds: string[] = []
let otherReservations: { id: string; start: string; end: string }[] = []
let instrumentIds: string[] = []

const iso = (ms: number) => new Date(ms).toISOString()

beforeAll(async () => {
  world = await createWorld()
  me = world.accounts.researcherZs
  const open = await world.instrument({ openingHours: everyDay, noticeMinutes: 0, bufferMinutes: 30 })
  const approval = await world.instrument({ openingHours: everyDay, noticeMinutes: 0, requiresApproval: true })
  instrumentIds = [open.id, approval.id]

  // the other researcher, made through the API with a name and address that could not occur by chance
  const made = await world.call('POST', '/users', {
    token: world.accounts.adminNbu.token,
    body: {
      email: 'wang.mimi.secret@nbu.test.yz',
      name: '王秘密 Secret-Person',
      password: PASSWORD,
      role: 'researcher',
      institutionId: world.institutions.nbu.id,
    },
  })
  expect(made.status).toBe(201)
  const login = await world.call('POST', '/auth/login', { body: { email: made.json.email, password: PASSWORD } })
  other = { ...made.json, token: login.json.token, purpose: '秘密样品 purpose-of-the-other-one' }

  const start = world.clock() + DAY
  const book = async (token: string, instrumentId: string, from: number, hours: number, purpose: string) => {
    const res = await world.call('POST', '/reservations', {
      token,
      body: { instrumentId, start: iso(from), end: iso(from + hours * 3600_000), purpose },
    })
    expect(res.status, res.text).toBe(201)
    return res.json
  }
  // the other's: confirmed, pending, one cancelled, one checked in (in_use) and one completed, on both instruments
  const theirs = [
    await book(other.token, open.id, start, 2, other.purpose),
    await book(other.token, approval.id, start, 2, other.purpose),
    await book(other.token, open.id, start + 5 * 3600_000, 1, other.purpose),
    await book(other.token, open.id, world.clock() + 3600_000, 1, other.purpose),
  ]
  expect(
    (await world.call('POST', `/reservations/${theirs[2].id}/cancel`, { token: other.token, body: {} })).status,
  ).toBe(200)
  world.clock.advance(3600_000)
  expect((await world.call('POST', `/reservations/${theirs[3].id}/check-in`, { token: other.token })).status).toBe(200)
  otherReservations = theirs.map((r) => ({ id: r.id, start: r.start, end: r.end }))
  // a use the admin records for the other researcher after the fact (it counts in the statistics and the CSV)
  const use = await world.call('POST', `/instruments/${open.id}/uses`, {
    token: world.accounts.adminNbu.token,
    body: { userId: other.id, start: iso(world.clock() - 10 * DAY), end: iso(world.clock() - 10 * DAY + 3600_000) },
  })
  expect(use.status, use.text).toBe(201)
  otherReservations.push({ id: use.json.id, start: use.json.start, end: use.json.end })

  // mine: next to theirs on both instruments
  myReservationIds = [
    (await book(me.token, open.id, start + 3 * 3600_000, 1, 'mine')).id,
    (await book(me.token, approval.id, start + 3 * 3600_000, 1, 'mine')).id,
  ]
})

/** Every way the other's identity could be written. */
const secrets = () => [
  other.id,
  other.email,
  other.email.toUpperCase(),
  '王秘密',
  'Secret-Person',
  'purpose-of-the-other-one',
]

const seen: string[] = []

/** Calls as the first researcher and fails if anything of the other's identity is in the answer. */
async function probe(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { Authorization: `Bearer ${me.token}` }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await world.app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const everything = `${text}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`
  for (const secret of secrets())
    expect(everything.toLowerCase(), `${method} ${path} → ${response.status} reveals ${secret}`).not.toContain(
      secret.toLowerCase(),
    )
  seen.push(`${method} ${path} ${response.status}`)
  return { status: response.status, text, headers: response.headers }
}

describe("a researcher never learns another researcher's identity", () => {
  it('crawling every documented GET with every id it knows or guesses', async () => {
    const document = (await (await world.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const from = iso(world.clock() - 20 * DAY)
    const to = iso(world.clock() + 30 * DAY)
    const everyId = [
      ...instrumentIds,
      ...myReservationIds,
      ...otherReservations.map((r) => r.id),
      me.id,
      ...Object.values(world.institutions).map((i) => i.id),
    ]
    const queries: Record<string, string[]> = {
      '/api/v1/instruments/{id}/availability': [`from=${from}&to=${iso(world.clock() + 40 * DAY)}`],
      '/api/v1/instruments/{id}/blackouts': ['', `from=${from}&to=${to}`],
      '/api/v1/me/calendar.ics': [`key=feed-${me.id}`],
      '/api/v1/users': [`email=${encodeURIComponent(me.email)}`],
      '/api/v1/stats/sharing': ['', 'year=2027', 'year=2026'],
      '/api/v1/stats/sharing.csv': ['', 'year=2027'],
      '/api/v1/reservations': [
        '',
        ...instrumentIds.map((id) => `instrumentId=${id}`),
        ...['pending', 'confirmed', 'in_use', 'completed', 'cancelled'].map((s) => `status=${s}`),
        `from=${from}&to=${to}`,
        'limit=1',
      ],
      '/api/v1/instruments': ['', 'status=retired', `institutionId=${world.institutions.nbu.id}`, 'q=显微镜'],
    }
    let calls = 0
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!operations.get) continue
      const holes = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
      const paths = holes.length === 0 ? [path] : []
      if (holes.length === 1) for (const id of everyId) paths.push(path.replace(`{${holes[0]}}`, id))
      // two holes (a recognition's history): every pair of ids
      if (holes.length === 2)
        for (const first of everyId)
          for (const second of everyId)
            paths.push(path.replace(`{${holes[0]}}`, first).replace(`{${holes[1]}}`, second))
      expect(holes.length, path).toBeLessThan(3)
      for (const concrete of paths)
        for (const query of queries[path] ?? ['']) {
          await probe('GET', query ? `${concrete}?${query}` : concrete)
          calls++
        }
    }
    expect(calls).toBeGreaterThan(80)

    // page through my reservations one by one: cursors must not lead into the other's
    let cursor: string | null = ''
    const paged: string[] = []
    while (cursor !== null) {
      const page = await probe('GET', `/api/v1/reservations?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      const json = JSON.parse(page.text)
      paged.push(...json.items.map((r: { id: string }) => r.id))
      cursor = json.nextCursor
    }
    expect(paged.sort()).toEqual([...myReservationIds].sort())
  })

  it("the other's reservations are not found, whatever is tried on them", async () => {
    for (const { id } of otherReservations) {
      for (const path of [`/api/v1/reservations/${id}`, `/api/v1/reservations/${id}/history`])
        expect((await probe('GET', path)).status).toBe(404)
      for (const action of ['cancel', 'check-in', 'check-out', 'approve', 'reject', 'no-show'])
        expect((await probe('POST', `/api/v1/reservations/${id}/${action}`, {})).status).toBe(404)
      const patch = await probe('PATCH', `/api/v1/reservations/${id}`, { purpose: 'x' })
      expect([404, 428]).toContain(patch.status)
    }
  })

  it('409 bodies say when the time is taken, never by whom', async () => {
    const [confirmed, pending] = otherReservations
    for (const [r, instrumentId] of [
      [confirmed!, instrumentIds[0]!],
      [pending!, instrumentIds[1]!],
    ] as const) {
      const taken = await probe('POST', '/api/v1/reservations', { instrumentId, start: r.start, end: r.end })
      expect(taken.status).toBe(409)
      expect(JSON.parse(taken.text).conflicts).toEqual(
        expect.arrayContaining([{ start: r.start, end: r.end, kind: 'reservation' }]),
      )
    }
    // moving mine onto theirs
    const mine = await world.call('GET', `/reservations/${myReservationIds[0]}`, { token: me.token })
    const moved = await world.app.request(`/api/v1/reservations/${myReservationIds[0]}`, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${me.token}`,
        'Content-Type': 'application/json',
        'If-Match': mine.headers.get('etag')!,
      },
      body: JSON.stringify({ start: confirmed!.start, end: confirmed!.end }),
    })
    const text = await moved.text()
    expect(moved.status).toBe(409)
    for (const secret of secrets()) expect(text).not.toContain(secret)
  })

  it('nor can the other be found through the directory', async () => {
    // POST /users and GET /users?email= are for institute admins: 403 before any "duplicate" or match could answer
    const create = await probe('POST', '/api/v1/users', {
      email: 'someone-new@test.yz',
      name: 'x',
      password: PASSWORD,
      role: 'researcher',
      institutionId: world.institutions.zjou.id,
    })
    expect(create.status).toBe(403)
    const headers = { Authorization: `Bearer ${me.token}`, 'Content-Type': 'application/json' }
    const duplicate = await world.app.request('/api/v1/users', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        email: other.email,
        name: 'x',
        password: PASSWORD,
        role: 'researcher',
        institutionId: world.institutions.zjou.id,
      }),
    })
    expect(duplicate.status).toBe(403)
    const lookup = await world.app.request(`/api/v1/users?email=${encodeURIComponent(other.email)}`, { headers })
    expect(lookup.status).toBe(403)
    expect(await lookup.text()).not.toContain(other.id)
    // qualifications name people: an institute matter
    expect((await probe('GET', `/api/v1/instruments/${instrumentIds[0]}/qualifications`)).status).toBe(403)
  })

  it('the probes really could see the other: an institute admin does', async () => {
    // guards against a crawl that proves nothing (say, every call answered 401)
    const list = await world.call('GET', `/reservations?instrumentId=${instrumentIds[0]}`, {
      token: world.accounts.adminNbu.token,
    })
    expect(list.text).toContain(other.id)
    expect(seen.filter((line) => line.endsWith(' 200')).length).toBeGreaterThan(30)
    for (const endpoint of [/availability\?/, /\/calendar\.ics /, /\/me\/calendar\.ics\?key/, /\/reservations /])
      expect(
        seen.some((line) => endpoint.test(line) && line.endsWith(' 200')),
        String(endpoint),
      ).toBe(true)
    // the first researcher did see the other's time (busy, in availability and the ICS), just not whose it is
    const from = iso(world.clock() - DAY)
    const availability = await world.call(
      'GET',
      `/instruments/${instrumentIds[0]}/availability?from=${from}&to=${iso(world.clock() + 5 * DAY)}`,
      { token: me.token },
    )
    expect(availability.json.busy).toContainEqual({
      start: otherReservations[0]!.start,
      end: otherReservations[0]!.end,
      kind: 'reservation',
    })
  })
})
