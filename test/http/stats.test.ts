import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'

let world: World
beforeEach(async () => {
  world = await createWorld('2027-06-30T12:00:00+08:00')
})

const sharing = (token: string, year = 2027) => world.call('GET', `/stats/sharing?year=${year}`, { token })

describe('GET /stats/sharing', () => {
  it('counts a recorded cross-city use once, in both the JSON and the CSV', async () => {
    const sem = await world.instrument()
    const before = await sharing(world.accounts.talent.token)
    expect(before.status).toBe(200)
    expect(before.json).toMatchObject({ year: 2027, target: 500, crossCityUses: 0, totalUses: 0 })
    expect(before.json.byMonth).toHaveLength(12)
    expect(before.json.byDirection).toEqual([
      { from: 'ningbo', to: 'zhoushan', uses: 0 },
      { from: 'zhoushan', to: 'ningbo', uses: 0 },
    ])

    const recorded = await world.call('POST', `/instruments/${sem.id}/uses`, {
      token: world.accounts.adminNbu.token,
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-06-29T20:00:00+08:00',
        end: '2027-06-29T23:30:00+08:00',
      },
    })
    expect(recorded.status).toBe(201)
    expect(recorded.json).toMatchObject({ status: 'completed', recorded: true })
    const stored = await world.call('GET', `/reservations/${recorded.json.id}`, {
      token: world.accounts.adminNbu.token,
    })
    expect(stored.json).toEqual(recorded.json)

    const after = await sharing(world.accounts.talent.token)
    expect(after.json).toMatchObject({ crossCityUses: 1, sharedUses: 1, totalUses: 1 })
    expect(after.json.machineHours).toEqual({ total: 3.5, shared: 3.5, crossCity: 3.5 })
    expect(after.json.byDirection).toContainEqual({ from: 'zhoushan', to: 'ningbo', uses: 1 })
    expect(after.json.byMonth[5]).toEqual({ month: 6, crossCityUses: 1, sharedUses: 1 })
    expect(after.json.byCategory).toEqual([{ category: 'electron-optics', crossCityUses: 1 }])
    // Half the year gone with one use: the projection is about two, far from 500.
    expect(after.json.projection.onTrack).toBe(false)

    const csv = await world.call('GET', '/stats/sharing.csv?year=2027', { token: world.accounts.talent.token })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const raw = await world.app.request('/api/v1/stats/sharing.csv?year=2027', {
      headers: { Authorization: `Bearer ${world.accounts.talent.token}` },
    })
    // Response.text() drops a BOM, so look at the bytes a spreadsheet would get.
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = csv.text.trim().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('宁波大学')
    expect(lines[1]).toContain('浙江海洋大学')
    expect(csv.text).not.toContain('researcher-zs')
  })

  it('shows an institute admin the uses of its own instruments only, and refuses researchers', async () => {
    const nbuSem = await world.instrument()
    const body = {
      userId: world.accounts.researcherZs.id,
      start: '2027-06-01T09:00:00+08:00',
      end: '2027-06-01T10:00:00+08:00',
    }
    await world.call('POST', `/instruments/${nbuSem.id}/uses`, { token: world.accounts.adminNbu.token, body })
    const own = await sharing(world.accounts.adminNbu.token)
    const other = await sharing(world.accounts.adminZjou.token)
    expect(own.json.crossCityUses).toBe(1)
    expect(other.json.crossCityUses).toBe(0)
    expect((await sharing(world.accounts.researcherZs.token)).status).toBe(403)
  })

  it('lets a talent office set the yearly target, and nobody else', async () => {
    const put = await world.call('PUT', '/stats/targets/2027', {
      token: world.accounts.talent.token,
      body: { target: 600 },
    })
    expect(put.status).toBe(200)
    expect((await sharing(world.accounts.talent.token)).json.target).toBe(600)
    const denied = await world.call('PUT', '/stats/targets/2027', {
      token: world.accounts.adminNbu.token,
      body: { target: 1 },
    })
    expect(denied.status).toBe(403)
    const invalid = await world.call('PUT', '/stats/targets/2027', {
      token: world.accounts.talent.token,
      body: { target: -1 },
    })
    expect(invalid.status).toBe(400)
  })

  it('refuses to record a use that has not ended or that overlaps another', async () => {
    const sem = await world.instrument()
    const token = world.accounts.adminNbu.token
    const userId = world.accounts.researcherNb.id
    const future = await world.call('POST', `/instruments/${sem.id}/uses`, {
      token,
      body: { userId, start: '2027-06-30T11:00:00+08:00', end: '2027-06-30T13:00:00+08:00' },
    })
    expect(future.status).toBe(400)
    const first = { userId, start: '2027-06-01T09:00:00+08:00', end: '2027-06-01T10:00:00+08:00' }
    expect((await world.call('POST', `/instruments/${sem.id}/uses`, { token, body: first })).status).toBe(201)
    const overlapping = await world.call('POST', `/instruments/${sem.id}/uses`, {
      token,
      body: { ...first, start: '2027-06-01T09:30:00+08:00', end: '2027-06-01T11:00:00+08:00' },
    })
    expect(overlapping.status).toBe(409)
  })
})

describe('POST /instruments/{id}/uses: only a plausible use is recorded (it counts towards the 500)', () => {
  const JUNE_1_9 = '2027-06-01T09:00:00+08:00'
  const JUNE_1_10 = '2027-06-01T10:00:00+08:00'
  const record = (instrumentId: string, body: Record<string, unknown>) =>
    world.call('POST', `/instruments/${instrumentId}/uses`, { token: world.accounts.adminNbu.token, body })
  const recordedRows = async () => (await world.db.selectFrom('reservations').select('id').execute()).length

  it.each([
    ['a retired instrument', 'inactive', { status: 'retired' }, {}],
    ['a talent-office account', 'ineligible-user', {}, { who: 'talent' }],
    ['a platform admin (no institution)', 'ineligible-user', {}, { who: 'platform' }],
    ['a use of one millisecond', 'too-short', {}, { end: '2027-06-01T09:00:00.001+08:00' }],
    [
      'a use shorter than the instrument’s minimum',
      'too-short',
      { minMinutes: 60 },
      { end: '2027-06-01T09:30:00+08:00' },
    ],
    [
      'a use of more than 31 days',
      'too-long',
      {},
      { start: '2027-04-01T09:00:00+08:00', end: '2027-05-02T09:30:00+08:00' },
    ],
    [
      'a use before the records begin',
      'before-records',
      {},
      { start: '1999-12-31T23:00:00+08:00', end: '2000-01-01T01:00:00+08:00' },
    ],
    // the first rule decides: a retired instrument and a talent office → inactive
    ['a retired instrument and a talent office', 'inactive', { status: 'retired' }, { who: 'talent' }],
  ] as const)('refuses %s: 422 rule-violation %s, nothing recorded', async (_, rule, instrument, change) => {
    const sem = await world.instrument(instrument)
    const who = 'who' in change ? change.who : 'researcherZs'
    const res = await record(sem.id, {
      userId: world.accounts[who].id,
      start: 'start' in change ? change.start : JUNE_1_9,
      end: 'end' in change ? change.end : JUNE_1_10,
    })
    expect(res.status).toBe(422)
    expect(res.json).toMatchObject({ type: '/problems/rule-violation', rule })
    expect(await recordedRows()).toBe(0)
  })

  it('refuses a deactivated account (ineligible-user) and records for an active institute admin of another city', async () => {
    const sem = await world.instrument()
    const off = await world.call('PATCH', `/users/${world.accounts.researcherZs.id}`, {
      token: world.accounts.adminZjou.token,
      body: { active: false },
    })
    expect(off.status).toBe(200)
    const refused = await record(sem.id, { userId: world.accounts.researcherZs.id, start: JUNE_1_9, end: JUNE_1_10 })
    expect(refused.status).toBe(422)
    expect(refused.json.rule).toBe('ineligible-user')
    const admin = await record(sem.id, { userId: world.accounts.adminZjou.id, start: JUNE_1_9, end: JUNE_1_10 })
    expect(admin.status).toBe(201)
    // exactly 31 days and exactly the instrument's minimum, and the first minute of 2000, are plausible
    const longest = await record(sem.id, {
      userId: world.accounts.researcherNb.id,
      start: '2027-04-01T09:00:00+08:00',
      end: '2027-05-02T09:00:00+08:00',
    })
    expect(longest.status).toBe(201)
    const first = await record(sem.id, {
      userId: world.accounts.researcherNb.id,
      start: '2000-01-01T00:00:00+08:00',
      end: '2000-01-01T00:30:00+08:00',
    })
    expect(first.status).toBe(201)
  })

  it('answers a year the parser refuses (0001) with 400, before any rule', async () => {
    const sem = await world.instrument()
    const res = await record(sem.id, {
      userId: world.accounts.researcherZs.id,
      start: '0001-01-01T09:00:00+08:00',
      end: '0001-01-01T10:00:00+08:00',
    })
    expect(res.status).toBe(400)
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['start', 'end'])
  })

  it('marks recorded uses as kind `recorded` in the CSV, booked ones as `reservation`', async () => {
    const sem = await world.instrument({
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, open: '00:00', close: '24:00' })),
    })
    expect(
      (await record(sem.id, { userId: world.accounts.researcherZs.id, start: JUNE_1_9, end: JUNE_1_10 })).status,
    ).toBe(201)
    const booked = await world.call('POST', '/reservations', {
      token: world.accounts.researcherNb.token,
      body: { instrumentId: sem.id, start: '2027-06-30T13:30:00+08:00', end: '2027-06-30T14:00:00+08:00' },
    })
    expect(booked.status).toBe(201)
    world.clock.set('2027-06-30T15:00:00+08:00')
    const csv = await world.call('GET', '/stats/sharing.csv?year=2027', { token: world.accounts.talent.token })
    const [header, ...rows] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    // `kind` then `samples` are the last two columns (API.md); a reservation has no samples
    expect(header!.split(',').slice(-2)).toEqual(['kind', 'samples'])
    expect(rows.map((row) => row.split(',').slice(-2))).toEqual([
      ['recorded', ''],
      ['reservation', ''],
    ])
  })
})
