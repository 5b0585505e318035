import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const slot = (start: string, end: string, instrumentId: string) => ({
  instrumentId,
  start,
  end,
  purpose: '样品形貌观察',
})

describe('POST /reservations', () => {
  it('books a free slot, confirmed when the instrument needs no approval', async () => {
    const sem = await world.instrument()
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    expect(res.status).toBe(201)
    expect(res.json.status).toBe('confirmed')
    expect(res.json.userInstitutionId).toBe(world.institutions.zjou.id)
    expect(new Date(res.json.start).getTime()).toBe(Date.parse('2027-03-02T01:00:00Z'))
    expect(res.headers.get('etag')).toMatch(/^"reservation-/)
    // the answer is what was stored, field for field
    const read = await world.call('GET', `/reservations/${res.json.id}`, { token: world.accounts.researcherZs.token })
    expect(read.json).toEqual(res.json)
    expect(read.headers.get('etag')).toBe(res.headers.get('etag'))
  })

  it('answers 409 time-taken with the conflicts, never whose', async () => {
    const sem = await world.instrument({ bufferMinutes: 30 })
    const first = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    expect(first.status).toBe(201)
    const touchingButInBuffer = await world.call('POST', '/reservations', {
      token: world.accounts.researcherNb.token,
      body: slot('2027-03-02T10:00:00+08:00', '2027-03-02T11:00:00+08:00', sem.id),
    })
    expect(touchingButInBuffer.status).toBe(409)
    expect(touchingButInBuffer.headers.get('content-type')).toContain('application/problem+json')
    expect(touchingButInBuffer.json.type).toMatch(/\/problems\/time-taken$/)
    expect(touchingButInBuffer.json.conflicts).toEqual([
      { start: '2027-03-02T02:00:00.000Z', end: '2027-03-02T02:30:00.000Z', kind: 'buffer' },
    ])
    expect(JSON.stringify(touchingButInBuffer.json)).not.toContain(world.accounts.researcherZs.id)
    // the nearest free slots of the same length come with the refusal, in time order: the closest start in each
    // free interval (Monday's last hour, Tuesday right after the buffer, Wednesday's and Thursday's first hours)
    expect(touchingButInBuffer.json.alternatives).toEqual([
      { start: '2027-03-01T09:00:00.000Z', end: '2027-03-01T10:00:00.000Z' },
      { start: '2027-03-02T02:30:00.000Z', end: '2027-03-02T03:30:00.000Z' },
      { start: '2027-03-03T00:00:00.000Z', end: '2027-03-03T01:00:00.000Z' },
      { start: '2027-03-04T00:00:00.000Z', end: '2027-03-04T01:00:00.000Z' },
    ])
    const afterBuffer = await world.call('POST', '/reservations', {
      token: world.accounts.researcherNb.token,
      body: slot('2027-03-02T10:30:00+08:00', '2027-03-02T11:00:00+08:00', sem.id),
    })
    expect(afterBuffer.status).toBe(201)
  })

  it.each([
    ['off-grid', '2027-03-02T09:10:00+08:00', '2027-03-02T10:00:00+08:00'],
    ['outside-hours', '2027-03-06T09:00:00+08:00', '2027-03-06T10:00:00+08:00'],
    ['notice', '2027-03-01T08:30:00+08:00', '2027-03-01T09:00:00+08:00'],
    ['horizon', '2027-04-05T09:00:00+08:00', '2027-04-05T10:00:00+08:00'],
    ['too-long', '2027-03-02T08:00:00+08:00', '2027-03-02T17:00:00+08:00'],
  ])('answers 422 rule-violation %s', async (rule, start, end) => {
    const sem = await world.instrument()
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot(start, end, sem.id),
    })
    expect(res.status).toBe(422)
    expect(res.json).toMatchObject({ type: '/problems/rule-violation', rule, status: 422 })
  })

  it('answers 422 inactive for an instrument in maintenance', async () => {
    const sem = await world.instrument({ status: 'maintenance' })
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    expect(res.json.rule).toBe('inactive')
  })

  it('rejects instants without an offset, and checks 401 before 400', async () => {
    const sem = await world.instrument()
    const noOffset = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00', '2027-03-02T10:00:00', sem.id),
    })
    expect(noOffset.status).toBe(400)
    expect(noOffset.json.errors.map((e: { path: string }) => e.path)).toEqual(['start', 'end'])
    const anonymous = await world.call('POST', '/reservations', { body: { nonsense: true } })
    expect(anonymous.status).toBe(401)
  })

  it('answers 400 malformed-json for a broken body', async () => {
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: '{"instrumentId":',
    })
    expect(res.status).toBe(400)
    expect(res.json.type).toBe('/problems/malformed-json')
  })

  it('answers 404 for an unknown instrument id in the body', async () => {
    const res = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', 'no-such-instrument'),
    })
    expect(res.status).toBe(404)
  })

  it('needs a qualification where the instrument asks for one (403 not-qualified)', async () => {
    const sem = await world.instrument({ requiresQualification: true })
    const body = slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id)
    const denied = await world.call('POST', '/reservations', { token: world.accounts.researcherZs.token, body })
    expect(denied.status).toBe(403)
    expect(denied.json.type).toBe('/problems/not-qualified')
    const granted = await world.call('POST', `/instruments/${sem.id}/qualifications`, {
      token: world.accounts.adminNbu.token,
      body: { userId: world.accounts.researcherZs.id },
    })
    expect(granted.status).toBe(201)
    expect((await world.call('POST', '/reservations', { token: world.accounts.researcherZs.token, body })).status).toBe(
      201,
    )
  })

  it('replays an Idempotency-Key and refuses it for another body', async () => {
    const sem = await world.instrument()
    const body = slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id)
    const headers = { 'Idempotency-Key': 'k-1' }
    const token = world.accounts.researcherZs.token
    const first = await world.call('POST', '/reservations', { token, body, headers })
    const replay = await world.call('POST', '/reservations', { token, body, headers })
    expect(first.status).toBe(201)
    expect(replay.status).toBe(201)
    expect(replay.json).toEqual(first.json)
    const list = await world.call('GET', '/reservations', { token })
    expect(list.json.items).toHaveLength(1)
    const other = await world.call('POST', '/reservations', {
      token,
      body: { ...body, start: '2027-03-02T11:00:00+08:00', end: '2027-03-02T12:00:00+08:00' },
      headers,
    })
    expect(other.status).toBe(422)
    expect(other.json.type).toBe('/problems/idempotency-mismatch')
  })
})

describe('lifecycle', () => {
  it('pending → approved by its institute admin only once; a second decision is 409', async () => {
    const tem = await world.instrument({ requiresApproval: true })
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', tem.id),
    })
    expect(made.json.status).toBe('pending')
    const otherAdmin = await world.call('POST', `/reservations/${made.json.id}/approve`, {
      token: world.accounts.adminZjou.token,
    })
    expect(otherAdmin.status).toBe(404)
    const [a, b] = await Promise.all([
      world.call('POST', `/reservations/${made.json.id}/approve`, { token: world.accounts.adminNbu.token }),
      world.call('POST', `/reservations/${made.json.id}/reject`, {
        token: world.accounts.adminNbu.token,
        body: { reason: 'x' },
      }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const history = await world.call('GET', `/reservations/${made.json.id}/history`, {
      token: world.accounts.researcherZs.token,
    })
    expect(history.json.items.map((e: { to: string }) => e.to)).toEqual([
      'pending',
      a.status === 200 ? 'confirmed' : 'rejected',
    ])
  })

  it('a pending request undecided at its start expires and frees its time', async () => {
    const tem = await world.instrument({ requiresApproval: true, noticeMinutes: 0 })
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-01T09:00:00+08:00', '2027-03-01T10:00:00+08:00', tem.id),
    })
    world.clock.set('2027-03-01T09:00:00+08:00')
    const read = await world.call('GET', `/reservations/${made.json.id}`, { token: world.accounts.researcherZs.token })
    expect(read.json.status).toBe('expired')
    const approve = await world.call('POST', `/reservations/${made.json.id}/approve`, {
      token: world.accounts.adminNbu.token,
    })
    expect(approve.status).toBe(409)
  })

  it('check-in opens 15 minutes before the start; check-out completes the use', async () => {
    const sem = await world.instrument()
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    const id = made.json.id
    world.clock.set('2027-03-02T08:44:00+08:00')
    expect(
      (await world.call('POST', `/reservations/${id}/check-in`, { token: world.accounts.researcherZs.token })).status,
    ).toBe(409)
    world.clock.set('2027-03-02T08:45:00+08:00')
    const checkedIn = await world.call('POST', `/reservations/${id}/check-in`, {
      token: world.accounts.researcherZs.token,
    })
    expect(checkedIn.json.status).toBe('in_use')
    expect(checkedIn.json.actualStart).toBe('2027-03-02T00:45:00.000Z')
    world.clock.set('2027-03-02T09:50:00+08:00')
    const done = await world.call('POST', `/reservations/${id}/check-out`, { token: world.accounts.researcherZs.token })
    expect(done.json.status).toBe('completed')
    const cancel = await world.call('POST', `/reservations/${id}/cancel`, { token: world.accounts.researcherZs.token })
    expect(cancel.status).toBe(409)
    expect(cancel.json.type).toBe('/problems/invalid-transition')
  })

  it('a blackout cancels the reservations it overlaps and says which', async () => {
    const sem = await world.instrument()
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    const blackout = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: world.accounts.adminNbu.token,
      body: { start: '2027-03-02T09:30:00+08:00', end: '2027-03-02T12:00:00+08:00', reason: '更换灯丝' },
    })
    expect(blackout.status).toBe(201)
    expect(blackout.json.cancelledReservationIds).toEqual([made.json.id])
    const read = await world.call('GET', `/reservations/${made.json.id}`, { token: world.accounts.researcherZs.token })
    expect(read.json.status).toBe('cancelled')
    const blocked = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T11:00:00+08:00', '2027-03-02T11:30:00+08:00', sem.id),
    })
    expect(blocked.json.conflicts).toEqual([
      { start: '2027-03-02T01:30:00.000Z', end: '2027-03-02T04:00:00.000Z', kind: 'blackout' },
    ])
  })

  it('reschedules with If-Match, ignoring itself', async () => {
    const sem = await world.instrument()
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    const token = world.accounts.researcherZs.token
    const noIfMatch = await world.call('PATCH', `/reservations/${made.json.id}`, {
      token,
      body: { end: '2027-03-02T10:30:00+08:00' },
    })
    expect(noIfMatch.status).toBe(428)
    const moved = await world.call('PATCH', `/reservations/${made.json.id}`, {
      token,
      body: { start: '2027-03-02T09:30:00+08:00', end: '2027-03-02T10:30:00+08:00' },
      headers: { 'If-Match': made.headers.get('etag')! },
    })
    expect(moved.status).toBe(200)
    expect(moved.json.start).toBe('2027-03-02T01:30:00.000Z')
    const stale = await world.call('PATCH', `/reservations/${made.json.id}`, {
      token,
      body: { purpose: 'x' },
      headers: { 'If-Match': made.headers.get('etag')! },
    })
    expect(stale.status).toBe(412)
  })
})

describe('blackouts and reservations in use', () => {
  it('refuses a blackout over a reservation in use and names its time', async () => {
    const sem = await world.instrument()
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', sem.id),
    })
    world.clock.set('2027-03-02T09:05:00+08:00')
    await world.call('POST', `/reservations/${made.json.id}/check-in`, { token: world.accounts.researcherZs.token })
    const refused = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: world.accounts.adminNbu.token,
      body: { start: '2027-03-02T09:30:00+08:00', end: '2027-03-02T12:00:00+08:00', reason: '停电' },
    })
    expect(refused.status).toBe(409)
    expect(refused.json.conflicts).toEqual([
      { start: '2027-03-02T01:00:00.000Z', end: '2027-03-02T02:00:00.000Z', kind: 'reservation' },
    ])
    const list = await world.call('GET', `/instruments/${sem.id}/blackouts`)
    expect(list.json.items).toEqual([])
  })
})

describe('history is never rewritten: what ended stays as it was', () => {
  const TUE_9 = '2027-03-02T09:00:00+08:00'
  const TUE_10 = '2027-03-02T10:00:00+08:00'
  const WED_9 = '2027-03-03T09:00:00+08:00'
  const WED_10 = '2027-03-03T10:00:00+08:00'
  const admin = () => world.accounts.adminNbu.token
  const book = async (instrumentId: string, start: string, end: string) => {
    const made = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: slot(start, end, instrumentId),
    })
    expect(made.status).toBe(201)
    return made.json.id as string
  }
  const statusOf = async (id: string) =>
    (await world.call('GET', `/reservations/${id}`, { token: admin() })).json.status
  const blackoutsOf = async (instrumentId: string) =>
    (await world.call('GET', `/instruments/${instrumentId}/blackouts`)).json.items as { id: string; end: string }[]

  it('a blackout placed over the past cancels only the reservations that have not ended', async () => {
    const sem = await world.instrument()
    const used = await book(sem.id, TUE_9, TUE_10)
    const ahead = await book(sem.id, WED_9, WED_10)
    // Tuesday 10:00 has passed: the confirmed reservation that ended then is a use that took place
    world.clock.set('2027-03-02T12:00:00+08:00')
    const blackout = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: admin(),
      body: { start: '2027-03-01T00:00:00+08:00', end: '2027-03-04T00:00:00+08:00', reason: '补记停电' },
    })
    expect(blackout.status).toBe(201)
    expect(blackout.json.cancelledReservationIds).toEqual([ahead])
    expect(await statusOf(used)).toBe('confirmed')
    expect(await statusOf(ahead)).toBe('cancelled')
    const history = await world.call('GET', `/reservations/${used}/history`, { token: admin() })
    expect(history.json.items.map((e: { to: string }) => e.to)).toEqual(['confirmed'])
  })

  it('an in-use reservation whose end has passed (history) does not block a blackout over the past', async () => {
    const sem = await world.instrument()
    const id = await book(sem.id, TUE_9, TUE_10)
    world.clock.set('2027-03-02T09:05:00+08:00')
    expect((await world.call('POST', `/reservations/${id}/check-in`, { token: admin() })).status).toBe(200)
    world.clock.set('2027-03-02T12:00:00+08:00')
    const blackout = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: admin(),
      body: { start: TUE_9, end: '2027-03-02T11:00:00+08:00', reason: '补记' },
    })
    expect(blackout.status).toBe(201)
    expect(blackout.json.cancelledReservationIds).toEqual([])
    expect(await statusOf(id)).toBe('in_use')
  })

  it('lifting a blackout deletes it before it begins, ends it now while under way, and refuses once it has ended', async () => {
    const sem = await world.instrument()
    const place = async (start: string, end: string) => {
      const made = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
        token: admin(),
        body: { start, end, reason: '维护' },
      })
      expect(made.status).toBe(201)
      return made.json.id as string
    }
    const past = await place('2027-03-01T08:30:00+08:00', '2027-03-01T09:00:00+08:00')
    const current = await place('2027-03-01T09:00:00+08:00', '2027-03-01T12:00:00+08:00')
    const future = await place(TUE_9, TUE_10)
    world.clock.set('2027-03-01T10:00:00+08:00')
    const lift = (id: string) => world.call('DELETE', `/instruments/${sem.id}/blackouts/${id}`, { token: admin() })
    expect((await lift(future)).status).toBe(204)
    expect((await lift(current)).status).toBe(204)
    const ended = await lift(past)
    expect(ended.status).toBe(409)
    expect(ended.json.type).toBe('/problems/invalid-transition')
    expect(await blackoutsOf(sem.id)).toEqual([
      expect.objectContaining({ id: past, end: '2027-03-01T01:00:00.000Z' }),
      // the part that has passed stays on record; the rest is free again
      expect.objectContaining({ id: current, end: '2027-03-01T02:00:00.000Z' }),
    ])
    // lifting what is left of it once more changes nothing: it has ended now
    expect((await lift(current)).status).toBe(409)
  })

  it('an admin cannot cancel or move a reservation that has ended (a no-show is the way to unmake a use)', async () => {
    const sem = await world.instrument()
    const id = await book(sem.id, TUE_9, TUE_10)
    const read = await world.call('GET', `/reservations/${id}`, { token: admin() })
    world.clock.set('2027-03-02T10:00:00+08:00')
    const moved = await world.call('PATCH', `/reservations/${id}`, {
      token: admin(),
      body: { start: WED_9, end: WED_10 },
      headers: { 'If-Match': read.headers.get('etag')! },
    })
    expect(moved.status).toBe(409)
    expect(moved.json.type).toBe('/problems/invalid-transition')
    const cancelled = await world.call('POST', `/reservations/${id}/cancel`, { token: admin() })
    expect(cancelled.status).toBe(409)
    expect(await statusOf(id)).toBe('confirmed')
    // one millisecond before its end it could still be cancelled: the bound is the end
    const other = await book(sem.id, WED_9, WED_10)
    world.clock.set(Date.parse(WED_10) - 1)
    expect((await world.call('POST', `/reservations/${other}/cancel`, { token: admin() })).status).toBe(200)
    const noShow = await world.call('POST', `/reservations/${id}/no-show`, { token: admin() })
    expect(noShow.status).toBe(200)
  })
})
