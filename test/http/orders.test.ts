import { beforeEach, describe, expect, it } from 'vitest'
import { issueToken } from '../../src/services/auth.js'
import { runDueJobs } from '../../src/services/jobs.js'
import { at, type OrderWorld, samplePdf, withOrders } from '../support/order-world.js'
import { createWorld, type World } from '../support/world.js'

/** Sample orders (送样检测, DOMAIN.md "Sample orders"): submission, the lifecycle's guarded moves, the courier number. */

let world: World
let o: OrderWorld
beforeEach(async () => {
  world = await createWorld()
  o = withOrders(world)
})

describe('submitting an order', () => {
  it('a Zhoushan researcher sends samples to a Ningbo service instrument: 201 submitted with the quote', async () => {
    const xrd = await o.serviceInstrument()
    const res = await world.call('POST', '/orders', {
      token: world.accounts.researcherZs.token,
      body: o.orderBody(xrd.id, { trackingNumber: 'SF1234567890', fundAccount: 'ZJOU-KY2027001' }),
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/api/v1/orders/${res.json.id}`)
    expect(res.json).toMatchObject({
      instrumentId: xrd.id,
      userId: world.accounts.researcherZs.id,
      userInstitutionId: world.institutions.zjou.id,
      status: 'submitted',
      samples: 3,
      receivedSamples: null,
      sampleForm: 'powder',
      hazard: 'none',
      delivery: 'courier',
      trackingNumber: 'SF1234567890',
      priceClass: 'academic',
      unit: 'sample',
      unitPriceFen: 8_000,
      quoteFen: 24_000,
      chargeFen: null,
      fundAccount: 'ZJOU-KY2027001',
      reportPdf: null,
    })
    const history = await world.call('GET', `/orders/${res.json.id}/history`, {
      token: world.accounts.researcherZs.token,
    })
    expect(history.json.items).toEqual([
      expect.objectContaining({ from: null, to: 'submitted', actorId: world.accounts.researcherZs.id }),
    ])
  })

  it('takes orders for any instrument with a per-sample price, self-service ones too', async () => {
    const sem = await o.serviceInstrument({ mode: 'self' })
    await o.submit(world.accounts.researcherNb, sem.id)
  })

  it('refuses explosives with a sentence of their own, and other bad input, with a 400', async () => {
    const xrd = await o.serviceInstrument()
    const post = (overrides: Record<string, unknown>) =>
      world.call('POST', '/orders', {
        token: world.accounts.researcherZs.token,
        body: o.orderBody(xrd.id, overrides),
      })
    const explosive = await post({ hazard: 'explosive' })
    expect(explosive.status).toBe(400)
    expect(explosive.json.errors).toEqual([
      { path: 'hazard', message: 'explosives are never accepted (易爆品不予送检)' },
    ])
    for (const bad of [
      { samples: 0 },
      { samples: 501 },
      { samples: 2.5 },
      { hazard: 'nuclear' },
      { delivery: 'drone' },
      { sampleDescription: '' },
      { tests: '  ' },
      { turnaroundDays: 0 },
      { sampleForm: 'plasma' },
      { trackingNumber: 'SF\n123' },
      { sampleDescription: 'a\u0007b' },
    ]) {
      const res = await post(bad)
      expect({ bad, status: res.status, type: res.json.type }).toEqual({
        bad,
        status: 400,
        type: '/problems/validation',
      })
    }
    const inPerson = await post({ delivery: 'in_person', trackingNumber: 'SF1' })
    expect(inPerson.status).toBe(400)
    expect(inPerson.json.errors[0].path).toBe('trackingNumber')
    expect(await world.db.selectFrom('orders').select('id').execute()).toEqual([])
  })

  it('422 not-service for an instrument that takes no samples; 422 inactive; 404; 403 for a talent office', async () => {
    const selfOnly = await world.instrument({ mode: 'self' })
    const notService = await world.call('POST', '/orders', {
      token: world.accounts.researcherZs.token,
      body: o.orderBody(selfOnly.id),
    })
    expect(notService.status).toBe(422)
    expect(notService.json.type).toBe('/problems/not-service')
    const resting = await o.serviceInstrument({ status: 'maintenance' })
    const inactive = await world.call('POST', '/orders', {
      token: world.accounts.researcherZs.token,
      body: o.orderBody(resting.id),
    })
    expect(inactive.status).toBe(422)
    expect(inactive.json).toMatchObject({ type: '/problems/rule-violation', rule: 'inactive' })
    const unknown = await world.call('POST', '/orders', {
      token: world.accounts.researcherZs.token,
      body: o.orderBody('no-such-instrument'),
    })
    expect(unknown.status).toBe(404)
    const xrd = await o.serviceInstrument()
    const talent = await world.call('POST', '/orders', {
      token: world.accounts.talent.token,
      body: o.orderBody(xrd.id),
    })
    expect(talent.status).toBe(403)
  })
})

describe('the lifecycle', () => {
  it('accept → receive (samples counted) → run → report → complete, each move audited', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    const admin = world.accounts.adminNbu.token
    expect((await o.must(200, 'POST', `/orders/${order.id}/accept`, { token: admin })).status).toBe('accepted')
    const received = await o.must(200, 'POST', `/orders/${order.id}/receive`, {
      token: admin,
      body: { receivedSamples: 2 },
    })
    expect(received).toMatchObject({ status: 'received', receivedSamples: 2 })
    expect((await o.run(order.id, '2027-03-01T09:00:00+08:00', '2027-03-01T10:30:00+08:00')).status).toBe(201)
    expect((await o.must(200, 'GET', `/orders/${order.id}`, { token: admin })).status).toBe('in_progress')
    const reported = await o.report(order.id, { note: '两件样品均为石英相', sampleDisposal: 'disposed' })
    expect(reported.status).toBe(200)
    expect(reported.json).toMatchObject({ status: 'reported', sampleDisposal: 'disposed', chargeFen: 16_000 })
    const completed = await o.must(200, 'POST', `/orders/${order.id}/complete`, {
      token: world.accounts.researcherZs.token,
    })
    expect(completed).toMatchObject({ status: 'completed', completedAt: '2027-03-01T00:00:00.000Z' })
    const history = await o.must(200, 'GET', `/orders/${order.id}/history`, { token: admin })
    expect(history.items.map((e: { from: string | null; to: string }) => `${e.from}→${e.to}`)).toEqual([
      'null→submitted',
      'submitted→accepted',
      'accepted→received',
      'received→in_progress',
      'in_progress→reported',
      'reported→completed',
    ])
    expect(history.items[2].detail).toEqual({ receivedSamples: 2, ordered: 3 })
  })

  it('refuses illegal moves with 409 and the wrong people with 403', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    const post = (path: string, token: string, body?: unknown) =>
      world.call('POST', `/orders/${order.id}/${path}`, { token, body })
    expect((await post('accept', world.accounts.researcherZs.token)).status).toBe(403)
    expect((await post('accept', world.accounts.adminZjou.token)).status).toBe(404)
    expect((await post('receive', world.accounts.adminNbu.token)).status).toBe(409)
    expect((await post('complete', world.accounts.researcherZs.token)).status).toBe(409)
    expect((await post('complete', world.accounts.adminNbu.token)).status).toBe(403)
    expect((await post('accept', world.accounts.talent.token)).status).toBe(403)
    await o.advance(order.id, 'accepted')
    expect((await post('accept', world.accounts.adminNbu.token)).status).toBe(409)
    expect((await post('reject', world.accounts.adminNbu.token)).status).toBe(409)
  })

  it('a rejection keeps its reason; the requester cancels until the samples are received, the lab until the report', async () => {
    const xrd = await o.serviceInstrument()
    const requester = world.accounts.researcherZs.token
    const rejected = await o.submit(world.accounts.researcherZs, xrd.id)
    const rejection = await o.must(200, 'POST', `/orders/${rejected.id}/reject`, {
      token: world.accounts.adminNbu.token,
      body: { reason: '该样品含氟，需先沟通' },
    })
    expect(rejection).toMatchObject({ status: 'rejected', statusReason: '该样品含氟，需先沟通' })

    const early = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(early.id, 'accepted')
    expect((await o.must(200, 'POST', `/orders/${early.id}/cancel`, { token: requester })).status).toBe('cancelled')

    const late = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(late.id, 'received')
    const refused = await world.call('POST', `/orders/${late.id}/cancel`, { token: requester })
    expect(refused.status).toBe(409)
    expect(refused.json.detail).toMatch(/only the lab/)
    expect((await o.run(late.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')).status).toBe(201)
    const byLab = await o.must(200, 'POST', `/orders/${late.id}/cancel`, {
      token: world.accounts.adminNbu.token,
      body: { reason: '样品在运输中受潮' },
    })
    expect(byLab).toMatchObject({ status: 'cancelled', statusReason: '样品在运输中受潮' })
  })

  it('two admins accepting at once: one 200, one 409, one event', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    const [a, b] = await Promise.all([
      world.call('POST', `/orders/${order.id}/accept`, { token: world.accounts.adminNbu.token }),
      world.call('POST', `/orders/${order.id}/accept`, { token: world.accounts.platform.token }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const events = await world.db
      .selectFrom('order_events')
      .select('to_status')
      .where('order_id', '=', order.id)
      .execute()
    expect(events.map((e) => e.to_status)).toEqual(['submitted', 'accepted'])
  })

  it('the job completes a reported order 14 days after its report, not a minute before', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(order.id, 'received')
    expect((await o.report(order.id)).status).toBe(200)
    world.clock.set(at('2027-03-15T07:59:00+08:00'))
    expect((await runDueJobs(world.deps))['complete-orders']).toBe(0)
    world.clock.set(at('2027-03-15T08:00:00+08:00'))
    expect((await runDueJobs(world.deps))['complete-orders']).toBe(1)
    expect((await runDueJobs(world.deps))['complete-orders']).toBe(0)
    const row = await world.db.selectFrom('orders').select(['status', 'completed_at']).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'completed', completed_at: at('2027-03-15T08:00:00+08:00') })
    const events = await world.db.selectFrom('order_events').selectAll().where('to_status', '=', 'completed').execute()
    expect(events).toEqual([expect.objectContaining({ actor_id: null, from_status: 'reported' })])
  })
})

describe('the courier’s tracking number', () => {
  it('is added later by the requester, until the samples are received', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    const patch = (token: string, trackingNumber: unknown) =>
      world.call('PATCH', `/orders/${order.id}`, { token, body: { trackingNumber } })
    const added = await patch(world.accounts.researcherZs.token, 'YT8800123456')
    expect(added.status).toBe(200)
    expect(added.json.trackingNumber).toBe('YT8800123456')
    expect((await patch(world.accounts.adminNbu.token, 'X1')).status).toBe(403)
    expect((await patch(world.accounts.researcherZs.token, '')).status).toBe(400)
    await o.advance(order.id, 'received')
    expect((await patch(world.accounts.researcherZs.token, 'YT0')).status).toBe(409)
    const inPerson = await o.submit(world.accounts.researcherZs, xrd.id, { delivery: 'in_person' })
    const none = await world.call('PATCH', `/orders/${inPerson.id}`, {
      token: world.accounts.researcherZs.token,
      body: { trackingNumber: 'SF1' },
    })
    expect(none.status).toBe(400)
  })
})

describe('who sees which order', () => {
  it('the requester, the provider’s admin, talent offices and platform admins; nobody else', async () => {
    const xrd = await o.serviceInstrument()
    const mine = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.submit(world.accounts.researcherNb, xrd.id)
    const list = async (token: string) =>
      (await o.must(200, 'GET', '/orders', { token })).items.map((x: { id: string }) => x.id)
    expect(await list(world.accounts.researcherZs.token)).toEqual([mine.id])
    expect(await list(world.accounts.researcherZs2.token)).toEqual([])
    expect(await list(world.accounts.adminNbu.token)).toHaveLength(2)
    expect(await list(world.accounts.adminZjou.token)).toEqual([])
    expect(await list(world.accounts.talent.token)).toHaveLength(2)
    expect((await world.call('GET', `/orders/${mine.id}`, { token: world.accounts.researcherZs2.token })).status).toBe(
      404,
    )
    const filtered = await o.must(200, 'GET', `/orders?status=submitted&instrumentId=${xrd.id}&limit=1`, {
      token: world.accounts.adminNbu.token,
    })
    expect(filtered.items).toHaveLength(1)
    const next = await o.must(200, `GET`, `/orders?status=submitted&limit=1&cursor=${filtered.nextCursor}`, {
      token: world.accounts.adminNbu.token,
    })
    expect(next.items).toHaveLength(1)
    expect(next.items[0].id).not.toBe(filtered.items[0].id)
    expect(next.nextCursor).toBeNull()
  })

  it('a moved requester keeps the order’s institution (the snapshot)', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    await world.db
      .updateTable('users')
      .set({ institution_id: world.institutions.nbu.id })
      .where('id', '=', world.accounts.researcherZs.id)
      .execute()
    world.accounts.researcherZs.token = await issueToken(world.deps, world.accounts.researcherZs.id)
    const read = await o.must(200, 'GET', `/orders/${order.id}`, { token: world.accounts.researcherZs.token })
    expect(read).toMatchObject({ userInstitutionId: world.institutions.zjou.id, priceClass: 'academic' })
    expect(samplePdf().length).toBeGreaterThan(100)
  })
})
