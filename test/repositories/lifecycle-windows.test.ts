import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqliteConnection } from '../../src/db/connect-sqlite.js'
import { actionWindow, holdsTimeAt, isWithinWindow, type ReservationAction } from '../../src/domain/lifecycle.js'
import { RESERVATION_STATUSES } from '../../src/domain/types.js'
import { holdsTimeAt as holdsTimeAtSql, withinWindow } from '../../src/repositories/reservations.js'
import { testDatabase } from '../support/database.js'

/**
 * A move is checked twice: by the service before the write (domain/lifecycle.ts) and by the write itself (the SQL
 * guard the repository builds from the same table). The two must never disagree, at any instant near the bounds.
 */

const ACTIONS: ReservationAction[] = ['approve', 'reject', 'cancel', 'check-in', 'check-out', 'no-show']
const MIN = 60_000
const start = Date.parse('2027-03-01T09:00:00+08:00')
const end = Date.parse('2027-03-01T11:00:00+08:00')

let connection: SqliteConnection
beforeAll(() => {
  connection = testDatabase()
})
afterAll(() => connection.close())

/** Evaluates a guard over a one-row `reservations AS r` made of plain values. */
async function evaluate(guard: ReturnType<typeof withinWindow>, row: { status: string; start: number; end: number }) {
  const result = await sql<{ ok: number }>`SELECT (${guard}) AS ok FROM (SELECT ${row.status} AS status,
    ${row.start} AS start_ms, ${row.end} AS end_ms) AS r`.execute(connection.db)
  return result.rows[0]?.ok === 1
}

describe('the SQL guard of each move agrees with the domain', () => {
  // instants around every bound of every window: a millisecond before, at, and after
  const edges = [-7 * 24 * 60, -15, 0, 15, 120, 135, 7 * 24 * 60 + 120].flatMap((m) => {
    const t = start + m * MIN
    return [t - 1, t, t + 1]
  })

  for (const action of ACTIONS)
    for (const admin of [false, true])
      it(`${action} by ${admin ? 'an admin' : 'a researcher'}`, async () => {
        const window = actionWindow(action, { admin })
        for (const now of [...edges, end - 1, end, end + 1])
          expect(
            await evaluate(withinWindow(window, now), { status: 'confirmed', start, end }),
            `now ${now - start}`,
          ).toBe(isWithinWindow(window, { start, end }, now))
      })

  it('at any instant, for any reservation (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        fc.boolean(),
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        fc.integer({ min: -10 * 24 * 60 * MIN, max: 40 * 24 * 60 * MIN }),
        async (action, admin, startMinute, minutes, offset) => {
          const r = { start: start + startMinute * MIN, end: start + (startMinute + minutes) * MIN }
          const window = actionWindow(action, { admin })
          const now = start + offset
          expect(await evaluate(withinWindow(window, now), { status: 'confirmed', ...r })).toBe(
            isWithinWindow(window, r, now),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('which reservations hold their time: SQL agrees with the domain', () => {
  for (const status of RESERVATION_STATUSES)
    it(status, async () => {
      for (const now of [start - 1, start, start + 1])
        expect(await evaluate(holdsTimeAtSql(now), { status, start, end })).toBe(holdsTimeAt({ status, start }, now))
    })
})
