import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { runDueJobs } from '../../src/services/jobs.js'
import { MON, type MoneyWorld, withMoney } from '../support/money-world.js'
import { type Account, createResearchers, createWorld, type World } from '../support/world.js'
import { holdWritesUntil } from '../support/write-barrier.js'

/**
 * DOMAIN.md: "The deduction is written in the same atomic step that makes the charge final, so a balance never goes
 * below zero, however many uses end at once." Forty uses end at once on one voucher — check-outs, recordings, two
 * jobs racing — with every request past its reads before any writes (holdWritesUntil): only the guarded write can
 * tell them apart. Shared with the workers project (test/worker/voucher-storm.test.ts), where D1's batch() decides.
 */

const CROWD = 40
/** 30,000 fen a use (an hour at ¥300), 50 % covered: 15,000 each; the voucher holds 6½ of them. */
const AMOUNT = 100_000
const FULL = 15_000

let world: World
let money: MoneyWorld
let crowd: Account[]
let voucherId: string
beforeEach(async () => {
  world = await createWorld()
  money = await withMoney(world)
  crowd = await createResearchers(world, CROWD, money.institutions.zsCompany.id, 'storm')
  const program = await money.program('zhoushan')
  voucherId = (await money.voucher(program.id, money.institutions.zsCompany.id, AMOUNT)).id
})

/** The voucher's ledger and every reservation's money, read back from the database. */
async function expectVoucherSpentExactly(reservationIds: string[]) {
  const rows = await world.db
    .selectFrom('reservations')
    .select(['id', 'charge_fen', 'deduction_fen', 'payable_fen'])
    .where('id', 'in', reservationIds)
    .execute()
  expect(rows).toHaveLength(CROWD)
  for (const row of rows) {
    expect(row.charge_fen).toBe(30_000)
    expect(row.payable_fen! + row.deduction_fen!).toBe(row.charge_fen)
  }
  const deductions = rows.map((r) => r.deduction_fen!).sort((a, b) => b - a)
  // six whole deductions, one of what was left, and nothing for the other 33
  expect(deductions).toEqual([...Array(6).fill(FULL), AMOUNT - 6 * FULL, ...Array(CROWD - 7).fill(0)])
  const ledger = await world.db.selectFrom('voucher_ledger').select(['reservation_id', 'deduction_fen']).execute()
  expect(ledger).toHaveLength(7)
  expect(ledger.reduce((sum, line) => sum + line.deduction_fen, 0)).toBe(AMOUNT)
  expect(await money.balance(voucherId)).toBe(0)
  // every deduction is in the ledger exactly once, against its own reservation
  const byReservation = new Map(rows.map((r) => [r.id, r.deduction_fen]))
  for (const line of ledger) expect(byReservation.get(line.reservation_id!)).toBe(line.deduction_fen)
  // and every charge is one billing entry, with its deduction
  const { rows: entries } = await sql<{ n: number; deducted: number }>`
    SELECT COUNT(*) AS n, SUM(deduction_fen) AS deducted FROM billing_entries WHERE kind = 'charge'`.execute(world.db)
  expect(entries[0]).toEqual({ n: CROWD, deducted: AMOUNT })
}

describe(`${CROWD} uses ending at once on one voucher`, () => {
  it('check-outs: all succeed, the deductions add up to the balance exactly, never below zero', async () => {
    const instruments = await Promise.all(crowd.map(() => money.priced()))
    const booked = []
    for (const [i, researcher] of crowd.entries()) {
      const made = await money.book(researcher, instruments[i]!.id, MON('09:00'), MON('10:00'), { voucherId })
      expect(made.status).toBe(201)
      booked.push(made.json.id as string)
    }
    world.clock.set(MON('08:50'))
    for (const [i, id] of booked.entries())
      expect((await world.call('POST', `/reservations/${id}/check-in`, { token: crowd[i]!.token })).status).toBe(200)
    world.clock.set(MON('09:55'))
    const barrier = holdWritesUntil(world.deps, CROWD, 20_000)
    const results = await Promise.all(
      booked.map((id, i) => world.call('POST', `/reservations/${id}/check-out`, { token: crowd[i]!.token })),
    ).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    expect(results.map((r) => r.status)).toEqual(Array(CROWD).fill(200))
    await expectVoucherSpentExactly(booked)
  })

  it('recorded uses: all recorded, the deductions add up to the balance exactly', async () => {
    const sem = await money.priced()
    const barrier = holdWritesUntil(world.deps, CROWD, 20_000)
    const results = await Promise.all(
      crowd.map((researcher, i) => {
        const start = Date.parse('2027-02-01T00:00:00+08:00') + i * 2 * 3_600_000
        return world.call('POST', `/instruments/${sem.id}/uses`, {
          token: world.accounts.adminNbu.token,
          body: {
            userId: researcher.id,
            start: new Date(start).toISOString(),
            end: new Date(start + 3_600_000).toISOString(),
            voucherId,
          },
        })
      }),
    ).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    expect(results.map((r) => r.status)).toEqual(Array(CROWD).fill(201))
    await expectVoucherSpentExactly(results.map((r) => r.json.id))
  })

  it('two runs of the job at once: every charge final exactly once, the voucher spent exactly', async () => {
    const everyDay = ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))
    const sem = await money.priced({ openingHours: everyDay })
    const booked = []
    for (const [i, researcher] of crowd.entries()) {
      const start = Date.parse(MON('08:00')) + i * 3_600_000 + 3_600_000
      const made = await money.book(
        researcher,
        sem.id,
        new Date(start).toISOString(),
        new Date(start + 3_600_000).toISOString(),
        {
          voucherId,
        },
      )
      expect(made.status, made.text).toBe(201)
      booked.push(made.json.id as string)
    }
    world.clock.set('2027-03-03T08:00:00+08:00')
    await money.signInAgain()
    // both runs read the same due reservations before either writes
    const barrier = holdWritesUntil(world.deps, 2, 20_000)
    const [first, second] = await Promise.all([runDueJobs(world.deps), runDueJobs(world.deps)]).finally(barrier.restore)
    expect(barrier.reached()).toBe(true)
    expect(first!['finalise-charges']! + second!['finalise-charges']!).toBe(CROWD)
    expect((await runDueJobs(world.deps))['finalise-charges']).toBe(0)
    await expectVoucherSpentExactly(booked)
    const finalEvents = await world.db
      .selectFrom('reservation_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reason', '=', 'charge final')
      .executeTakeFirst()
    expect(Number(finalEvents?.n)).toBe(CROWD)
  })
})
