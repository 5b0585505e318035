import { beforeEach, describe, expect, it } from 'vitest'
import type { Instrument } from '../../src/domain/types.js'
import { type MoneyWorld, withMoney } from '../support/money-world.js'
import { withOrders } from '../support/order-world.js'
import { type Account, createWorld, type World } from '../support/world.js'

/*
 * GET /evaluation and GET /evaluation.csv (API.md "Evaluation", DOMAIN.md "Evaluation figures") through the API on
 * Monday 2027-03-01 08:00 in Shanghai, day 60 of 365: 2027 has no means of its own and is compared with 2025's
 * (1,599 h and 273 h) pro rata, 262.85 h and 44.88 h. Shared with the workers project (test/worker/evaluation.test.ts).
 */

let world: World
let money: MoneyWorld
let sem: Instrument
let xrd: Instrument
let vessel: Instrument
let tem: Instrument
/** 浙江海洋大学's use of the SEM over New Year's night 2026/2027 (rated on 5 January: a rating of 2026). */
let newYearUse: { id: string }

const ok = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await world.call(method, path, { token, body })
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300)
  return res.json
}
const record = (instrument: Instrument, who: Account, start: string, end: string, admin: string) =>
  ok('POST', `/instruments/${instrument.id}/uses`, admin, { userId: who.id, start, end })

beforeEach(async () => {
  world = await createWorld()
  money = await withMoney(world)
  const { accounts, institutions } = world
  await ok('PUT', '/evaluation/means/2025', accounts.platform.token, { effectiveHours: 1599, externalHours: 273 })
  // 宁波大学: a priced SEM, a small XRD, and a TEM retired in June 2026
  sem = await money.priced({ originalValue: 3_596_400, assetNumber: 'NBU-2019-0003' })
  xrd = await world.instrument({ name: 'X射线衍射仪', model: 'D8 Advance', originalValue: 300_000 })
  tem = await world.instrument({ name: '透射电子显微镜', model: 'JEM-2100F', originalValue: 12_841_000 })
  // 浙江海洋大学: a research vessel its own people use, free of charge
  vessel = await world.instrument({
    institutionId: institutions.zjou.id,
    name: '近海综合科学考察船',
    model: '48 m 级近海科考船',
    originalValue: 40_529_700,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, open: '00:00', close: '24:00' })),
  })
  const nbu = accounts.adminNbu.token
  const zjou = accounts.adminZjou.token
  // 2026: a use over New Year's midnight counts in 2026, with both its hours
  newYearUse = await record(sem, accounts.researcherZs, '2026-12-31T23:00:00+08:00', '2027-01-01T01:00:00+08:00', nbu)
  world.clock.set('2026-06-01T10:00:00+08:00')
  await ok('PATCH', `/instruments/${tem.id}`, nbu, { status: 'retired' })
  world.clock.set('2027-03-01T08:00:00+08:00')
  // 2027: 216 h of its own institution, 48 h of 浙江海洋大学, 70 minutes of a Zhoushan enterprise (billed 90)
  await record(sem, accounts.researcherNb, '2027-01-04T00:00:00+08:00', '2027-01-13T00:00:00+08:00', nbu)
  await record(sem, accounts.researcherZs, '2027-01-20T09:00:00+08:00', '2027-01-22T09:00:00+08:00', nbu)
  await record(sem, money.accounts.zsCompany, '2027-02-01T09:00:00+08:00', '2027-02-01T10:10:00+08:00', nbu)
  await record(xrd, accounts.researcherZs, '2027-02-02T09:00:00+08:00', '2027-02-02T12:00:00+08:00', nbu)
  await record(vessel, accounts.researcherZs2, '2027-02-01T00:00:00+08:00', '2027-02-05T00:00:00+08:00', zjou)
})

const SEM_2027 = {
  name: '场发射扫描电子显微镜',
  model: 'Zeiss Sigma 300',
  assetNumber: 'NBU-2019-0003',
  originalValue: 3_596_400,
  large: true,
  status: 'active',
  uses: 3,
  sharedUses: 2,
  effectiveHours: 265.17, // 216 + 48 + 1.1667
  externalHours: 49.17,
  shareRate: 0.1854, // 49.17 / 265.17
  // ¥150/h × 216 h internal; ¥200/h × 48 h and ¥300/h × 1.5 h (billed in half hours) external
  incomeFen: { internal: 3_240_000, external: 1_005_000 },
  userInstitutions: 2,
  enterprises: 1,
  samples: 0,
  rating: { count: 0, average: null, timeliness: null, quality: null, staff: null },
  flags: [],
}

describe('GET /evaluation', () => {
  it('gives an institute admin its own institution’s figures of this year, compared with the means pro rata', async () => {
    const res = await world.call('GET', '/evaluation', { token: world.accounts.adminNbu.token })
    expect(res.status).toBe(200)
    expect(res.json.year).toBe(2027)
    expect(res.json.nationalMeans).toEqual({ year: 2025, effectiveHours: 1599, externalHours: 273 })
    expect(res.json.thresholds).toEqual({
      daysCounted: 60,
      daysInYear: 365,
      effectiveHours: 262.85,
      externalHours: 44.88,
    })
    // the retired TEM is out of 2027; large instruments first
    expect(res.json.instruments.map((f: { instrumentId: string }) => f.instrumentId)).toEqual([sem.id, xrd.id])
    expect(res.json.instruments[0]).toEqual({
      instrumentId: sem.id,
      institutionId: world.institutions.nbu.id,
      ...SEM_2027,
    })
    expect(res.json.instruments[1]).toMatchObject({ large: false, shareRate: 1, flags: [], externalHours: 3 })
    expect(res.json.institutions).toEqual([
      {
        institutionId: world.institutions.nbu.id,
        largeInstruments: 1,
        openRate: 1,
        effectiveHours: 265.17,
        externalHours: 49.17,
        shareRate: 0.1854,
        incomeFen: { internal: 3_240_000, external: 1_005_000 },
        userInstitutions: 2,
        enterprises: 1,
        flaggedInstruments: 0,
      },
    ])
  })

  it('counts a past year whole: New Year’s night in its start’s year, an instrument retired during it', async () => {
    const res = await world.call('GET', '/evaluation?year=2026', { token: world.accounts.adminNbu.token })
    expect(res.status).toBe(200)
    expect(res.json.thresholds).toEqual({ daysCounted: 365, daysInYear: 365, effectiveHours: 1599, externalHours: 273 })
    const byId = new Map(res.json.instruments.map((f: { instrumentId: string }) => [f.instrumentId, f]))
    expect(byId.get(sem.id)).toMatchObject({ effectiveHours: 2, externalHours: 2, uses: 1 })
    expect(byId.get(tem.id)).toMatchObject({
      status: 'retired',
      effectiveHours: 0,
      flags: ['below-effective-mean', 'below-external-mean'],
    })
    expect(res.json.institutions[0]).toMatchObject({ largeInstruments: 2, openRate: 0.5, flaggedInstruments: 2 })
  })

  it('gives talent offices and platform admins every institution owning instruments, flagged instruments first', async () => {
    for (const who of ['talent', 'platform'] as const) {
      const res = await world.call('GET', '/evaluation?year=2027', { token: world.accounts[who].token })
      expect(res.status).toBe(200)
      expect(res.json.institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual([
        world.institutions.nbu.id, // 宁波大学 before 浙江海洋大学
        world.institutions.zjou.id,
      ])
      expect(res.json.instruments.map((f: { instrumentId: string }) => f.instrumentId)).toEqual([
        vessel.id,
        sem.id,
        xrd.id,
      ])
      expect(res.json.instruments[0]).toMatchObject({
        effectiveHours: 96,
        externalHours: 0,
        shareRate: 0,
        flags: ['below-effective-mean', 'below-external-mean'],
      })
      expect(res.json.institutions[1]).toMatchObject({ largeInstruments: 1, openRate: 0, flaggedInstruments: 1 })
      const one = await world.call('GET', `/evaluation?institutionId=${world.institutions.zjou.id}`, {
        token: world.accounts[who].token,
      })
      expect(one.json.instruments.map((f: { instrumentId: string }) => f.instrumentId)).toEqual([vessel.id])
    }
  })

  it('answers an institute admin its own institution when asked for it, and 403 for another', async () => {
    const own = await world.call('GET', `/evaluation?institutionId=${world.institutions.zjou.id}`, {
      token: world.accounts.adminZjou.token,
    })
    expect(own.status).toBe(200)
    expect(own.json.institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual([
      world.institutions.zjou.id,
    ])
    const other = await world.call('GET', `/evaluation?institutionId=${world.institutions.nbu.id}`, {
      token: world.accounts.adminZjou.token,
    })
    expect(other.status).toBe(403)
    expect(other.json.type).toBe('/problems/forbidden')
  })

  it.each([
    ['a researcher', 'researcherZs', '/evaluation', 403],
    ['an unknown institution', 'talent', '/evaluation?institutionId=no-such-institution', 404],
    ['an unknown institution, even for a researcher', 'researcherZs', '/evaluation?institutionId=nope', 404],
    ['a year outside the records', 'talent', '/evaluation?year=1999', 400],
    ['a year that is not one', 'talent', '/evaluation?year=twenty', 400],
  ] as const)('refuses %s', async (_what, who, path, status) => {
    const res = await world.call('GET', path, { token: world.accounts[who].token })
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })

  it('has no flags and no thresholds for a year before any means', async () => {
    const res = await world.call('GET', '/evaluation?year=2024', { token: world.accounts.talent.token })
    expect(res.status).toBe(200)
    expect(res.json.nationalMeans).toBeNull()
    expect(res.json.thresholds).toBeNull()
    expect(res.json.instruments.every((f: { flags: string[] }) => f.flags.length === 0)).toBe(true)
  })
})

describe('GET /evaluation.csv', () => {
  it('writes the national platform’s columns, one row per instrument, numbers that paste as numbers', async () => {
    const csv = await money.csv('/evaluation.csv?year=2027', world.accounts.adminNbu.token)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.endsWith('\r\n')).toBe(true)
    const lines = csv.slice(1).split('\r\n').slice(0, -1)
    expect(lines).toEqual([
      '仪器名称,资产编号,型号,原值（万元）,所属单位,有效工作机时（小时）,对外服务机时（小时）,共享率,服务收入（元）,服务单位数,服务企业数,样品数,用户评价',
      '场发射扫描电子显微镜,NBU-2019-0003,Zeiss Sigma 300,359.64,宁波大学,265.17,49.17,18.54%,42450.00,2,1,0,',
      'X射线衍射仪,,D8 Advance,30.00,宁波大学,3.00,3.00,100.00%,0.00,1,0,0,',
    ])
  })

  it('names the file by year, lists every institution for a talent office, and refuses as the JSON does', async () => {
    const res = await world.app.request('/api/v1/evaluation.csv?year=2026', {
      headers: { Authorization: `Bearer ${world.accounts.talent.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026.csv"')
    const rows = (await res.text()).split('\r\n').filter((line) => line.length > 0)
    expect(rows).toHaveLength(1 + 4) // the vessel, the SEM, the XRD and the TEM retired during 2026
    expect(rows.filter((row) => row.includes(',浙江海洋大学,'))).toHaveLength(1)
    expect(rows.find((row) => row.startsWith('透射电子显微镜'))).toBe(
      '透射电子显微镜,,JEM-2100F,1284.10,宁波大学,0.00,0.00,,0.00,0,0,0,',
    )
    expect((await world.call('GET', '/evaluation.csv', { token: world.accounts.researcherZs.token })).status).toBe(403)
    expect((await world.call('GET', '/evaluation.csv')).status).toBe(401)
  })
})

describe('sample orders and ratings in the figures', () => {
  const rate = (path: string, who: Account, scores: { timeliness: number; quality: number; staff: number }) =>
    ok('POST', `${path}/rating`, who.token, scores)

  it('counts a reported order as one use with its runs’ hours and its samples, dated by its report; runs never', async () => {
    const { accounts } = world
    const o = withOrders(world)
    const lab = await o.serviceInstrument({ name: '多晶X射线衍射仪', originalValue: 650_000 })
    // 浙江海洋大学: 3 samples sent, 2 arrived, 2.5 h and 1 h of runs, reported today (2027-03-01)
    const shared = await o.submit(accounts.researcherZs, lab.id, { samples: 3 })
    await o.advance(shared.id, 'received', 2)
    expect((await o.run(shared.id, '2027-02-20T09:00:00+08:00', '2027-02-20T11:30:00+08:00')).status).toBe(201)
    expect((await o.run(shared.id, '2027-02-21T09:00:00+08:00', '2027-02-21T10:00:00+08:00')).status).toBe(201)
    expect((await o.report(shared.id)).status).toBe(200)
    // 宁波大学's own: 4 samples, a run of 1 h, reported
    const own = await o.submit(accounts.researcherNb, lab.id, { samples: 4 })
    await o.advance(own.id, 'received')
    expect((await o.run(own.id, '2027-02-23T09:00:00+08:00', '2027-02-23T10:00:00+08:00')).status).toBe(201)
    expect((await o.report(own.id)).status).toBe(200)
    // in progress: a run of 4 h, over and confirmed, yet no use (neither the order, not reported, nor its run)
    const running = await o.submit(accounts.researcherZs2, lab.id, { samples: 5 })
    await o.advance(running.id, 'received')
    expect((await o.run(running.id, '2027-02-22T09:00:00+08:00', '2027-02-22T13:00:00+08:00')).status).toBe(201)
    // submitted only
    await o.submit(accounts.researcherZs, lab.id, { samples: 9 })

    // ratings: both orders; the enterprise's use of the SEM (ended 28 days ago); New Year's use, rated in January,
    // is a rating of 2026 (the use's date), not of 2027
    await rate(`/orders/${shared.id}`, accounts.researcherZs, { timeliness: 5, quality: 4, staff: 5 })
    await rate(`/orders/${own.id}`, accounts.researcherNb, { timeliness: 4, quality: 4, staff: 3 })
    const [companyUse] = (
      await ok('GET', `/reservations?instrumentId=${sem.id}`, accounts.adminNbu.token)
    ).items.filter((r: { userId: string }) => r.userId === money.accounts.zsCompany.id)
    await rate(`/reservations/${companyUse.id}`, money.accounts.zsCompany, { timeliness: 3, quality: 2, staff: 3 })
    world.clock.set('2027-01-05T10:00:00+08:00')
    await rate(`/reservations/${newYearUse.id}`, accounts.researcherZs, { timeliness: 1, quality: 1, staff: 1 })
    world.clock.set('2027-03-01T08:00:00+08:00')

    const res = await world.call('GET', '/evaluation', { token: accounts.adminNbu.token })
    expect(res.status).toBe(200)
    const byId = new Map(res.json.instruments.map((f: { instrumentId: string }) => [f.instrumentId, f]))
    expect(byId.get(lab.id)).toMatchObject({
      large: true,
      uses: 2,
      sharedUses: 1,
      effectiveHours: 4.5,
      externalHours: 3.5,
      shareRate: 0.7778,
      // the reports made the charges final: 2 received samples × ¥80 (academic), 4 × ¥50 (internal)
      incomeFen: { internal: 20_000, external: 16_000 },
      userInstitutions: 1,
      samples: 6, // 2 received of 3 sent, and 4
      // timeliness (5+4)/2, quality 4, staff (5+3)/2; average 25/6 = 4.1666…
      rating: { count: 2, average: 4.17, timeliness: 4.5, quality: 4, staff: 4 },
    })
    expect(byId.get(sem.id)).toMatchObject({
      ...SEM_2027,
      rating: { count: 1, average: 2.67, timeliness: 3, quality: 2, staff: 3 },
    })
    expect(byId.get(xrd.id)).toMatchObject({ samples: 0, rating: { count: 0, average: null } })
    const past = await world.call('GET', '/evaluation?year=2026', { token: accounts.adminNbu.token })
    expect(past.json.instruments.find((f: { instrumentId: string }) => f.instrumentId === sem.id)).toMatchObject({
      samples: 0,
      rating: { count: 1, average: 1 },
    })
    // the institution's hours are those of its large instruments, the lab's runs among them
    expect(res.json.institutions[0]).toMatchObject({
      largeInstruments: 2,
      effectiveHours: 269.67,
      externalHours: 52.67,
    })

    const csv = await money.csv('/evaluation.csv?year=2027', accounts.adminNbu.token)
    const rows = csv.slice(1).split('\r\n')
    expect(rows.find((row) => row.startsWith('多晶X射线衍射仪,'))).toBe(
      '多晶X射线衍射仪,,D8 Advance,65.00,宁波大学,4.50,3.50,77.78%,360.00,1,0,6,4.17',
    )
    expect(rows.find((row) => row.startsWith('场发射扫描电子显微镜,'))?.endsWith(',2,1,0,2.67')).toBe(true)
  })
})
