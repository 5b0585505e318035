import { beforeEach, describe, expect, it } from 'vitest'
import { runDueJobs } from '../../src/services/jobs.js'
import { type OrderWorld, withOrders } from '../support/order-world.js'
import { createWorld, type World } from '../support/world.js'

/**
 * Runs of sample orders (DOMAIN.md "Sample orders"): the lab's time on the instrument's calendar, written by the same
 * conflict-checked insert as every reservation; busy in availability; never a use, never charged, never moved alone.
 */

let world: World
let o: OrderWorld
beforeEach(async () => {
  world = await createWorld()
  o = withOrders(world)
})

const MON = (time: string) => `2027-03-01T${time}:00+08:00`
const TUE = (time: string) => `2027-03-02T${time}:00+08:00`
const FRI_BEFORE = (time: string) => `2027-02-26T${time}:00+08:00`

async function receivedOrder(instrumentId: string) {
  const order = await o.submit(world.accounts.researcherZs, instrumentId)
  await o.advance(order.id, 'received')
  return order
}

describe('booking runs', () => {
  it('books a run in the future and one in the past; both busy; the order is in progress', async () => {
    const xrd = await o.serviceInstrument({ bufferMinutes: 15 })
    const order = await receivedOrder(xrd.id)
    const future = await o.run(order.id, TUE('09:00'), TUE('11:00'))
    expect(future.status).toBe(201)
    expect(future.json).toMatchObject({
      orderId: order.id,
      instrumentId: xrd.id,
      start: '2027-03-02T01:00:00.000Z',
      end: '2027-03-02T03:00:00.000Z',
      status: 'confirmed',
    })
    expect(future.json.userId).toBeUndefined()
    const past = await o.run(order.id, FRI_BEFORE('14:00'), FRI_BEFORE('15:00'))
    expect(past.status).toBe(201)
    const availability = await world.call(
      'GET',
      `/instruments/${xrd.id}/availability?from=${encodeURIComponent(TUE('00:00'))}&to=${encodeURIComponent(TUE('23:00'))}`,
    )
    expect(availability.json.busy).toEqual([
      { start: '2027-03-02T01:00:00.000Z', end: '2027-03-02T03:00:00.000Z', kind: 'reservation' },
      { start: '2027-03-02T03:00:00.000Z', end: '2027-03-02T03:15:00.000Z', kind: 'buffer' },
    ])
    const runs = await o.must(200, 'GET', `/orders/${order.id}/runs`, { token: world.accounts.researcherZs.token })
    expect(runs.items.map((r: { start: string }) => r.start)).toEqual([
      '2027-02-26T06:00:00.000Z',
      '2027-03-02T01:00:00.000Z',
    ])
    const history = await o.must(200, 'GET', `/orders/${order.id}/history`, { token: world.accounts.adminNbu.token })
    expect(
      history.items.slice(3).map((e: { from: string; to: string; reason: string }) => [e.from, e.to, e.reason]),
    ).toEqual([
      ['received', 'in_progress', 'run booked'],
      ['in_progress', 'in_progress', 'run booked'],
    ])
  })

  it('no double booking between runs and reservations: each side is refused 409 time-taken', async () => {
    const xrd = await o.serviceInstrument()
    const order = await receivedOrder(xrd.id)
    const booked = await world.call('POST', '/reservations', {
      token: world.accounts.researcherNb.token,
      body: { instrumentId: xrd.id, start: TUE('09:00'), end: TUE('10:00') },
    })
    expect(booked.status).toBe(201)
    const clash = await o.run(order.id, TUE('09:30'), TUE('10:30'))
    expect(clash.status).toBe(409)
    expect(clash.json.type).toBe('/problems/time-taken')
    expect(clash.json.conflicts).toEqual([
      { start: '2027-03-02T01:00:00.000Z', end: '2027-03-02T02:00:00.000Z', kind: 'reservation' },
    ])
    expect((await o.run(order.id, TUE('10:00'), TUE('11:00'))).status).toBe(201)
    const over = await world.call('POST', '/reservations', {
      token: world.accounts.researcherNb.token,
      body: { instrumentId: xrd.id, start: TUE('10:30'), end: TUE('11:30') },
    })
    expect(over.status).toBe(409)
    // a use recorded after the fact cannot overlap a past run either, nor a run a past use
    expect((await o.run(order.id, FRI_BEFORE('09:00'), FRI_BEFORE('10:00'))).status).toBe(201)
    const recorded = await world.call('POST', `/instruments/${xrd.id}/uses`, {
      token: world.accounts.adminNbu.token,
      body: { userId: world.accounts.researcherNb.id, start: FRI_BEFORE('09:30'), end: FRI_BEFORE('10:30') },
    })
    expect(recorded.status).toBe(409)
    const use = await world.call('POST', `/instruments/${xrd.id}/uses`, {
      token: world.accounts.adminNbu.token,
      body: { userId: world.accounts.researcherNb.id, start: FRI_BEFORE('13:00'), end: FRI_BEFORE('14:00') },
    })
    expect(use.status).toBe(201)
    expect((await o.run(order.id, FRI_BEFORE('13:30'), FRI_BEFORE('14:30'))).status).toBe(409)
  })

  it('refuses a run over a blackout, and a new blackout frees a future run', async () => {
    const xrd = await o.serviceInstrument()
    const order = await receivedOrder(xrd.id)
    const blackout = await o.must(201, 'POST', `/instruments/${xrd.id}/blackouts`, {
      token: world.accounts.adminNbu.token,
      body: { start: TUE('08:00'), end: TUE('12:00'), reason: '年度保养' },
    })
    expect(blackout.cancelledReservationIds).toEqual([])
    expect((await o.run(order.id, TUE('11:00'), TUE('12:30'))).status).toBe(409)
    const run = await o.run(order.id, TUE('14:00'), TUE('15:00'))
    const second = await o.must(201, 'POST', `/instruments/${xrd.id}/blackouts`, {
      token: world.accounts.adminNbu.token,
      body: { start: TUE('13:00'), end: TUE('16:00'), reason: '停电' },
    })
    expect(second.cancelledReservationIds).toEqual([run.json.id])
  })

  it('only for a received or in-progress order, only by the provider’s admin; 400 for a bad span', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    expect((await o.run(order.id, TUE('09:00'), TUE('10:00'))).status).toBe(409)
    await o.advance(order.id, 'received')
    expect((await o.run(order.id, TUE('09:00'), TUE('10:00'), world.accounts.researcherZs)).status).toBe(403)
    expect((await o.run(order.id, TUE('09:00'), TUE('10:00'), world.accounts.adminZjou)).status).toBe(404)
    expect((await o.run(order.id, TUE('10:00'), TUE('09:00'))).status).toBe(400)
    expect((await o.run(order.id, TUE('09:00'), '2027-04-09T09:00:00+08:00')).status).toBe(400)
    expect((await o.report(order.id)).status).toBe(200)
    expect((await o.run(order.id, TUE('09:00'), TUE('10:00'))).status).toBe(409)
  })

  it('a run moves only with its order: the reservation moves are 409, and it never becomes a use or a charge', async () => {
    const xrd = await o.serviceInstrument()
    const order = await receivedOrder(xrd.id)
    const run = (await o.run(order.id, MON('09:00'), MON('10:00'))).json
    for (const action of ['cancel', 'check-in', 'no-show', 'approve'])
      expect(
        (await world.call('POST', `/reservations/${run.id}/${action}`, { token: world.accounts.adminNbu.token }))
          .status,
      ).toBe(409)
    const read = await world.call('GET', `/reservations/${run.id}`, { token: world.accounts.adminNbu.token })
    expect(read.json).toMatchObject({ orderId: order.id, status: 'confirmed', chargeFen: 0, billable: false })
    const patch = await world.call('PATCH', `/reservations/${run.id}`, {
      token: world.accounts.adminNbu.token,
      body: { purpose: 'x' },
      headers: { 'If-Match': read.headers.get('etag')! },
    })
    expect(patch.status).toBe(409)
    world.clock.set('2027-03-01T11:00:00+08:00')
    expect((await runDueJobs(world.deps))['finalise-charges']).toBe(0)
    expect(await world.db.selectFrom('billing_entries').select('id').execute()).toEqual([])
    const stats = await o.must(200, 'GET', '/stats/sharing?year=2027', { token: world.accounts.talent.token })
    expect(stats.totalUses).toBe(0)
    const rating = await world.call('POST', `/reservations/${run.id}/rating`, {
      token: world.accounts.adminNbu.token,
      body: { timeliness: 5, quality: 5, staff: 5 },
    })
    expect(rating.status).toBe(409)
  })

  it('removing a run frees its time; cancelling the order frees its future runs and keeps the past ones', async () => {
    const xrd = await o.serviceInstrument()
    const order = await receivedOrder(xrd.id)
    const past = (await o.run(order.id, FRI_BEFORE('09:00'), FRI_BEFORE('10:00'))).json
    const future = (await o.run(order.id, TUE('09:00'), TUE('10:00'))).json
    const removable = (await o.run(order.id, TUE('13:00'), TUE('14:00'))).json
    expect(
      (
        await world.call('DELETE', `/orders/${order.id}/runs/${removable.id}`, {
          token: world.accounts.researcherZs.token,
        })
      ).status,
    ).toBe(403)
    expect(
      (await world.call('DELETE', `/orders/${order.id}/runs/${removable.id}`, { token: world.accounts.adminNbu.token }))
        .status,
    ).toBe(204)
    expect(
      (await world.call('DELETE', `/orders/${order.id}/runs/${removable.id}`, { token: world.accounts.adminNbu.token }))
        .status,
    ).toBe(409)
    expect(
      (
        await world.call('DELETE', `/orders/${order.id}/runs/${past.id.slice(0, -1)}x`, {
          token: world.accounts.adminNbu.token,
        })
      ).status,
    ).toBe(404)
    const rebooked = await world.call('POST', '/reservations', {
      token: world.accounts.researcherNb.token,
      body: { instrumentId: xrd.id, start: TUE('13:00'), end: TUE('14:00') },
    })
    expect(rebooked.status).toBe(201)
    await o.must(200, 'POST', `/orders/${order.id}/cancel`, { token: world.accounts.adminNbu.token })
    const runs = await o.must(200, 'GET', `/orders/${order.id}/runs`, { token: world.accounts.adminNbu.token })
    const statusOf = (id: string) => runs.items.find((r: { id: string }) => r.id === id).status
    expect([statusOf(past.id), statusOf(future.id), statusOf(removable.id)]).toEqual([
      'confirmed',
      'cancelled',
      'cancelled',
    ])
    const events = await world.db
      .selectFrom('reservation_events')
      .select(['reason', 'to_status'])
      .where('reservation_id', '=', future.id)
      .orderBy('id')
      .execute()
    expect(events.at(-1)).toEqual({ reason: 'its sample order was cancelled', to_status: 'cancelled' })
  })

  it('lists a run among the instrument’s reservations with its order’s id', async () => {
    const xrd = await o.serviceInstrument()
    const order = await receivedOrder(xrd.id)
    await o.run(order.id, MON('09:00'), MON('10:00'))
    const listed = await o.must(200, 'GET', `/reservations?instrumentId=${xrd.id}`, {
      token: world.accounts.adminNbu.token,
    })
    expect(listed.items.map((r: { orderId: string | null }) => r.orderId)).toEqual([order.id])
  })
})
