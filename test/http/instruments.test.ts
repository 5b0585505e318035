import { beforeEach, describe, expect, it } from 'vitest'
import type { Instrument } from '../../src/domain/types.js'
import { createWorld, type World, weekdayHours } from '../support/world.js'

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort()
const idsOf = (...instruments: Instrument[]) => ids(instruments)
const catalogue = async (query: string) => {
  const res = await world.call('GET', `/instruments${query}`)
  expect(res.status, res.text).toBe(200)
  return res
}

describe('GET /instruments: the catalogue', () => {
  let sem: Instrument
  let tem: Instrument
  let sonar: Instrument
  let icpms: Instrument
  let oldSem: Instrument
  beforeEach(async () => {
    const { nbu, nimte, zjou } = world.institutions
    sem = await world.instrument({ institutionId: nbu.id }) // 场发射扫描电子显微镜, Zeiss Sigma 300, 卡尔蔡司
    tem = await world.instrument({
      institutionId: nimte.id,
      name: '透射电子显微镜',
      model: 'JEM-2100F',
      manufacturer: '日本电子',
    })
    sonar = await world.instrument({
      institutionId: zjou.id,
      name: '多波束测深系统',
      model: 'EM 712',
      manufacturer: 'Kongsberg Maritime',
      category: 'marine',
    })
    icpms = await world.instrument({
      institutionId: zjou.id,
      name: '电感耦合等离子体质谱仪',
      model: 'iCAP RQ',
      manufacturer: 'Thermo Fisher',
      category: 'chromatography-ms',
      status: 'maintenance',
    })
    oldSem = await world.instrument({
      institutionId: nbu.id,
      name: '钨灯丝扫描电子显微镜',
      model: 'JSM-6360LV',
      manufacturer: '日本电子',
      status: 'retired',
    })
  })

  it('lists active and maintenance instruments, retired ones only when asked', async () => {
    const all = await catalogue('')
    expect(ids(all.json.items)).toEqual(idsOf(sem, tem, sonar, icpms))
    expect(all.json.nextCursor).toBeNull()
    expect(ids((await catalogue('?status=retired')).json.items)).toEqual(idsOf(oldSem))
    expect(ids((await catalogue('?status=maintenance')).json.items)).toEqual(idsOf(icpms))
    expect(ids((await catalogue('?status=active')).json.items)).toEqual(idsOf(sem, tem, sonar))
  })

  it('filters by city, institution and category', async () => {
    expect(ids((await catalogue('?city=ningbo')).json.items)).toEqual(idsOf(sem, tem))
    expect(ids((await catalogue('?city=zhoushan')).json.items)).toEqual(idsOf(sonar, icpms))
    expect(ids((await catalogue(`?institutionId=${world.institutions.nimte.id}`)).json.items)).toEqual(idsOf(tem))
    expect(ids((await catalogue('?category=electron-optics')).json.items)).toEqual(idsOf(sem, tem))
    expect(ids((await catalogue('?category=marine&city=ningbo')).json.items)).toEqual([])
  })

  it('searches name, model and manufacturer with q, Chinese included, Latin letters case-insensitively', async () => {
    const q = async (text: string, extra = '') =>
      ids((await catalogue(`?q=${encodeURIComponent(text)}${extra}`)).json.items)
    expect(await q('电子显微镜')).toEqual(idsOf(sem, tem))
    expect(await q('电子显微镜', '&status=retired')).toEqual(idsOf(oldSem))
    expect(await q('sigma')).toEqual(idsOf(sem))
    expect(await q('jem-2100')).toEqual(idsOf(tem))
    expect(await q('KONGSBERG')).toEqual(idsOf(sonar))
    expect(await q('日本电子')).toEqual(idsOf(tem))
    expect(await q('%')).toEqual([])
    expect(await q('光刻机')).toEqual([])
  })

  it('answers 400 for an unknown city or category', async () => {
    const city = await world.call('GET', '/instruments?city=hangzhou')
    expect(city.status).toBe(400)
    expect(city.json.type).toBe('/problems/validation')
    expect(city.json.errors.map((e: { path: string }) => e.path)).toEqual(['city'])
    const category = await world.call('GET', '/instruments?category=telescopes')
    expect(category.status).toBe(400)
    expect(category.json.errors.map((e: { path: string }) => e.path)).toEqual(['category'])
  })
})

describe('GET /instruments: free between freeFrom and freeTo', () => {
  const q = (from: string, to: string) => `?freeFrom=${encodeURIComponent(from)}&freeTo=${encodeURIComponent(to)}`

  it('keeps only instruments with a free interval of at least their minimum length in the window', async () => {
    const free = await world.instrument({ name: '空闲的电镜' })
    const busy = await world.instrument({ name: '被占满的电镜', minMinutes: 60 })
    const closed = await world.instrument({
      name: '周末才开的电镜',
      openingHours: [{ weekday: 6, open: '08:00', close: '18:00' }],
    })
    // busy: booked 09:00–10:00 and 10:30–11:30, leaving 30 free minutes in [09:00, 11:00), less than its 60
    for (const [start, end] of [
      ['2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00'],
      ['2027-03-02T10:30:00+08:00', '2027-03-02T11:30:00+08:00'],
    ]) {
      const made = await world.call('POST', '/reservations', {
        token: world.accounts.researcherZs.token,
        body: { instrumentId: busy.id, start, end },
      })
      expect(made.status).toBe(201)
    }
    const res = await catalogue(q('2027-03-02T09:00:00+08:00', '2027-03-02T11:00:00+08:00'))
    expect(ids(res.json.items)).toEqual(idsOf(free))
    expect(ids(res.json.items)).not.toContain(closed.id)
    // without the window, all three are listed
    expect(ids((await catalogue('')).json.items)).toEqual(idsOf(free, busy, closed))
  })

  it('answers 400 for a window without both bounds, reversed, or longer than 62 days', async () => {
    for (const [query, path] of [
      ['?freeFrom=2027-03-02T09:00:00%2B08:00', 'freeTo'],
      ['?freeTo=2027-03-02T09:00:00%2B08:00', 'freeFrom'],
      [q('2027-03-02T11:00:00+08:00', '2027-03-02T09:00:00+08:00'), 'freeTo'],
      [q('2027-03-01T00:00:00+08:00', '2027-05-03T00:00:00+08:00'), 'freeTo'],
    ] as const) {
      const res = await world.call('GET', `/instruments${query}`)
      expect(res.status, query).toBe(400)
      expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual([path])
    }
  })
})

describe('GET /instruments: paging', () => {
  it('visits every instrument exactly once with limit and cursor, names tied or not', async () => {
    const made: Instrument[] = []
    for (const name of [
      '原子力显微镜',
      '原子力显微镜',
      '原子力显微镜',
      'X射线衍射仪',
      '核磁共振波谱仪',
      '流式细胞仪',
      '流式细胞仪',
    ]) {
      made.push(await world.instrument({ name }))
    }
    const seen: string[] = []
    const pages: number[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : '?limit=3'
      const page = await catalogue(query)
      pages.push(page.json.items.length)
      seen.push(...page.json.items.map((i: { id: string }) => i.id))
      cursor = page.json.nextCursor
    } while (cursor !== null && pages.length < 10)
    expect(pages).toEqual([3, 3, 1])
    expect(new Set(seen).size).toBe(seen.length)
    expect([...seen].sort()).toEqual(ids(made))
  })

  it('takes a limit above 200 as 200, and 50 by default', async () => {
    for (let i = 0; i < 205; i++) await world.instrument({ name: `仪器 ${String(i).padStart(3, '0')}` })
    const first = await catalogue('?limit=1000')
    expect(first.json.items).toHaveLength(200)
    expect(first.json.nextCursor).toEqual(expect.any(String))
    const rest = await catalogue(`?limit=1000&cursor=${encodeURIComponent(first.json.nextCursor)}`)
    expect(rest.json.items).toHaveLength(5)
    expect(rest.json.nextCursor).toBeNull()
    expect(new Set([...ids(first.json.items), ...ids(rest.json.items)]).size).toBe(205)
    expect((await catalogue('')).json.items).toHaveLength(50)
  })

  it('answers 400 for a cursor it did not make', async () => {
    const res = await world.call('GET', '/instruments?cursor=not-a-cursor')
    expect(res.status).toBe(400)
  })
})

describe('GET and PATCH /instruments/{id}', () => {
  const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    world.call('PATCH', `/instruments/${id}`, { token: world.accounts.adminNbu.token, body, headers })

  it('answers one instrument with an ETag, and 404 for an unknown id', async () => {
    const sem = await world.instrument()
    const res = await world.call('GET', `/instruments/${sem.id}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toMatch(/^(W\/)?".+"$/)
    expect(res.json).toMatchObject({ id: sem.id, name: sem.name, model: 'Zeiss Sigma 300', status: 'active' })
    expect((await world.call('GET', '/instruments/no-such-instrument')).status).toBe(404)
  })

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const sem = await world.instrument()
    const read = await world.call('GET', `/instruments/${sem.id}`)
    const etag = read.headers.get('etag')!
    const first = await patch(sem.id, { location: '科技楼 A201' }, { 'If-Match': etag })
    expect(first.status).toBe(200)
    expect(first.headers.get('etag')).not.toBe(etag)
    const stale = await patch(sem.id, { location: '科技楼 B305', maxMinutes: 240 }, { 'If-Match': etag })
    expect(stale.status).toBe(412)
    expect(stale.json.type).toBe('/problems/precondition-failed')
    const after = await world.call('GET', `/instruments/${sem.id}`)
    expect(after.json).toEqual(first.json)
    expect(after.headers.get('etag')).toBe(first.headers.get('etag'))
  })

  it('applies a PATCH sent without If-Match', async () => {
    const sem = await world.instrument()
    const res = await patch(sem.id, { status: 'maintenance', contact: '0574-87600000' })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ status: 'maintenance', contact: '0574-87600000', name: sem.name })
    expect((await world.call('GET', `/instruments/${sem.id}`)).json.status).toBe('maintenance')
  })
})

describe('opening hours', () => {
  const create = (openingHours: unknown, extra: Record<string, unknown> = {}) =>
    world.call('POST', '/instruments', {
      token: world.accounts.adminNbu.token,
      body: {
        institutionId: world.institutions.nbu.id,
        name: '激光粒度仪',
        category: 'physical-testing',
        openingHours,
        ...extra,
      },
    })
  const pathsOf = (res: { json: { errors: { path: string }[] } }) => res.json.errors.map((e) => e.path)

  it.each([
    [
      'a period that is not a multiple of the slot',
      [{ weekday: 1, open: '08:00', close: '09:45' }],
      'openingHours.0.close',
    ],
    [
      'overlapping periods of one weekday',
      [
        { weekday: 2, open: '08:00', close: '12:00' },
        { weekday: 2, open: '11:00', close: '14:00' },
      ],
      'openingHours.1.open',
    ],
    ['a malformed HH:mm', [{ weekday: 3, open: '8:00', close: '12:00' }], 'openingHours.0.open'],
    ['an hour past 23', [{ weekday: 3, open: '25:00', close: '26:00' }], 'openingHours.0.open'],
    ['minute 60', [{ weekday: 3, open: '08:00', close: '12:60' }], 'openingHours.0.close'],
    ['24:00 as an opening time', [{ weekday: 4, open: '24:00', close: '24:00' }], 'openingHours.0.open'],
    ['close before open', [{ weekday: 4, open: '12:00', close: '08:00' }], 'openingHours.0.close'],
    ['weekday 8', [{ weekday: 8, open: '08:00', close: '12:00' }], 'openingHours.0.weekday'],
  ])('refuses %s with 400 and the path of the field', async (_what, hours, path) => {
    const res = await create(hours)
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('/problems/validation')
    expect(pathsOf(res)).toContain(path)
    expect((await world.call('GET', '/instruments?q=激光粒度仪')).json.items).toEqual([])
  })

  it('accepts a close of 24:00, on create and on PATCH', async () => {
    const hours = [
      { weekday: 5, open: '20:00', close: '24:00' },
      { weekday: 6, open: '00:00', close: '06:00' },
    ]
    const res = await create(hours)
    expect(res.status).toBe(201)
    expect(res.json.openingHours).toEqual(hours)
    const patched = await world.call('PATCH', `/instruments/${res.json.id}`, {
      token: world.accounts.adminNbu.token,
      body: { openingHours: [...weekdayHours, { weekday: 7, open: '18:00', close: '24:00' }] },
    })
    expect(patched.status).toBe(200)
  })

  it('checks the hours against a new slot length on PATCH and changes nothing when they do not fit', async () => {
    const sem = await world.instrument()
    const res = await world.call('PATCH', `/instruments/${sem.id}`, {
      token: world.accounts.adminNbu.token,
      body: { openingHours: [{ weekday: 1, open: '08:00', close: '08:45' }] },
    })
    expect(res.status).toBe(400)
    expect(pathsOf(res)).toEqual(['openingHours.0.close'])
    expect((await world.call('GET', `/instruments/${sem.id}`)).json.openingHours).toEqual(weekdayHours)
  })
})

describe('GET /instruments/{id}/availability', () => {
  const availability = (id: string, query: string) => world.call('GET', `/instruments/${id}/availability${query}`)
  const q = (from: string, to: string) => `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
  const instants = <T extends { start: string; end: string }>(list: T[]) =>
    list.map(({ start, end, ...rest }) => ({ start: Date.parse(start), end: Date.parse(end), ...rest }))
  const at = (start: string, end: string, kind?: string) => ({
    start: Date.parse(start),
    end: Date.parse(end),
    ...(kind ? { kind } : {}),
  })
  const WEEK = q('2027-03-01T00:00:00+08:00', '2027-03-08T00:00:00+08:00')

  it('requires from and to', async () => {
    const sem = await world.instrument()
    const none = await availability(sem.id, '')
    expect(none.status).toBe(400)
    expect(none.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'to'])
    const onlyFrom = await availability(sem.id, `?from=${encodeURIComponent('2027-03-01T00:00:00+08:00')}`)
    expect(onlyFrom.status).toBe(400)
    expect(onlyFrom.json.errors.map((e: { path: string }) => e.path)).toEqual(['to'])
    const noOffset = await availability(sem.id, q('2027-03-01T00:00:00', '2027-03-02T00:00:00'))
    expect(noOffset.status).toBe(400)
  })

  it('allows at most 62 days and needs to after from', async () => {
    const sem = await world.instrument()
    expect((await availability(sem.id, q('2027-03-01T00:00:00+08:00', '2027-05-02T00:00:00+08:00'))).status).toBe(200)
    const tooLong = await availability(sem.id, q('2027-03-01T00:00:00+08:00', '2027-05-02T00:00:01+08:00'))
    expect(tooLong.status).toBe(400)
    expect(tooLong.json.type).toBe('/problems/validation')
    expect((await availability(sem.id, q('2027-03-02T00:00:00+08:00', '2027-03-02T00:00:00+08:00'))).status).toBe(400)
    expect((await availability(sem.id, q('2027-03-02T00:00:00+08:00', '2027-03-01T00:00:00+08:00'))).status).toBe(400)
    // the same instant written in another offset is still "equal", hence refused
    expect((await availability(sem.id, q('2027-03-02T00:00:00+08:00', '2027-03-01T16:00:00Z'))).status).toBe(400)
  })

  it('answers 404 for an unknown instrument', async () => {
    expect((await availability('no-such-instrument', WEEK)).status).toBe(404)
  })

  it('matches a week with one reservation (30-minute buffer) and a blackout over a night exactly', async () => {
    // weekdays 08:00–18:00, 30-minute slots, 60 minutes notice, now Monday 08:00
    const sem = await world.instrument({ bufferMinutes: 30 })
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: {
        instrumentId: sem.id,
        start: '2027-03-02T09:00:00+08:00',
        end: '2027-03-02T10:00:00+08:00',
        purpose: '形貌',
      },
    })
    expect(made.status).toBe(201)
    const blackout = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: world.accounts.adminNbu.token,
      body: { start: '2027-03-03T14:00:00+08:00', end: '2027-03-04T09:00:00+08:00', reason: '真空系统检修' },
    })
    expect(blackout.status).toBe(201)

    const res = await availability(sem.id, WEEK)
    expect(res.status).toBe(200)
    expect(res.json.timezone).toBe('Asia/Shanghai')
    expect(instants(res.json.free)).toEqual([
      at('2027-03-01T09:00:00+08:00', '2027-03-01T18:00:00+08:00'), // Monday from now + notice
      at('2027-03-02T08:00:00+08:00', '2027-03-02T08:30:00+08:00'), // Tuesday: a booking here needs its buffer
      at('2027-03-02T10:30:00+08:00', '2027-03-02T18:00:00+08:00'), // after the reservation and its buffer
      at('2027-03-03T08:00:00+08:00', '2027-03-03T14:00:00+08:00'), // Wednesday until the blackout
      at('2027-03-04T09:00:00+08:00', '2027-03-04T18:00:00+08:00'), // Thursday after it
      at('2027-03-05T08:00:00+08:00', '2027-03-05T18:00:00+08:00'), // Friday; the weekend is closed
    ])
    expect(instants(res.json.busy)).toEqual([
      at('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', 'reservation'),
      at('2027-03-02T10:00:00+08:00', '2027-03-02T10:30:00+08:00', 'buffer'),
      at('2027-03-03T14:00:00+08:00', '2027-03-04T09:00:00+08:00', 'blackout'),
    ])
    // never whose
    expect(res.text).not.toContain(world.accounts.researcherZs.id)
    expect(res.text).not.toContain(made.json.id)
  })

  it('has no free time for an instrument in maintenance, and still shows what it holds', async () => {
    const sem = await world.instrument()
    await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: sem.id, start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T10:00:00+08:00', purpose: '' },
    })
    const before = await availability(sem.id, WEEK)
    expect(before.json.free.length).toBeGreaterThan(0)
    const patched = await world.call('PATCH', `/instruments/${sem.id}`, {
      token: world.accounts.adminNbu.token,
      body: { status: 'maintenance' },
    })
    expect(patched.status).toBe(200)
    const res = await availability(sem.id, WEEK)
    expect(res.status).toBe(200)
    expect(res.json.free).toEqual([])
    expect(instants(res.json.busy)).toEqual([
      at('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', 'reservation'),
    ])
  })
})

describe('request size', () => {
  it('answers a 1.1 MB body with 413 too-large and Connection: close, and creates nothing', async () => {
    const body = JSON.stringify({
      institutionId: world.institutions.nbu.id,
      name: '超大请求',
      category: 'other',
      openingHours: weekdayHours,
      specs: 'x'.repeat(1_100_000),
    })
    expect(body.length).toBeGreaterThan(1_100_000)
    const res = await world.call('POST', '/instruments', { token: world.accounts.adminNbu.token, body })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.json).toMatchObject({ type: '/problems/too-large', status: 413 })
    expect(res.headers.get('connection')?.toLowerCase()).toBe('close')
    expect((await world.call('GET', '/instruments')).json.items).toEqual([])
  })
})
