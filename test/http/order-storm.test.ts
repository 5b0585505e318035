import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { type OrderWorld, withOrders } from '../support/order-world.js'
import { createResearchers, createWorld, type World } from '../support/world.js'
import { holdWritesUntil } from '../support/write-barrier.js'

/**
 * No double booking between runs of sample orders and reservations (DOMAIN.md "Sample orders"): a run is written by
 * the same conflict-checked insert as every booking, so a storm that mixes both gives one winner per contested slot.
 * Re-run on D1 by test/worker/order-storm.test.ts.
 */

const MINUTE = 60_000
const HELD = ['pending', 'confirmed', 'in_use'] as const

async function overlappingHeldPairs(world: World) {
  const { rows } = await sql<{ a: string; b: string }>`
    SELECT a.id AS a, b.id AS b
    FROM reservations a JOIN reservations b ON b.instrument_id = a.instrument_id AND a.id < b.id
    WHERE a.status IN (${sql.join([...HELD])}) AND b.status IN (${sql.join([...HELD])})
      AND a.start_ms < b.hold_end_ms AND b.start_ms < a.hold_end_ms`.execute(world.db)
  return rows
}

async function receivedOrders(world: World, o: OrderWorld, instrumentId: string, count: number) {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const order = await o.submit(world.accounts.researcherZs, instrumentId)
    await o.advance(order.id, 'received')
    ids.push(order.id)
  }
  return ids
}

describe('a storm of runs and reservations on one instrument', () => {
  it('20 researchers and 20 runs ask for one slot at once: exactly one 201', async () => {
    const world = await createWorld()
    const o = withOrders(world)
    const xrd = await o.serviceInstrument({ bufferMinutes: 15 })
    const crowd = await createResearchers(world, 20, world.institutions.zjou.id)
    const orders = await receivedOrders(world, o, xrd.id, 20)
    const start = Date.parse('2027-03-02T09:00:00+08:00')
    const span = (offset: number) => ({
      start: new Date(start + offset * MINUTE).toISOString(),
      end: new Date(start + (offset + 60) * MINUTE).toISOString(),
    })
    // every request passes its checks before any writes: only the guarded INSERT tells them apart
    const barrier = holdWritesUntil(world.deps, 40, 20_000)
    const results = await Promise.all([
      ...crowd.map((researcher, i) =>
        world.call('POST', '/reservations', {
          token: researcher.token,
          body: { instrumentId: xrd.id, ...span((i % 3) * 30), purpose: '并发' },
        }),
      ),
      ...orders.map((id, i) => o.run(id, span(((i + 1) % 3) * 30).start, span(((i + 1) % 3) * 30).end)),
    ]).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    const created = results.filter((r) => r.status === 201)
    expect(created).toHaveLength(1)
    expect(results.filter((r) => r.status === 409).every((r) => r.json.type === '/problems/time-taken')).toBe(true)
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([])
    expect(await overlappingHeldPairs(world)).toEqual([])
    // the order of a refused run stays as it was: received, no event of a run
    const moved = await world.db.selectFrom('orders').select('status').where('status', '=', 'in_progress').execute()
    expect(moved.length).toBe(created[0]!.json.orderId ? 1 : 0)
  })
})
