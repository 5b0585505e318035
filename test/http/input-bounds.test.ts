import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'

/**
 * Input that should not parse (issue 13, points 3 and 8): instants beyond what a clock or a calendar can say, and
 * control characters or line breaks in text that leaves again as a calendar line, a CSV cell or a page. Each is a
 * 400 that names the field, and nothing is written.
 */

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const TUE_9 = '2027-03-02T09:00:00+08:00'
const TUE_10 = '2027-03-02T10:00:00+08:00'

const fieldsOf = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path)

describe('instants (one parser for the API and the pages: src/domain/instant.ts)', () => {
  it.each([
    ['an offset of 24 hours', '2027-03-02T09:00:00+24:00'],
    ['an offset that is no offset', '2027-03-02T09:00:00+99:99'],
    ['an offset beyond +14:00', '2027-03-02T09:00:00+14:30'],
    ['the hour 24', '2027-03-02T24:00:00+08:00'],
    ['a day that does not exist', '2027-02-29T09:00:00+08:00'],
    ['year 1', '0001-03-02T09:00:00+08:00'],
    ['year 9999', '9999-03-02T09:00:00+08:00'],
    ['an expanded year', '+275760-09-13T00:00:00Z'],
    ['no offset', '2027-03-02T09:00:00'],
  ])('refuses %s with a 400 naming the field, and books nothing', async (_, start) => {
    const sem = await world.instrument()
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: sem.id, start, end: TUE_10 },
    })
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('/problems/validation')
    expect(fieldsOf(res)).toEqual(['start'])
    const rows = await world.db.selectFrom('reservations').select('id').execute()
    expect(rows).toEqual([])
  })

  it('refuses them in queries too (availability, the reservation list)', async () => {
    const sem = await world.instrument()
    const availability = await world.call(
      'GET',
      `/instruments/${sem.id}/availability?from=${encodeURIComponent('2027-03-01T24:00:00+08:00')}&to=${encodeURIComponent(TUE_10)}`,
    )
    expect(availability.status).toBe(400)
    expect(fieldsOf(availability)).toEqual(['from'])
    const list = await world.call('GET', `/reservations?to=${encodeURIComponent('2027-03-01T09:00:00+99:99')}`, {
      token: world.accounts.researcherZs.token,
    })
    expect(list.status).toBe(400)
    expect(fieldsOf(list)).toEqual(['to'])
  })

  it('accepts the bounds a real clock can show: ±14:00, 23:59:59, fractions of a second', async () => {
    const sem = await world.instrument({
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, open: '00:00', close: '24:00' })),
    })
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      // 2027-03-02T09:00+08:00 written at UTC+14 and at UTC−10
      body: { instrumentId: sem.id, start: '2027-03-02T15:00:00.000+14:00', end: '2027-03-01T16:00:00-10:00' },
    })
    expect(res.status).toBe(201)
    expect(res.json.start).toBe('2027-03-02T01:00:00.000Z')
  })
})

describe('text people type (src/services/inputs/text.ts)', () => {
  const admin = () => world.accounts.adminNbu.token

  it.each([
    ['name', 'SEM\r\nEND:VEVENT'],
    ['name', 'SEM\u0000'],
    ['model', 'Sigma\n300'],
    ['manufacturer', 'Zeiss\u0007'],
    ['location', '1号楼\u2028201室'],
    ['contact', 'a@b.c\u0085'],
    ['timezone', 'Asia/\tShanghai'],
  ])('refuses an instrument whose %s holds a control character or a line break', async (field, value) => {
    const res = await world.call('POST', '/instruments', {
      token: admin(),
      body: {
        institutionId: world.institutions.nbu.id,
        name: 'SEM',
        category: 'electron-optics',
        openingHours: [{ weekday: 1, open: '08:00', close: '18:00' }],
        [field]: value,
      },
    })
    expect(res.status).toBe(400)
    expect(fieldsOf(res)).toEqual([field])
  })

  it('allows line breaks in the multi-line fields (specifications, functions, a purpose), nothing else', async () => {
    const sem = await world.instrument()
    const ok = await world.call('PATCH', `/instruments/${sem.id}`, {
      token: admin(),
      body: { specs: '分辨率 0.8 nm\r\n放大倍数 10–1,000,000×', functions: '形貌观察\n\t能谱分析' },
    })
    expect(ok.status).toBe(200)
    const bell = await world.call('PATCH', `/instruments/${sem.id}`, { token: admin(), body: { specs: 'a\u0007b' } })
    expect(bell.status).toBe(400)
    expect(fieldsOf(bell)).toEqual(['specs'])
    const { researcherZs } = world.accounts
    const lines = await world.call('POST', '/reservations', {
      token: researcherZs.token,
      body: { instrumentId: sem.id, start: TUE_9, end: TUE_10, purpose: '形貌观察\n断口分析' },
    })
    expect(lines.status).toBe(201)
    const terminalEscape = await world.call('POST', '/reservations', {
      token: researcherZs.token,
      body: { instrumentId: sem.id, start: TUE_10, end: '2027-03-02T11:00:00+08:00', purpose: 'x\u001b[31m' },
    })
    expect(terminalEscape.status).toBe(400)
    expect(fieldsOf(terminalEscape)).toEqual(['purpose'])
  })

  it('refuses line breaks in one-line names and reasons: cities, institutions, people, blackouts, moves', async () => {
    const platform = world.accounts.platform.token
    const city = await world.call('POST', '/cities', { token: platform, body: { code: 'jiaxing', name: '嘉兴\nX' } })
    expect(city.status).toBe(400)
    expect(fieldsOf(city)).toEqual(['name'])
    const institution = await world.call('POST', '/institutions', {
      token: platform,
      body: { name: '嘉兴学院\r\nX', city: 'ningbo', kind: 'university' },
    })
    expect(institution.status).toBe(400)
    const person = await world.call('POST', '/users', {
      token: platform,
      body: {
        email: 'li@test.yz',
        name: '李\n华',
        password: 'long enough 123',
        role: 'researcher',
        institutionId: world.institutions.nbu.id,
      },
    })
    expect(person.status).toBe(400)
    expect(fieldsOf(person)).toEqual(['name'])
    const rename = await world.call('PATCH', `/users/${world.accounts.researcherNb.id}`, {
      token: platform,
      body: { name: 'A\u0000' },
    })
    expect(rename.status).toBe(400)
    const sem = await world.instrument()
    const blackout = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: admin(),
      body: { start: TUE_9, end: TUE_10, reason: '维护\nSUMMARY:x' },
    })
    expect(blackout.status).toBe(400)
    expect(fieldsOf(blackout)).toEqual(['reason'])
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: sem.id, start: TUE_9, end: TUE_10 },
    })
    const cancel = await world.call('POST', `/reservations/${made.json.id}/cancel`, {
      token: admin(),
      body: { reason: 'a\r\nb' },
    })
    expect(cancel.status).toBe(400)
    expect(fieldsOf(cancel)).toEqual(['reason'])
    // nothing of it was written
    expect(await world.db.selectFrom('cities').select('code').where('code', '=', 'jiaxing').execute()).toEqual([])
    expect(await world.db.selectFrom('blackouts').select('id').execute()).toEqual([])
    const still = await world.call('GET', `/reservations/${made.json.id}`, { token: admin() })
    expect(still.json.status).toBe('confirmed')
  })
})

describe('bodies of another media type', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'answers %s with 415 unsupported-media-type (API.md), and books nothing',
    async (type) => {
      const sem = await world.instrument()
      const res = await world.call('POST', '/reservations', {
        token: world.accounts.researcherZs.token,
        body: `instrumentId=${sem.id}&start=${TUE_9}&end=${TUE_10}`,
        headers: { 'Content-Type': type },
      })
      expect(res.status).toBe(415)
      expect(res.json).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 })
      expect(await world.db.selectFrom('reservations').select('id').execute()).toEqual([])
    },
  )
})
