import { beforeEach, describe, expect, it } from 'vitest'
import { issueToken } from '../../src/services/auth.js'
import { type OrderWorld, withOrders } from '../support/order-world.js'
import { createWorld, type World } from '../support/world.js'

/**
 * Ratings (用户评价, DOMAIN.md "Ratings"): after each use — a reservation that counts as one, or a reported order — its
 * user rates it once within 30 days; the instrument's averages for everyone, the comments for its admin (with the
 * rater) and the talent offices (without).
 */

let world: World
let o: OrderWorld
beforeEach(async () => {
  world = await createWorld()
  o = withOrders(world)
})

const FRI = (time: string) => `2027-02-26T${time}:00+08:00`

/** A use of researcherZs that ended Friday 12:00 (recorded by the admin after the fact). */
async function pastUse(instrumentId: string, start = FRI('10:00'), end = FRI('12:00')) {
  return o.must(201, 'POST', `/instruments/${instrumentId}/uses`, {
    token: world.accounts.adminNbu.token,
    body: { userId: world.accounts.researcherZs.id, start, end },
  })
}

const rate = (path: string, token: string, body: Record<string, unknown> = {}) =>
  world.call('POST', `${path}/rating`, { token, body: { timeliness: 5, quality: 4, staff: 3, ...body } })

describe('rating a reservation', () => {
  it('once, by its user, for a use: 201 then 409 duplicate; the instrument shows the means', async () => {
    const sem = await world.instrument()
    const use = await pastUse(sem.id)
    const res = await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token, {
      comment: '工程师很耐心，\n数据当天就拿到了',
    })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      kind: 'reservation',
      reservationId: use.id,
      orderId: null,
      instrumentId: sem.id,
      timeliness: 5,
      quality: 4,
      staff: 3,
      comment: '工程师很耐心，\n数据当天就拿到了',
    })
    const again = await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token)
    expect(again.status).toBe(409)
    expect(again.json.type).toBe('/problems/duplicate')
    const second = await pastUse(sem.id, FRI('13:00'), FRI('14:00'))
    await rate(`/reservations/${second.id}`, world.accounts.researcherZs.token, { timeliness: 4, quality: 4, staff: 4 })
    const instrument = await world.call('GET', `/instruments/${sem.id}`)
    // timeliness (5+4)/2, quality 4, staff (3+4)/2; average (9+8+7)/6
    expect(instrument.json.rating).toEqual({ count: 2, average: 4, timeliness: 4.5, quality: 4, staff: 3.5 })
    const catalogue = await world.call('GET', '/instruments')
    expect(catalogue.json.items.find((i: { id: string }) => i.id === sem.id).rating.count).toBe(2)
  })

  it('rounds the means to 2 decimals, half up, and answers nulls without ratings', async () => {
    const sem = await world.instrument()
    expect((await world.call('GET', `/instruments/${sem.id}`)).json.rating).toEqual({
      count: 0,
      average: null,
      timeliness: null,
      quality: null,
      staff: null,
    })
    const scores = [
      { timeliness: 5, quality: 5, staff: 4 },
      { timeliness: 4, quality: 5, staff: 4 },
      { timeliness: 4, quality: 4, staff: 4 },
    ]
    for (const [i, score] of scores.entries()) {
      const use = await pastUse(sem.id, FRI(`${10 + i}:00`), FRI(`${10 + i}:30`))
      expect((await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token, score)).status).toBe(201)
    }
    // 13/3 = 4.333 → 4.33; 14/3 = 4.667 → 4.67; 12/3 = 4; all 39/9 = 4.333 → 4.33
    expect((await world.call('GET', `/instruments/${sem.id}`)).json.rating).toEqual({
      count: 3,
      average: 4.33,
      timeliness: 4.33,
      quality: 4.67,
      staff: 4,
    })
  })

  it('409 invalid-transition for what is not a use (a request, a cancellation, a no-show) and after 30 days', async () => {
    const sem = await world.instrument({ noticeMinutes: 0 })
    const booked = await o.must(201, 'POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: sem.id, start: '2027-03-01T09:00:00+08:00', end: '2027-03-01T10:00:00+08:00' },
    })
    const early = await rate(`/reservations/${booked.id}`, world.accounts.researcherZs.token)
    expect(early.status).toBe(409)
    expect(early.json.type).toBe('/problems/invalid-transition')
    // confirmed and ended: a use, rated from its end
    world.clock.set('2027-03-01T10:00:00+08:00')
    world.accounts.researcherZs.token = await issueToken(world.deps, world.accounts.researcherZs.id)
    const use = await pastUse(sem.id)
    world.clock.set('2027-03-28T12:00:00+08:00') // the recorded use ended 2027-02-26 12:00: 30 days to the minute
    world.accounts.researcherZs.token = await issueToken(world.deps, world.accounts.researcherZs.id)
    expect((await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token)).status).toBe(201)
    world.clock.set('2027-03-31T10:00:01+08:00') // a second past 30 days after its end
    world.accounts.researcherZs.token = await issueToken(world.deps, world.accounts.researcherZs.id)
    const late = await rate(`/reservations/${booked.id}`, world.accounts.researcherZs.token)
    expect(late.status).toBe(409)
    expect(late.json.detail).toMatch(/30 days/)
  })

  it('403 for someone else who may see it, 404 for who may not, 400 for bad scores and comments', async () => {
    const sem = await world.instrument()
    const use = await pastUse(sem.id)
    expect((await rate(`/reservations/${use.id}`, world.accounts.adminNbu.token)).status).toBe(403)
    expect((await rate(`/reservations/${use.id}`, world.accounts.talent.token)).status).toBe(403)
    expect((await rate(`/reservations/${use.id}`, world.accounts.researcherZs2.token)).status).toBe(404)
    for (const bad of [
      { timeliness: 0 },
      { quality: 6 },
      { staff: 4.5 },
      { comment: 'a'.repeat(501) },
      { comment: 'tab\there' },
      { comment: 'bell\u0007' },
    ]) {
      const res = await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token, bad)
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 })
    }
    expect(
      (await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token, { comment: '好'.repeat(500) })).status,
    ).toBe(201)
  })
})

describe('rating an order', () => {
  it('after its report, once, within 30 days of the report', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(order.id, 'received')
    const early = await rate(`/orders/${order.id}`, world.accounts.researcherZs.token)
    expect(early.status).toBe(409)
    await o.report(order.id)
    world.clock.set('2027-03-31T08:00:01+08:00')
    world.accounts.researcherZs.token = await issueToken(world.deps, world.accounts.researcherZs.id)
    expect((await rate(`/orders/${order.id}`, world.accounts.researcherZs.token)).status).toBe(409)
    world.clock.set('2027-03-31T08:00:00+08:00')
    const res = await rate(`/orders/${order.id}`, world.accounts.researcherZs.token, { comment: '报告清楚' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ kind: 'order', orderId: order.id, reservationId: null })
    expect((await rate(`/orders/${order.id}`, world.accounts.researcherZs.token)).status).toBe(409)
    world.accounts.adminNbu.token = await issueToken(world.deps, world.accounts.adminNbu.id)
    expect((await rate(`/orders/${order.id}`, world.accounts.adminNbu.token)).status).toBe(403)
  })
})

describe('reading the comments', () => {
  it('its institute admin with the rater, talent offices without; anyone else 403', async () => {
    const sem = await world.instrument()
    const use = await pastUse(sem.id)
    await rate(`/reservations/${use.id}`, world.accounts.researcherZs.token, { comment: '预约方便' })
    const admin = await o.must(200, 'GET', `/instruments/${sem.id}/ratings`, { token: world.accounts.adminNbu.token })
    expect(admin.items).toEqual([
      expect.objectContaining({
        kind: 'reservation',
        reservationId: use.id,
        comment: '预约方便',
        useAt: '2027-02-26T02:00:00.000Z',
        rater: { id: world.accounts.researcherZs.id, name: 'researcher-zs' },
      }),
    ])
    const talent = await o.must(200, 'GET', `/instruments/${sem.id}/ratings`, { token: world.accounts.talent.token })
    expect(talent.items[0]).toMatchObject({ comment: '预约方便', rater: null })
    expect(JSON.stringify(talent)).not.toContain(world.accounts.researcherZs.id)
    for (const token of [world.accounts.researcherZs.token, world.accounts.adminZjou.token])
      expect((await world.call('GET', `/instruments/${sem.id}/ratings`, { token })).status).toBe(403)
    expect((await world.call('GET', `/instruments/${sem.id}/ratings`)).status).toBe(401)
    // the averages never carry a comment
    expect(JSON.stringify((await world.call('GET', `/instruments/${sem.id}`)).json)).not.toContain('预约方便')
  })
})
