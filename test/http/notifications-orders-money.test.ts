import { describe, expect, it } from 'vitest'
import { runDueJobs } from '../../src/services/jobs.js'
import { withMoney } from '../support/money-world.js'
import { withOrders } from '../support/order-world.js'
import { type Account, createWorld, PUBLIC_URL, type World } from '../support/world.js'

/**
 * The notices of sample orders, statements and vouchers (DOMAIN.md "Notifications"): the instrument's admins when an
 * order arrives, the requester at every move of their order (not of their own), the payer's admins when a statement
 * is issued, the holder's researchers when a voucher is granted — each written in the batch of its event.
 * Shared with the workers project (test/worker/notifications-orders-money.test.ts).
 */

const inbox = async (world: World, who: Account) => {
  const res = await world.call('GET', '/me/notifications', { token: who.token })
  expect(res.status).toBe(200)
  return res.json as { items: { kind: string; title: string; body: string; link: string }[]; unread: number }
}

describe('notices of a sample order', () => {
  it('tells the lab of a new order and the requester of each move, once, with the lab’s reason', async () => {
    const world = await createWorld()
    const orders = withOrders(world)
    const { researcherZs, adminNbu, adminZjou } = world.accounts
    const instrument = await orders.serviceInstrument()
    const order = await orders.submit(researcherZs, instrument.id)

    const lab = await inbox(world, adminNbu)
    expect(lab.items.map((n) => n.kind)).toEqual(['order-arrived'])
    expect(lab.items[0]!.body).toContain('researcher-zs 提交了 3 个样品')
    expect(lab.items[0]!.link).toBe(`${PUBLIC_URL}/orders/${order.id}`)
    expect((await inbox(world, adminZjou)).items).toHaveLength(0)
    expect((await inbox(world, researcherZs)).items).toHaveLength(0)

    await orders.advance(order.id, 'received', 2)
    expect((await orders.run(order.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')).status).toBe(201)
    // a second run: still in progress, nobody told again
    expect((await orders.run(order.id, '2027-03-02T10:00:00+08:00', '2027-03-02T11:00:00+08:00')).status).toBe(201)
    expect((await orders.report(order.id)).status).toBe(200)
    const mine = await inbox(world, researcherZs)
    // one each (the world's clock stands still, so they come in no particular order)
    expect(mine.items.map((n) => n.title).sort()).toEqual(
      [
        `送样单已受理：${instrument.name}`,
        `送样单已收样：${instrument.name}`,
        `送样单检测中：${instrument.name}`,
        `送样单已出报告：${instrument.name}`,
      ].sort(),
    )
    // after receipt the samples counted are those received
    expect(mine.items.find((n) => n.title.startsWith('送样单已出报告'))!.body).toContain('（2 个样品）')
    expect(new Set(mine.items.map((n) => n.link))).toEqual(new Set([`${PUBLIC_URL}/orders/${order.id}`]))

    // the requester's own move (confirming completion) tells nobody
    expect((await world.call('POST', `/orders/${order.id}/complete`, { token: researcherZs.token })).status).toBe(200)
    expect((await inbox(world, researcherZs)).items).toHaveLength(4)
    expect((await inbox(world, adminNbu)).items).toHaveLength(1)
  })

  it('says why the lab rejected an order, and tells of a completion the job made', async () => {
    const world = await createWorld()
    const orders = withOrders(world)
    const { researcherZs, adminNbu } = world.accounts
    const instrument = await orders.serviceInstrument()
    const refused = await orders.submit(researcherZs, instrument.id)
    const reject = await world.call('POST', `/orders/${refused.id}/reject`, {
      token: adminNbu.token,
      body: { reason: '样品量不足' },
    })
    expect(reject.status).toBe(200)
    const [rejected] = (await inbox(world, researcherZs)).items
    expect(rejected!.title).toBe(`送样单未受理：${instrument.name}`)
    expect(rejected!.body).toContain('理由：样品量不足')

    const done = await orders.submit(researcherZs, instrument.id)
    await orders.advance(done.id, 'received')
    expect((await orders.report(done.id)).status).toBe(200)
    world.clock.advance(15 * 24 * 3_600_000)
    await runDueJobs(world.deps)
    expect((await world.call('GET', `/orders/${done.id}`, { token: researcherZs.token })).json.status).toBe('completed')
    const titles = (await inbox(world, researcherZs)).items.map((n) => n.title)
    expect(titles.filter((t) => t.startsWith('送样单已完成'))).toHaveLength(1)
  })

  it('writes no notice when the move is refused', async () => {
    const world = await createWorld()
    const orders = withOrders(world)
    const { researcherZs, adminNbu } = world.accounts
    const order = await orders.submit(researcherZs, (await orders.serviceInstrument()).id)
    expect((await world.call('POST', `/orders/${order.id}/receive`, { token: adminNbu.token, body: {} })).status).toBe(
      409,
    )
    expect((await inbox(world, researcherZs)).items).toHaveLength(0)
  })
})

describe('notices of money', () => {
  it('tells the payer’s admins of an issued statement and what it asks, and no one of a draft', async () => {
    const world = await createWorld() // Monday 2027-03-01: February has ended
    const money = await withMoney(world)
    const sem = await money.priced()
    const recorded = await world.call('POST', `/instruments/${sem.id}/uses`, {
      token: world.accounts.adminNbu.token,
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-10T09:00:00+08:00',
        end: '2027-02-10T10:00:00+08:00',
      },
    })
    expect(recorded.status).toBe(201)
    const drafts = await world.call('GET', '/statements', { token: world.accounts.adminNbu.token })
    const draft = drafts.json.items[0] as { id: string; totals: { payableFen: number } }
    expect((await inbox(world, world.accounts.adminZjou)).items).toHaveLength(0)

    const issued = await world.call('POST', `/statements/${draft.id}/issue`, { token: world.accounts.adminNbu.token })
    expect(issued.status).toBe(200)
    const [notice] = (await inbox(world, world.accounts.adminZjou)).items
    expect(notice!.kind).toBe('statement-issued')
    expect(notice!.title).toBe('结算单已开具：宁波大学 2027-02')
    expect(notice!.body).toContain(`应付 ${(draft.totals.payableFen / 100).toFixed(2)} 元`)
    expect(notice!.link).toBe(`${PUBLIC_URL}/statements/${draft.id}`)
    // the researcher whose use it was, and the provider, are not told
    expect((await inbox(world, world.accounts.researcherZs)).items).toHaveLength(0)
    expect((await inbox(world, world.accounts.adminNbu)).items).toHaveLength(0)
    // issuing again is refused and tells no one twice
    expect(
      (await world.call('POST', `/statements/${draft.id}/issue`, { token: world.accounts.adminNbu.token })).status,
    ).toBe(409)
    expect((await inbox(world, world.accounts.adminZjou)).items).toHaveLength(1)
  })

  it('tells every researcher of the holder of a granted voucher, in their language', async () => {
    const world = await createWorld()
    const money = await withMoney(world)
    const program = await money.program('zhoushan')
    await world.call('PATCH', '/me', { token: money.accounts.zsCompany2.token, body: { language: 'en' } })
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 2_000_000)
    const [zh] = (await inbox(world, money.accounts.zsCompany)).items
    expect(zh).toMatchObject({ kind: 'voucher-granted', link: `${PUBLIC_URL}/vouchers` })
    expect(zh!.body).toContain('舟山市科技创新券 创新券 20,000.00 元，有效期至 2027年12月31日')
    const [en] = (await inbox(world, money.accounts.zsCompany2)).items
    expect(en!.title).toBe('Innovation voucher granted: 舟山市科技创新券')
    expect(voucher.id).toBeTruthy()
    // another institution's people are not told
    expect((await inbox(world, money.accounts.nbCompany)).items).toHaveLength(0)
  })
})
