import { describe, expect, it } from 'vitest'
import { findLease, releaseLease, takeLease } from '../../src/repositories/leases.js'
import { JOB_LEASE, type JobTask, startJobLoop } from '../../src/services/jobs.js'
import { testDatabase } from '../support/database.js'
import { MON, withMoney } from '../support/money-world.js'
import { createWorld } from '../support/world.js'

/** The job's lease: one process at a time runs it; a dead holder's lease runs out; a stopping one gives it up. */

const ticks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Waits (in small steps, at most 5 s) until `done()` holds: timers may run late on a busy machine. */
async function until(done: () => boolean) {
  for (let waited = 0; !done() && waited < 5000; waited += 10) await ticks(10)
}

describe('the job lease', () => {
  it('is held by one holder until it expires or is given up', async () => {
    const { db } = testDatabase()
    const t = 1_000_000
    expect(await takeLease(db, JOB_LEASE, 'a', t, 75_000)).toBe(true)
    expect(await takeLease(db, JOB_LEASE, 'b', t + 1, 75_000)).toBe(false)
    expect(await takeLease(db, JOB_LEASE, 'a', t + 30_000, 75_000)).toBe(true) // renewed
    expect(await takeLease(db, JOB_LEASE, 'b', t + 104_999, 75_000)).toBe(false)
    expect(await takeLease(db, JOB_LEASE, 'b', t + 105_000, 75_000)).toBe(true) // a's ran out: b takes over
    expect(await takeLease(db, JOB_LEASE, 'a', t + 105_001, 75_000)).toBe(false)
    await releaseLease(db, JOB_LEASE, 'a') // not a's to give up: nothing happens
    expect((await findLease(db, JOB_LEASE))?.holder).toBe('b')
    await releaseLease(db, JOB_LEASE, 'b')
    expect(await takeLease(db, JOB_LEASE, 'a', t + 105_002, 75_000)).toBe(true)
  })
})

describe('the job loop', () => {
  it('runs the tasks only in the process holding the lease; a stopped holder hands over at once', async () => {
    const { db, batch } = testDatabase()
    const deps = { db, batch, clock: () => 1_000_000 }
    const runs: string[] = []
    const task = (holder: string): JobTask => ({
      name: 'count',
      run: async () => {
        runs.push(holder)
        return 0
      },
    })
    // two "processes" on one database, ticking every 5 ms
    const first = startJobLoop(deps, { holder: 'first', everyMs: 5, leaseMs: 60_000, tasks: [task('first')] })
    await first.idle()
    const second = startJobLoop(deps, { holder: 'second', everyMs: 5, leaseMs: 60_000, tasks: [task('second')] })
    await until(() => runs.length >= 4)
    await Promise.all([first.idle(), second.idle()])
    expect(runs.length).toBeGreaterThanOrEqual(4)
    expect(new Set(runs)).toEqual(new Set(['first']))
    await first.stop()
    expect((await findLease(db, JOB_LEASE))?.expires_at).toBe(0)
    const before = runs.length
    await until(() => runs.length > before)
    await second.idle()
    expect(runs.slice(before).length).toBeGreaterThan(0)
    expect(new Set(runs.slice(before))).toEqual(new Set(['second']))
    await second.stop()
  })

  it('makes the due charges final, and logs what it did', async () => {
    const world = await createWorld()
    const money = await withMoney(world)
    const made = await money.book(world.accounts.researcherZs, (await money.priced()).id, MON('09:00'), MON('10:00'))
    world.clock.set(MON('10:30'))
    const lines: Record<string, unknown>[] = []
    const loop = startJobLoop(world.deps, { holder: 'only', everyMs: 60_000, log: (line) => lines.push(line) })
    await loop.idle()
    await loop.stop()
    expect(lines).toEqual([expect.objectContaining({ event: 'jobs', holder: 'only', 'finalise-charges': 1 })])
    const reservation = await world.db
      .selectFrom('reservations')
      .select('charge_fen')
      .where('id', '=', made.json.id)
      .executeTakeFirst()
    expect(reservation?.charge_fen).toBe(20_000)
  })
})
