import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Instrument, Weekday } from '../../src/domain/types.js'
import { type Account, createResearchers, createWorld, type World } from '../support/world.js'
import { holdWritesUntil } from '../support/write-barrier.js'

/** DOMAIN.md: "No double booking, ever: under any number of concurrent requests … at most one is accepted." */

const MINUTE = 60_000
const HELD = ['pending', 'confirmed', 'in_use'] as const
const everyDay = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))

let world: World
beforeEach(async () => {
  world = await createWorld()
})

/** A small seeded PRNG (mulberry32): a failing storm can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const book = (account: Account, instrumentId: string, start: number, end: number) =>
  world.call('POST', '/reservations', {
    token: account.token,
    body: {
      instrumentId,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      purpose: '并发测试',
    },
  })

/** Every pair of held reservations of one instrument whose [start, hold_end) overlap: must be empty. */
async function overlappingHeldPairs() {
  const { rows } = await sql<{ instrument_id: string; a: string; b: string }>`
    SELECT a.instrument_id, a.id AS a, b.id AS b
    FROM reservations a JOIN reservations b ON b.instrument_id = a.instrument_id AND a.id < b.id
    WHERE a.status IN (${sql.join([...HELD])}) AND b.status IN (${sql.join([...HELD])})
      AND a.start_ms < b.hold_end_ms AND b.start_ms < a.hold_end_ms`.execute(world.db)
  return rows
}

describe('concurrent bookings of one slot (in-process)', () => {
  it('40 researchers ask for the same slot at once: exactly one 201, 39 × 409 time-taken', async () => {
    const sem = await world.instrument()
    const crowd = await createResearchers(world, 40, world.institutions.zjou.id)
    const start = Date.parse('2027-03-02T09:00:00+08:00')
    // all 40 pass every check before any of them writes: only the atomic INSERT … WHERE NOT EXISTS decides
    const barrier = holdWritesUntil(world.deps, 40, 5000)
    const results = await Promise.all(
      crowd.map((researcher) => book(researcher, sem.id, start, start + 60 * MINUTE)),
    ).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)

    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(39)
    for (const rejected of results.filter((r) => r.status === 409)) {
      expect(rejected.json.type).toMatch(/\/problems\/time-taken$/)
      expect(rejected.json.conflicts).toEqual([
        { start: '2027-03-02T01:00:00.000Z', end: '2027-03-02T02:00:00.000Z', kind: 'reservation' },
      ])
    }

    const winner = results.find((r) => r.status === 201)!.json
    const rows = await world.db.selectFrom('reservations').select(['id', 'user_id', 'status']).execute()
    expect(rows).toEqual([{ id: winner.id, user_id: winner.userId, status: 'confirmed' }])
    // the audit event is written only when the insert happened: one reservation, one event
    const events = await world.db.selectFrom('reservation_events').select(['reservation_id', 'to_status']).execute()
    expect(events).toEqual([{ reservation_id: winner.id, to_status: 'confirmed' }])
  })
})

describe('a storm of overlapping bookings (in-process)', () => {
  const REQUESTS = 240
  const SLOT = 15 // minutes; the buffer is one slot

  /** Random starts on the 15-minute grid in a 12-hour window, lengths 15 min – 3 h, from 40 users, all at once. */
  async function storm(seed: number, instruments: Instrument[], crowd: Account[]) {
    const random = prng(seed)
    const windowStart = Date.parse('2027-03-02T08:00:00+08:00')
    const requests = Array.from({ length: REQUESTS }, (_, i) => {
      const instrument = instruments[i % instruments.length]!
      const start = windowStart + Math.floor(random() * 48) * SLOT * MINUTE
      const end = start + (1 + Math.floor(random() * 12)) * SLOT * MINUTE
      return { instrument, start, end, account: crowd[Math.floor(random() * crowd.length)]! }
    })
    // every request passes its rule checks before any of them writes
    const barrier = holdWritesUntil(world.deps, REQUESTS, 5000)
    const results = await Promise.all(requests.map((q) => book(q.account, q.instrument.id, q.start, q.end))).finally(
      barrier.restore,
    )
    expect(barrier.reached()).toBe(true)
    return requests.map((request, i) => ({ ...request, response: results[i]! }))
  }

  it.each([1, 2, 3, 20270301, 0xdecade])(
    'leaves no two held reservations of one instrument overlapping, buffers included (seed %i)',
    async (seed) => {
      const rules = { openingHours: everyDay, slotMinutes: SLOT, minMinutes: SLOT, maxMinutes: 240, noticeMinutes: 0 }
      const confirmedAtOnce = await world.instrument({ ...rules, bufferMinutes: 15 })
      const needsApproval = await world.instrument({ ...rules, bufferMinutes: 15, requiresApproval: true })
      const noBuffer = await world.instrument({ ...rules, bufferMinutes: 0 })
      const instruments = [confirmedAtOnce, needsApproval, noBuffer]
      const crowd = await createResearchers(world, 40, world.institutions.zjou.id)
      const outcome = await storm(seed, instruments, crowd)

      // every answer is a booking or a conflict: never a 5xx (SQLITE_BUSY) nor a rule violation
      expect(outcome.filter((o) => o.response.status !== 201 && o.response.status !== 409)).toEqual([])
      const accepted = outcome.filter((o) => o.response.status === 201)
      const rejected = outcome.filter((o) => o.response.status === 409)
      expect(accepted.length).toBeGreaterThan(instruments.length) // the storm booked something on each
      expect(rejected.length).toBeGreaterThan(0) // and it was a storm

      // the full scan: no two held reservations of one instrument overlap in [start_ms, hold_end_ms)
      expect(await overlappingHeldPairs()).toEqual([])

      // the table holds exactly what was answered 201, each with its one audit event
      const rows = await world.db
        .selectFrom('reservations')
        .select(['id', 'instrument_id', 'start_ms', 'end_ms', 'hold_end_ms', 'status'])
        .execute()
      expect(rows.map((r) => r.id).sort()).toEqual(accepted.map((o) => o.response.json.id).sort())
      for (const row of rows) {
        const instrument = instruments.find((i) => i.id === row.instrument_id)!
        expect(row.status).toBe(instrument.requiresApproval ? 'pending' : 'confirmed')
        expect(row.hold_end_ms).toBe(row.end_ms + instrument.bufferMinutes * MINUTE)
      }
      const events = await world.db.selectFrom('reservation_events').select('reservation_id').execute()
      expect(events.map((e) => e.reservation_id).sort()).toEqual(rows.map((r) => r.id).sort())

      // no false 409: nothing was cancelled, so whatever was in a rejected request's way is still held now
      for (const { instrument, start, end, response } of rejected) {
        expect(response.json.type).toMatch(/\/problems\/time-taken$/)
        expect(response.json.conflicts.length).toBeGreaterThan(0)
        const holdEnd = end + instrument.bufferMinutes * MINUTE
        const inTheWay = rows.filter(
          (r) => r.instrument_id === instrument.id && r.start_ms < holdEnd && start < r.hold_end_ms,
        )
        expect(inTheWay.length, `request ${new Date(start).toISOString()} on ${instrument.id}`).toBeGreaterThan(0)
      }
    },
  )
})

describe('concurrent decisions on one pending request (in-process)', () => {
  it('approve and cancel, both having read it pending: exactly one wins, the other is 409 invalid-transition', async () => {
    const tem = await world.instrument({ requiresApproval: true })
    const researcher = world.accounts.researcherZs
    const admin = world.accounts.adminNbu
    for (let round = 0; round < 12; round++) {
      const start = Date.parse('2027-03-02T08:00:00+08:00') + round * 30 * MINUTE
      const made = await book(researcher, tem.id, start, start + 30 * MINUTE)
      expect(made.json.status).toBe('pending')
      const id = made.json.id
      const approve = () => world.call('POST', `/reservations/${id}/approve`, { token: admin.token })
      const cancel = () =>
        world.call('POST', `/reservations/${id}/cancel`, { token: researcher.token, body: { reason: '改期' } })
      // alternate who is sent first, so each side gets to lead
      const barrier = holdWritesUntil(world.deps, 2, 5000)
      const racers = round % 2 === 0 ? [approve, cancel] : [cancel, approve]
      const [first, second] = await Promise.all(racers.map((race) => race())).finally(barrier.restore)
      expect(barrier.reached()).toBe(true)
      const [approveResult, cancelResult] = round % 2 === 0 ? [first!, second!] : [second!, first!]

      expect([approveResult.status, cancelResult.status].sort()).toEqual([200, 409])
      const loser = approveResult.status === 409 ? approveResult : cancelResult
      expect(loser.json.type).toMatch(/\/problems\/invalid-transition$/)
      const expected = approveResult.status === 200 ? 'confirmed' : 'cancelled'

      const read = await world.call('GET', `/reservations/${id}`, { token: researcher.token })
      expect(read.json.status).toBe(expected)
      const history = await world.call('GET', `/reservations/${id}/history`, { token: researcher.token })
      expect(history.json.items.map((e: { to: string }) => e.to)).toEqual(['pending', expected])
    }
  })

  it('approve and cancel sent together, unsynchronised: the outcome is always one of the serial ones', async () => {
    const tem = await world.instrument({ requiresApproval: true })
    const researcher = world.accounts.researcherZs
    for (let round = 0; round < 20; round++) {
      const start = Date.parse('2027-03-02T08:00:00+08:00') + round * 30 * MINUTE
      const id = (await book(researcher, tem.id, start, start + 30 * MINUTE)).json.id
      const approve = world.call('POST', `/reservations/${id}/approve`, { token: world.accounts.adminNbu.token })
      const cancel = world.call('POST', `/reservations/${id}/cancel`, { token: researcher.token })
      const [approved, cancelled] = await Promise.all([approve, cancel])
      const history = await world.call('GET', `/reservations/${id}/history`, { token: researcher.token })
      const chain = history.json.items.map((e: { from: string | null; to: string }) => [e.from, e.to])
      // approve then cancel (the cancel read it confirmed: a legal cancel), or exactly one of them from pending
      const serial = [
        [
          [null, 'pending'],
          ['pending', 'confirmed'],
          ['confirmed', 'cancelled'],
        ],
        [
          [null, 'pending'],
          ['pending', 'confirmed'],
        ],
        [
          [null, 'pending'],
          ['pending', 'cancelled'],
        ],
      ]
      expect(serial).toContainEqual(chain)
      expect(approved.status).toBe(chain[1][1] === 'confirmed' ? 200 : 409)
      expect(cancelled.status).toBe(chain.at(-1)[1] === 'cancelled' ? 200 : 409)
    }
  })

  it('a crowd of approvers, rejecters and cancellers who all read it pending: exactly one 200', async () => {
    const tem = await world.instrument({ requiresApproval: true })
    const researcher = world.accounts.researcherZs
    const made = await book(
      researcher,
      tem.id,
      Date.parse('2027-03-02T09:00:00+08:00'),
      Date.parse('2027-03-02T10:00:00+08:00'),
    )
    const id = made.json.id
    const admins = [world.accounts.adminNbu, world.accounts.platform]
    const barrier = holdWritesUntil(world.deps, 30, 5000)
    const calls = Array.from({ length: 30 }, (_, i) => {
      switch (i % 3) {
        case 0:
          return world.call('POST', `/reservations/${id}/approve`, { token: admins[i % 2]!.token })
        case 1:
          return world.call('POST', `/reservations/${id}/reject`, {
            token: admins[i % 2]!.token,
            body: { reason: 'x' },
          })
        default:
          return world.call('POST', `/reservations/${id}/cancel`, { token: researcher.token })
      }
    })
    const results = await Promise.all(calls).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(29)
    const winner = results.find((r) => r.status === 200)!.json
    const history = await world.call('GET', `/reservations/${id}/history`, { token: researcher.token })
    expect(history.json.items.map((e: { to: string }) => e.to)).toEqual(['pending', winner.status])
  })
})
