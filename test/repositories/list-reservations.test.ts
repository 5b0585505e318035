import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/database.js'
import { listReservations, MAX_SPAN_MS } from '../../src/repositories/reservations.js'
import { testDatabase } from '../support/database.js'

/**
 * `GET /reservations?instrumentId=&from=&to=` reads only the reservations near the window: the longest a
 * reservation may last bounds its start from below, so the index on start is searched on both sides.
 */

const HOUR = 3600_000
const DAY = 24 * HOUR

async function world() {
  const connection = testDatabase()
  const { db } = connection
  // the cities are in every database (schema/0004)
  await db
    .insertInto('institutions')
    .values({ id: 'nbu', name: '宁波大学', city: 'ningbo', kind: 'university' })
    .execute()
  await db
    .insertInto('users')
    .values({
      id: 'u',
      email: 'u@nbu.test',
      name: 'u',
      password_hash: 'x',
      role: 'researcher',
      institution_id: 'nbu',
      feed_key: 'k',
      created_at: 0,
    })
    .execute()
  await db
    .insertInto('instruments')
    .values({
      id: 'i',
      institution_id: 'nbu',
      name: 'SEM',
      category: 'electron-optics',
      opening_hours: '[]',
      slot_minutes: 30,
      min_minutes: 30,
      max_minutes: 600,
      buffer_minutes: 0,
      notice_minutes: 0,
      horizon_days: 30,
      requires_approval: 0,
      requires_qualification: 0,
      created_at: 0,
      updated_at: 0,
    })
    .execute()
  const reservation = (id: string, start: number, end: number) => ({
    id,
    instrument_id: 'i',
    user_id: 'u',
    user_institution_id: 'nbu',
    start_ms: start,
    end_ms: end,
    hold_end_ms: end,
    status: 'completed',
    ics_uid: `${id}@test`,
    created_at: 0,
    updated_at: 0,
  })
  const from = 400 * DAY
  await db
    .insertInto('reservations')
    .values([
      // a year of hourly uses before the window: what an unbounded query would read
      ...Array.from({ length: 300 }, (_, i) => reservation(`old-${i}`, i * DAY, i * DAY + HOUR)),
      // the longest use there may be, ending just inside the window
      reservation('longest', from + 1 - MAX_SPAN_MS, from + 1),
      reservation('touching', from - HOUR, from), // ends where the window starts: not in it
      reservation('inside', from + HOUR, from + 2 * HOUR),
    ])
    .execute()
  return { connection, from }
}

describe('listReservations with a window', () => {
  it('finds exactly the reservations overlapping it, the longest possible one included', async () => {
    const { connection, from } = await world()
    const found = await listReservations(connection.db, {
      instrumentId: 'i',
      from,
      to: from + DAY,
      visibleTo: null,
      limit: 100,
    })
    expect(found.map((r) => r.id)).toEqual(['longest', 'inside'])
  })

  it('searches the index on start between two bounds, with and without an instrument', async () => {
    const { connection, from } = await world()
    const queries: CompiledQuery[] = []
    const logged = new Kysely<Database>({
      dialect: new SqliteDialect({ database: connection.sqlite }),
      log: (event) => {
        queries.push(event.query)
      },
    })
    for (const instrumentId of ['i', undefined])
      await listReservations(logged, { instrumentId, from, to: from + DAY, visibleTo: null, limit: 100 })
    const plans = queries.map((query) =>
      (connection.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.parameters) as { detail: string }[])
        .map((row) => row.detail)
        .join('; '),
    )
    expect(plans[0]).toMatch(/USING INDEX reservations_held \(instrument_id=\? AND start_ms>\? AND start_ms<\?\)/)
    expect(plans[1]).toMatch(/USING INDEX reservations_start \(start_ms>\? AND start_ms<\?\)/)
  })
})
