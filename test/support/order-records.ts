import type { Insertable } from 'kysely'
import type { OrdersTable, ReservationsTable } from '../../src/db/database.js'
import { DEFAULT_RATE_CARD } from '../../src/domain/money/rates.js'
import { ORDER_STATUSES } from '../../src/domain/orders.js'

/**
 * Generated sample orders for the tests that check SQL aggregates against the pure counting rule (the sharing
 * statistics', the evaluation's): orders in every status, most reported at `reportedAt`'s instants, some never
 * reported, each with 0–3 runs — reservations carrying its id, confirmed (over or not) or cancelled, never uses of
 * their own. (The app only ever leaves a run confirmed or cancelled: services/order-work.ts.)
 */

const MINUTE = 60_000

/** The few draws the generator needs (test/repositories/stats.test.ts's mulberry32, seed/prng.ts's Prng). */
export interface Dice {
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
}

export interface OrderGeneration {
  random: Dice
  count: number
  instrumentIds: readonly string[]
  /** Who may send samples: a user and their institution (copied onto the order and its runs). */
  requesters: readonly { userId: string; institutionId: string }[]
  /** The instant the `i`-th order is (or would be) reported, drawn from `random` as the caller likes. */
  reportedAt: (i: number, random: Dice) => number
  /** Prefix of the ids, `ord` unless given. */
  idPrefix?: string
}

/** The orders and their runs, to insert (orders first: runs refer to them). */
export function generateOrders(options: OrderGeneration): {
  orders: Insertable<OrdersTable>[]
  runs: Insertable<ReservationsTable>[]
} {
  const { random } = options
  const prefix = options.idPrefix ?? 'ord'
  const orders: Insertable<OrdersTable>[] = []
  const runs: Insertable<ReservationsTable>[] = []
  for (let i = 0; i < options.count; i++) {
    const status = random.pick(ORDER_STATUSES)
    const reported = options.reportedAt(i, random)
    const wasReported = status === 'reported' || status === 'completed' || random.next() < 0.1
    const requester = random.pick(options.requesters)
    const samples = random.int(1, 40)
    const id = `${prefix}-${String(random.int(0, 9999)).padStart(4, '0')}-${i}`
    const instrumentId = random.pick(options.instrumentIds)
    orders.push({
      id,
      instrument_id: instrumentId,
      user_id: requester.userId,
      user_institution_id: requester.institutionId,
      status,
      samples,
      received_samples: random.next() < 0.7 ? random.int(1, samples) : null,
      sample_description: '样品',
      hazard: 'none',
      tests: '检测',
      delivery: 'courier',
      reported_at: wasReported ? reported : null,
      price_class: 'academic',
      rates: JSON.stringify(DEFAULT_RATE_CARD),
      quote_fen: 0,
      created_at: reported - random.int(1, 20) * 24 * 60 * MINUTE,
      updated_at: reported,
    })
    for (let r = random.int(0, 3); r > 0; r--) {
      const start = reported - random.int(1, 14 * 24 * 4) * 15 * MINUTE
      const end = start + random.int(1, 16) * 15 * MINUTE
      runs.push({
        id: `run-${id}-${r}`,
        instrument_id: instrumentId,
        user_id: requester.userId,
        user_institution_id: requester.institutionId,
        order_id: id,
        start_ms: start,
        end_ms: end,
        hold_end_ms: end,
        status: random.pick(['confirmed', 'confirmed', 'cancelled'] as const),
        recorded: 0,
        actual_start_ms: null,
        actual_end_ms: null,
        ics_uid: `uid-${id}-${r}@test`,
        version: 1,
        created_at: 0,
        updated_at: 0,
      })
    }
  }
  return { orders, runs }
}
