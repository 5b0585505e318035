import { beforeEach, describe, expect, it } from 'vitest'
import type { Weekday } from '../../src/domain/types.js'
import { orphanRows, overlappingHeldPairs } from '../support/invariants.js'
import { createResearchers, createWorld, type World } from '../support/world.js'
import { holdWritesUntil } from '../support/write-barrier.js'
import { designStorm, groupOf, MINUTE } from './storm-design.js'

/** DOMAIN.md "No double booking, ever": 200 concurrent requests, a computable set of winners, one process. */

const REQUESTS = 200
const CLUSTERS = 8
const everyDay = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))

let world: World
beforeEach(async () => {
  world = await createWorld()
})

describe('a storm of 200 requests for one instrument from 50 researchers (in-process)', () => {
  it.each([
    { seed: 1, bufferMinutes: 0, requiresApproval: false },
    { seed: 2, bufferMinutes: 30, requiresApproval: false },
    { seed: 3, bufferMinutes: 30, requiresApproval: true },
  ])('exactly one winner per contested slot, and the full scan finds no overlap (%o)', async (config) => {
    const instrument = await world.instrument({
      openingHours: everyDay,
      slotMinutes: 30,
      minMinutes: 30,
      maxMinutes: 480,
      noticeMinutes: 0,
      bufferMinutes: config.bufferMinutes,
      requiresApproval: config.requiresApproval,
    })
    const crowd = await createResearchers(world, 50, world.institutions.zjou.id)
    const origin = Date.parse('2027-03-02T00:00:00+08:00')
    const requests = designStorm(config.seed, origin, CLUSTERS, REQUESTS)

    const barrier = holdWritesUntil(world.deps, REQUESTS)
    const answers = await Promise.all(
      requests.map((request, i) =>
        world.call('POST', '/reservations', {
          token: crowd[i % crowd.length]!.token,
          body: {
            instrumentId: instrument.id,
            start: new Date(request.start).toISOString(),
            end: new Date(request.end).toISOString(),
            purpose: '风暴测试',
          },
        }),
      ),
    ).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)

    // every answer is a booking or a time-taken conflict: nothing else, never a 5xx
    expect(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => `${a.status} ${a.text}`)).toEqual([])
    const winners = requests.flatMap((request, i) =>
      answers[i]!.status === 201 ? [{ request, answer: answers[i]! }] : [],
    )
    // the computable outcome: one winner in each group, whatever the order the writes landed in
    expect(winners.map((w) => w.request.group).sort((a, b) => a - b)).toEqual([...Array(CLUSTERS).keys()])
    expect(answers.filter((a) => a.status === 409)).toHaveLength(REQUESTS - CLUSTERS)

    // each loser was told about its group's winner, and about nothing of another's (never whose)
    requests.forEach((request, i) => {
      const answer = answers[i]!
      if (answer.status !== 409) return
      expect(answer.json.type).toBe('/problems/time-taken')
      const winner = winners.find((w) => w.request.group === request.group)!
      expect(answer.json.conflicts).toContainEqual({
        start: new Date(winner.request.start).toISOString(),
        end: new Date(winner.request.end).toISOString(),
        kind: 'reservation',
      })
      expect(JSON.stringify(answer.json)).not.toContain(winner.answer.json.userId)
    })

    // the full scan over the database, and the table holds exactly the winners
    const sqlite = world.connection.sqlite
    expect(overlappingHeldPairs(sqlite)).toEqual([])
    expect(orphanRows(sqlite)).toEqual([])
    const rows = sqlite.prepare('SELECT id, start_ms, end_ms, hold_end_ms, status FROM reservations').all() as {
      id: string
      start_ms: number
      end_ms: number
      hold_end_ms: number
      status: string
    }[]
    expect(rows.map((r) => r.id).sort()).toEqual(winners.map((w) => w.answer.json.id).sort())
    for (const row of rows) {
      expect(row.status).toBe(config.requiresApproval ? 'pending' : 'confirmed')
      expect(row.hold_end_ms).toBe(row.end_ms + config.bufferMinutes * MINUTE)
      expect(groupOf(origin, row.start_ms)).toBe(groupOf(origin, row.hold_end_ms - 1))
    }
  })
})
