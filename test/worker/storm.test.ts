import { createExecutionContext, env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/worker.js'
import { type Account, createResearchers, createWorld, type World } from '../support/world.js'
import { holdWritesUntil } from '../support/write-barrier.js'

/**
 * DOMAIN.md "No double booking, ever", on D1: its batch() is the only atomic step there is, and the guarded
 * INSERT … WHERE NOT EXISTS inside it must let exactly one of many concurrent requests through.
 */

const MINUTE = 60_000
let world: World
beforeEach(async () => {
  world = await createWorld()
})

const booking = (instrumentId: string, start: number) => ({
  instrumentId,
  start: new Date(start).toISOString(),
  end: new Date(start + 60 * MINUTE).toISOString(),
  purpose: '并发测试',
})

async function expectOneReservationWonBy(results: { status: number; json: { id?: string } }[]) {
  expect(results.filter((r) => r.status === 201)).toHaveLength(1)
  expect(results.filter((r) => r.status === 409)).toHaveLength(results.length - 1)
  const winner = results.find((r) => r.status === 201)!.json
  const rows = await env.DB.prepare('SELECT id, status FROM reservations').all()
  expect(rows.results).toEqual([{ id: winner.id, status: 'confirmed' }])
  const events = await env.DB.prepare('SELECT reservation_id FROM reservation_events').all()
  expect(events.results).toEqual([{ reservation_id: winner.id }])
}

describe('40 concurrent requests for one slot on D1', () => {
  it('all past their checks before any writes: exactly one 201, 39 × 409 time-taken', async () => {
    const sem = await world.instrument()
    const crowd = await createResearchers(world, 40, world.institutions.zjou.id)
    const start = Date.parse('2027-03-02T09:00:00+08:00')
    const barrier = holdWritesUntil(world.deps, crowd.length, 20_000)
    const results = await Promise.all(
      crowd.map((researcher) =>
        world.call('POST', '/reservations', { token: researcher.token, body: booking(sem.id, start) }),
      ),
    ).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    for (const rejected of results.filter((r) => r.status === 409))
      expect(rejected.json.type).toMatch(/\/problems\/time-taken$/)
    await expectOneReservationWonBy(results)
  })

  it('through the Worker entry itself, unsynchronised: exactly one 201', async () => {
    // the real fetch handler of src/worker.ts runs on the system clock, not the world's: a slot within reach of both
    const sem = await world.instrument({ horizonDays: 730 })
    const crowd: Account[] = await createResearchers(world, 40, world.institutions.zjou.id)
    const start = Date.parse('2027-03-03T14:00:00+08:00')
    const worker = createWorkerHandler(() => {})
    const results = await Promise.all(
      crowd.map(async (researcher) => {
        const response = await worker.fetch(
          new Request('http://yongzhou.test/api/v1/reservations', {
            method: 'POST',
            headers: { Authorization: `Bearer ${researcher.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(booking(sem.id, start)),
          }),
          env,
          createExecutionContext(),
        )
        return { status: response.status, json: (await response.json()) as { id?: string } }
      }),
    )
    await expectOneReservationWonBy(results)
  })
})

describe('a crowd deciding one pending request on D1', () => {
  it('approvers, rejecters and cancellers who all read it pending: exactly one 200, the rest 409', async () => {
    const tem = await world.instrument({ requiresApproval: true })
    const researcher = world.accounts.researcherZs
    const made = await world.call('POST', '/reservations', {
      token: researcher.token,
      body: booking(tem.id, Date.parse('2027-03-02T09:00:00+08:00')),
    })
    expect(made.json.status).toBe('pending')
    const id = made.json.id
    const admins = [world.accounts.adminNbu, world.accounts.platform]
    const barrier = holdWritesUntil(world.deps, 30, 20_000)
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const admin = admins[i % 2]!
        if (i % 3 === 0) return world.call('POST', `/reservations/${id}/approve`, { token: admin.token })
        if (i % 3 === 1)
          return world.call('POST', `/reservations/${id}/reject`, { token: admin.token, body: { reason: '不符合' } })
        return world.call('POST', `/reservations/${id}/cancel`, { token: researcher.token })
      }),
    ).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(409)
      expect(loser.json.type).toMatch(/\/problems\/invalid-transition$/)
    }
    const winner = results.find((r) => r.status === 200)!.json
    const history = await world.call('GET', `/reservations/${id}/history`, { token: researcher.token })
    expect(history.json.items.map((e: { to: string }) => e.to)).toEqual(['pending', winner.status])
  })
})
