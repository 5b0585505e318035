import { beforeEach, describe, expect, it } from 'vitest'
import { type OrderWorld, withOrders } from '../support/order-world.js'
import { createWorld, type World } from '../support/world.js'

/**
 * Counting sample orders (DOMAIN.md "Sample orders", "Counting"): a reported or completed order is one use in every
 * figure, shared or cross-city by the requester's institution, dated by its reported time in Asia/Shanghai; its
 * machine hours are its runs'; runs never count as uses of their own.
 */

let world: World
let o: OrderWorld
beforeEach(async () => {
  world = await createWorld('2027-03-31T20:00:00+08:00')
  o = withOrders(world)
})

const stats = async (token = world.accounts.talent.token) => o.must(200, 'GET', '/stats/sharing?year=2027', { token })

/** A CSV as a spreadsheet gets it, the BOM kept. */
async function csv(token = world.accounts.talent.token) {
  const res = await world.app.request('/api/v1/stats/sharing.csv?year=2027', {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(res.status).toBe(200)
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(await res.arrayBuffer())
}

describe('an order in the statistics', () => {
  it('counts once, cross-city, in the month of its report, with its runs’ hours; the talent office’s count rises by one', async () => {
    const xrd = await o.serviceInstrument()
    const before = await stats()
    const order = await o.submit(world.accounts.researcherZs, xrd.id, { samples: 5 })
    await o.advance(order.id, 'received', 4)
    await o.run(order.id, '2027-03-31T09:00:00+08:00', '2027-03-31T10:30:00+08:00')
    await o.run(order.id, '2027-03-31T13:00:00+08:00', '2027-03-31T14:00:00+08:00')
    const during = await stats()
    expect(during.totalUses).toBe(before.totalUses) // runs are never uses of their own
    // reported at 2027-03-31 20:00 in Shanghai: still March there (12:00 UTC)
    expect((await o.report(order.id)).status).toBe(200)
    const after = await stats()
    expect(after.crossCityUses).toBe(before.crossCityUses + 1)
    expect(after.sharedUses).toBe(1)
    expect(after.totalUses).toBe(1)
    expect(after.machineHours).toEqual({ total: 2.5, shared: 2.5, crossCity: 2.5 })
    expect(after.byDirection).toEqual([
      { from: 'ningbo', to: 'zhoushan', uses: 0 },
      { from: 'zhoushan', to: 'ningbo', uses: 1 },
    ])
    expect(after.byMonth[2]).toEqual({ month: 3, crossCityUses: 1, sharedUses: 1 })
    expect(after.byInstitution).toEqual([{ institutionId: world.institutions.nbu.id, crossCityUses: 1, sharedUses: 1 }])
    expect(after.byCategory).toEqual([{ category: 'analytical', crossCityUses: 1 }])
    // the institute admin of the provider sees it too; completing it changes nothing
    expect((await stats(world.accounts.adminNbu.token)).crossCityUses).toBe(1)
    expect((await stats(world.accounts.adminZjou.token)).totalUses).toBe(0)
    await o.must(200, 'POST', `/orders/${order.id}/complete`, { token: world.accounts.researcherZs.token })
    expect((await stats()).crossCityUses).toBe(1)

    const [header, row] = (await csv()).replace(/^\uFEFF/, '').split('\r\n')
    expect(header!.split(',').slice(-3)).toEqual(['machineHours', 'kind', 'samples'])
    expect(row).toBe(
      `${order.id},2027-03-31T20:00:00+08:00,2027-03-31T20:00:00+08:00,${xrd.id},X射线衍射仪,宁波大学,ningbo,浙江海洋大学,zhoushan,true,true,2.50,order,4`,
    )
  })

  it('an order of the instrument’s own institution is a use that is not shared; cancelled or open orders never count', async () => {
    const xrd = await o.serviceInstrument()
    const own = await o.submit(world.accounts.researcherNb, xrd.id)
    await o.advance(own.id, 'received')
    await o.report(own.id, { pdf: null, note: '结果见附表' })
    const open = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(open.id, 'received')
    const cancelled = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.must(200, 'POST', `/orders/${cancelled.id}/cancel`, { token: world.accounts.researcherZs.token })
    const figures = await stats()
    expect(figures).toMatchObject({ totalUses: 1, sharedUses: 0, crossCityUses: 0 })
    expect(figures.machineHours.total).toBe(0)
    const rows = (await csv()).trim().split('\r\n').slice(1)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.split(',').slice(-5)).toEqual(['false', 'false', '0.00', 'order', '3'])
  })

  it('an order reported on New Year’s Eve in Shanghai counts in the old year, whatever UTC says', async () => {
    world = await createWorld('2027-12-31T23:30:00+08:00')
    o = withOrders(world)
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(order.id, 'received')
    await o.report(order.id)
    const year2027 = await o.must(200, 'GET', '/stats/sharing?year=2027', { token: world.accounts.talent.token })
    const year2028 = await o.must(200, 'GET', '/stats/sharing?year=2028', { token: world.accounts.talent.token })
    expect([year2027.crossCityUses, year2028.crossCityUses]).toEqual([1, 0])
    expect(year2027.byMonth[11]).toEqual({ month: 12, crossCityUses: 1, sharedUses: 1 })
  })
})
