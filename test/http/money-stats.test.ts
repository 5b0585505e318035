import { beforeEach, describe, expect, it } from 'vitest'
import { type MoneyWorld, withMoney } from '../support/money-world.js'
import { createResearchers, createWorld, type World } from '../support/world.js'

/**
 * `GET /stats/money` through the API: income by direction and class, deductions by programme, and the same-city
 * price comparison computed from the uses. Shared with the workers project (test/worker/money-stats.test.ts).
 */

let world: World
let money: MoneyWorld
beforeEach(async () => {
  world = await createWorld()
  money = await withMoney(world)
})

describe('GET /stats/money', () => {
  it('sums the year’s income by direction and class, deductions by programme, and compares same-city prices', async () => {
    const nbuSem = await money.priced()
    const nbuXrd = await money.priced({
      rates: { ...nbuSem.rates, hour: { internal: 5_000, academic: 8_000, enterprise: 12_000 } },
    })
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 1_000_000)
    const uses: [string, string, string, number, Record<string, unknown>?][] = [
      // same-city academic users mostly on the cheap XRD, cross-city ones on the SEM
      [nbuXrd.id, world.accounts.researcherNb.id, '2027-02-01T09:00:00+08:00', 120], // internal
      [nbuXrd.id, world.accounts.researcherZs.id, '2027-02-02T09:00:00+08:00', 60],
      [nbuSem.id, world.accounts.researcherZs.id, '2027-02-03T09:00:00+08:00', 240],
      [nbuSem.id, money.accounts.zsCompany.id, '2027-02-04T09:00:00+08:00', 60, { voucherId: voucher.id }],
      [nbuSem.id, money.accounts.nbCompany.id, '2027-02-05T09:00:00+08:00', 120],
    ]
    // a same-city academic user: a researcher of the Ningbo institute NIMTE
    const [nimteResearcher] = await createResearchers(world, 1, world.institutions.nimte.id, 'nimte')
    uses.push(
      [nbuXrd.id, nimteResearcher!.id, '2027-02-08T09:00:00+08:00', 300],
      [nbuSem.id, nimteResearcher!.id, '2027-02-09T09:00:00+08:00', 30],
    )
    for (const [instrumentId, userId, start, minutes, extra] of uses) {
      const res = await world.call('POST', `/instruments/${instrumentId}/uses`, {
        token: world.accounts.adminNbu.token,
        body: { userId, start, end: new Date(Date.parse(start) + minutes * 60_000).toISOString(), ...extra },
      })
      expect(res.status).toBe(201)
    }
    const stats = await money.must(200, 'GET', '/stats/money?year=2027', { token: money.accounts.talentZs.token })
    // ¥: internal 2 h × 50 + XRD 1 h × 80 + SEM 4 h × 200 + SEM 1 h × 300 + SEM 2 h × 300 + XRD 5 h × 80 + SEM ½ h × 200
    expect(stats.totals).toEqual({ chargeFen: 238_000, feeFen: 0, deductionFen: 15_000, payableFen: 223_000 })
    const direction = (from: string, to: string) =>
      stats.byDirection.find((d: { from: string; to: string }) => d.from === from && d.to === to)
    expect(direction('zhoushan', 'ningbo')).toMatchObject({ chargeFen: 118_000, deductionFen: 15_000 })
    expect(direction('ningbo', 'ningbo')).toMatchObject({ chargeFen: 120_000 })
    expect(direction('ningbo', 'zhoushan')).toMatchObject({ chargeFen: 0 })
    expect(direction('zhoushan', 'ningbo').byClass).toEqual([
      { priceClass: 'internal', chargeFen: 0, feeFen: 0, deductionFen: 0, payableFen: 0 },
      { priceClass: 'academic', chargeFen: 88_000, feeFen: 0, deductionFen: 0, payableFen: 88_000 },
      { priceClass: 'enterprise', chargeFen: 30_000, feeFen: 0, deductionFen: 15_000, payableFen: 15_000 },
    ])
    expect(stats.deductionsByProgram).toEqual([
      { programId: program.id, name: '舟山市科技创新券', city: 'zhoushan', deductionFen: 15_000 },
    ])
    const hourly = Object.fromEntries(stats.hourlyPrice.map((h: { priceClass: string }) => [h.priceClass, h]))
    // academic: both groups used both instruments; on the cross-city mix (1 h XRD, 4 h SEM) each paid ¥176/h
    expect(hourly.academic).toEqual({
      priceClass: 'academic',
      comparedInstruments: 2,
      sameCity: { billedHours: 5.5, meanFenPerHour: 17_600 },
      crossCity: { billedHours: 5, meanFenPerHour: 17_600 },
    })
    expect(hourly.enterprise).toMatchObject({
      comparedInstruments: 1,
      sameCity: { meanFenPerHour: 30_000 },
      crossCity: { meanFenPerHour: 30_000 },
    })
    expect(hourly.internal.comparedInstruments).toBe(0)
  })

  it('shows an institute admin its own instruments only, and refuses researchers', async () => {
    const sem = await money.priced()
    await world.call('POST', `/instruments/${sem.id}/uses`, {
      token: world.accounts.adminNbu.token,
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-01T09:00:00+08:00',
        end: '2027-02-01T10:00:00+08:00',
      },
    })
    const own = await money.must(200, 'GET', '/stats/money?year=2027', { token: world.accounts.adminNbu.token })
    expect(own.totals.chargeFen).toBe(20_000)
    const other = await money.must(200, 'GET', '/stats/money?year=2027', { token: world.accounts.adminZjou.token })
    expect(other.totals.chargeFen).toBe(0)
    expect((await world.call('GET', '/stats/money', { token: world.accounts.researcherZs.token })).status).toBe(403)
    const lastYear = await money.must(200, 'GET', '/stats/money?year=2026', { token: world.accounts.talent.token })
    expect(lastYear.totals.chargeFen).toBe(0)
  })
})
