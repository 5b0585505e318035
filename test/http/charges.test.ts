import { beforeEach, describe, expect, it } from 'vitest'
import { MON, type MoneyWorld, SEM_RATES, TUE, withMoney } from '../support/money-world.js'
import { createWorld, type World } from '../support/world.js'

/**
 * DOMAIN.md "Money", through the API: the rate card copied onto a reservation when it is made, the charge made final
 * at check-out, at recording and by the job (and never twice), fees for late cancellations and no-shows, and the
 * voucher's deduction written with it. Shared with the workers project (test/worker/charges.test.ts).
 */

let world: World
let money: MoneyWorld
beforeEach(async () => {
  world = await createWorld()
  money = await withMoney(world)
})

const get = async (id: string, token = world.accounts.adminNbu.token) =>
  (await world.call('GET', `/reservations/${id}`, { token })).json

describe('the rate card', () => {
  it('defaults to free on a new instrument and is changed as a whole, recorded in its history', async () => {
    const admin = world.accounts.adminNbu.token
    const made = await world.call('POST', '/instruments', {
      token: admin,
      body: {
        institutionId: world.institutions.nbu.id,
        name: 'X射线衍射仪',
        category: 'analytical',
        openingHours: [{ weekday: 1, open: '08:00', close: '18:00' }],
      },
    })
    expect(made.status).toBe(201)
    expect(made.json.rates).toEqual({
      hour: null,
      sample: null,
      chargeBasis: 'booked',
      incrementMinutes: 30,
      freeCancelHours: 24,
      lateCancelPercent: 0,
      noShowPercent: 100,
    })
    const changed = await world.call('PATCH', `/instruments/${made.json.id}`, {
      token: admin,
      body: { rates: { sample: { internal: 8_000, academic: 12_000, enterprise: 18_000 }, chargeBasis: 'actual' } },
    })
    expect(changed.status).toBe(200)
    expect(changed.json.rates).toMatchObject({ hour: null, sample: { enterprise: 18_000 }, chargeBasis: 'actual' })
    const history = await world.call('GET', `/instruments/${made.json.id}/history`, { token: admin })
    expect(history.json.items.at(-1).changes.rates.to.sample.enterprise).toBe(18_000)
    // a PATCH without rates leaves them as they are
    await world.call('PATCH', `/instruments/${made.json.id}`, { token: admin, body: { location: '分析测试中心 101' } })
    expect((await world.call('GET', `/instruments/${made.json.id}`)).json.rates.sample.enterprise).toBe(18_000)
  })

  it.each([
    [{ hour: { internal: -1, academic: 0, enterprise: 0 } }, 'rates.hour.internal'],
    [{ hour: { internal: 1.5, academic: 0, enterprise: 0 } }, 'rates.hour.internal'],
    [{ hour: { internal: 100, academic: 100 } }, 'rates.hour.enterprise'],
    [{ chargeBasis: 'cheapest' }, 'rates.chargeBasis'],
    [{ incrementMinutes: 0 }, 'rates.incrementMinutes'],
    [{ noShowPercent: 101 }, 'rates.noShowPercent'],
    [{ lateCancelPercent: -1 }, 'rates.lateCancelPercent'],
  ])('refuses %j (400 at %s)', async (rates, path) => {
    const sem = await money.priced()
    const res = await world.call('PATCH', `/instruments/${sem.id}`, {
      token: world.accounts.adminNbu.token,
      body: { rates },
    })
    expect(res.status).toBe(400)
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('is copied onto a reservation when it is made: a later price change never touches it', async () => {
    const sem = await money.priced()
    const made = await money.book(world.accounts.researcherZs, sem.id, TUE('09:00'), TUE('10:30'))
    expect(made.status).toBe(201)
    expect(made.json).toMatchObject({
      priceClass: 'academic',
      rates: SEM_RATES,
      unit: 'hour',
      unitPriceFen: 20_000,
      voucherId: null,
      fundAccount: '',
      billable: true,
      chargeFen: null,
      deductionFen: null,
      payableFen: null,
      feeFen: null,
      chargedAt: null,
    })
    await world.call('PATCH', `/instruments/${sem.id}`, {
      token: world.accounts.adminNbu.token,
      body: { rates: { ...SEM_RATES, hour: { internal: 1, academic: 1, enterprise: 1 } } },
    })
    expect((await get(made.json.id)).rates).toEqual(SEM_RATES)
    world.clock.set(TUE('10:30'))
    await money.runJobs()
    expect(await get(made.json.id)).toMatchObject({ billedMinutes: 90, chargeFen: 30_000, payableFen: 30_000 })
  })

  it('prices by the class of the user’s institution, never by its city (同城待遇)', async () => {
    const sem = await money.priced()
    const people = [
      [world.accounts.researcherNb, 'internal', 15_000], // 宁波大学's own
      [world.accounts.researcherZs, 'academic', 20_000], // 浙江海洋大学, Zhoushan
      [money.accounts.nbCompany, 'enterprise', 30_000], // a Ningbo enterprise
      [money.accounts.zsCompany, 'enterprise', 30_000], // a Zhoushan enterprise pays the same
    ] as const
    for (const [i, [who, priceClass, unitPriceFen]] of people.entries()) {
      const hour = (h: number) => TUE(`${String(h).padStart(2, '0')}:00`)
      const made = await money.book(who, sem.id, hour(9 + i), hour(10 + i))
      expect(made.json, who.email).toMatchObject({ priceClass, unitPriceFen })
    }
  })
})

describe('a charge becomes final', () => {
  it('at check-out, by the card’s basis, in the same write as the move', async () => {
    const sem = await money.priced({ rates: { ...SEM_RATES, chargeBasis: 'actual' } })
    const made = await money.book(world.accounts.researcherZs, sem.id, MON('09:00'), MON('11:00'))
    const token = world.accounts.researcherZs.token
    world.clock.set(MON('08:55'))
    expect((await world.call('POST', `/reservations/${made.json.id}/check-in`, { token })).status).toBe(200)
    world.clock.set(MON('09:40'))
    const out = await world.call('POST', `/reservations/${made.json.id}/check-out`, { token })
    expect(out.status).toBe(200)
    // 45 minutes at the machine → 60 billed minutes at ¥200/h
    expect(out.json).toMatchObject({
      status: 'completed',
      billedMinutes: 60,
      quantity: 1,
      chargeFen: 20_000,
      deductionFen: 0,
      payableFen: 20_000,
      chargedAt: '2027-03-01T01:40:00.000Z',
    })
    const history = await world.call('GET', `/reservations/${made.json.id}/history`, { token })
    expect(history.json.items.at(-1)).toMatchObject({ to: 'completed', detail: { chargeFen: 20_000 } })
  })

  it('by the job for a confirmed reservation whose end has passed — never by a read, never twice', async () => {
    const sem = await money.priced()
    const made = await money.book(world.accounts.researcherZs, sem.id, MON('09:00'), MON('10:00'))
    world.clock.set(MON('09:59'))
    expect((await money.runJobs())['finalise-charges']).toBe(0)
    world.clock.set(MON('10:00'))
    // reads see the use, but its charge stays open until the job makes it final
    expect((await get(made.json.id)).chargeFen).toBeNull()
    expect(
      (await world.call('GET', '/reservations', { token: world.accounts.adminNbu.token })).json.items[0].chargeFen,
    ).toBeNull()
    expect((await money.runJobs())['finalise-charges']).toBe(1)
    expect(await get(made.json.id)).toMatchObject({ status: 'confirmed', chargeFen: 20_000, payableFen: 20_000 })
    expect((await money.runJobs())['finalise-charges']).toBe(0)
    const history = await world.call('GET', `/reservations/${made.json.id}/history`, {
      token: world.accounts.researcherZs.token,
    })
    expect(history.json.items.map((e: { reason: string }) => e.reason)).toEqual(['booked', 'charge final'])
    const entries = await world.db.selectFrom('billing_entries').select(['kind', 'charge_fen']).execute()
    expect(entries).toEqual([{ kind: 'charge', charge_fen: 20_000 }])
  })

  it('by the job for a use checked in but never out, 24 hours after its end; a later check-out changes nothing', async () => {
    const sem = await money.priced({ rates: { ...SEM_RATES, chargeBasis: 'greater' } })
    const made = await money.book(world.accounts.researcherZs, sem.id, MON('09:00'), MON('10:00'))
    const token = world.accounts.researcherZs.token
    world.clock.set(MON('08:50'))
    await world.call('POST', `/reservations/${made.json.id}/check-in`, { token })
    world.clock.set('2027-03-02T09:59:00+08:00')
    expect((await money.runJobs())['finalise-charges']).toBe(0)
    world.clock.set('2027-03-02T10:00:00+08:00')
    expect((await money.runJobs())['finalise-charges']).toBe(1)
    // checked in 08:50, never out: machine time = end − check-in = 70 minutes → 90 billed
    expect(await get(made.json.id)).toMatchObject({ status: 'in_use', billedMinutes: 90, chargeFen: 30_000 })
    world.clock.set('2027-03-02T11:00:00+08:00')
    const out = await world.call('POST', `/reservations/${made.json.id}/check-out`, { token })
    expect(out.json).toMatchObject({ status: 'completed', billedMinutes: 90, chargeFen: 30_000 })
    expect(await world.db.selectFrom('billing_entries').select('kind').execute()).toHaveLength(1)
  })

  it('at recording; a use recorded as not billable counts and costs nothing', async () => {
    const sem = await money.priced()
    const admin = world.accounts.adminNbu.token
    const billed = await world.call('POST', `/instruments/${sem.id}/uses`, {
      token: admin,
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-26T09:00:00+08:00',
        end: '2027-02-26T10:10:00+08:00',
        fundAccount: 'ZJOU-2027-018',
      },
    })
    expect(billed.status).toBe(201)
    expect(billed.json).toMatchObject({
      status: 'completed',
      recorded: true,
      billedMinutes: 90,
      chargeFen: 30_000,
      payableFen: 30_000,
      fundAccount: 'ZJOU-2027-018',
    })
    const free = await world.call('POST', `/instruments/${sem.id}/uses`, {
      token: admin,
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-25T09:00:00+08:00',
        end: '2027-02-25T10:00:00+08:00',
        billable: false,
      },
    })
    expect(free.json).toMatchObject({ billable: false, chargeFen: 0, payableFen: 0 })
    const entries = await world.db.selectFrom('billing_entries').select(['reservation_id', 'fund_account']).execute()
    expect(entries).toEqual([{ reservation_id: billed.json.id, fund_account: 'ZJOU-2027-018' }])
  })
})

describe('fees', () => {
  const HOUR = 3_600_000
  it('a researcher’s cancellation less than freeCancelHours before the start costs lateCancelPercent', async () => {
    const sem = await money.priced()
    const token = world.accounts.researcherZs.token
    const late = await money.book(world.accounts.researcherZs, sem.id, TUE('09:00'), TUE('11:00'))
    const early = await money.book(
      world.accounts.researcherZs,
      sem.id,
      '2027-03-04T09:00:00+08:00',
      '2027-03-04T11:00:00+08:00',
    )
    world.clock.set(Date.parse(TUE('09:00')) - 24 * HOUR + 1)
    const cancelled = await world.call('POST', `/reservations/${late.json.id}/cancel`, { token })
    expect(cancelled.json).toMatchObject({ status: 'cancelled', feeFen: 20_000, payableFen: 20_000, chargeFen: null })
    const free = await world.call('POST', `/reservations/${early.json.id}/cancel`, { token })
    expect(free.json).toMatchObject({ status: 'cancelled', feeFen: null, payableFen: null })
    const entries = await world.db.selectFrom('billing_entries').select(['kind', 'charge_fen', 'fee_percent']).execute()
    expect(entries).toEqual([{ kind: 'fee', charge_fen: 20_000, fee_percent: 50 }])
  })

  it('cancellation by an admin, rejection, expiry and blackout never cost anything', async () => {
    const sem = await money.priced()
    const approval = await money.priced({ requiresApproval: true })
    const admin = world.accounts.adminNbu.token
    const r = world.accounts.researcherZs
    const byAdmin = await money.book(r, sem.id, MON('09:00'), MON('10:00'))
    const byBlackout = await money.book(r, sem.id, MON('11:00'), MON('12:00'))
    const rejected = await money.book(r, approval.id, MON('09:00'), MON('10:00'))
    const expired = await money.book(r, approval.id, MON('11:00'), MON('12:00'))
    world.clock.set(MON('08:30'))
    await world.call('POST', `/reservations/${byAdmin.json.id}/cancel`, { token: admin })
    await world.call('POST', `/reservations/${rejected.json.id}/reject`, { token: admin })
    await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: admin,
      body: { start: MON('11:00'), end: MON('12:00'), reason: '故障' },
    })
    world.clock.set(MON('12:00'))
    await money.runJobs()
    for (const id of [byAdmin.json.id, byBlackout.json.id, rejected.json.id, expired.json.id])
      expect(await get(id)).toMatchObject({ feeFen: null, chargeFen: null, payableFen: null })
    expect((await get(expired.json.id)).status).toBe('expired')
    expect(await world.db.selectFrom('billing_entries').selectAll().execute()).toEqual([])
  })

  it('a no-show before the charge is final costs noShowPercent of the booked charge', async () => {
    const sem = await money.priced({ rates: { ...SEM_RATES, noShowPercent: 30 } })
    const made = await money.book(world.accounts.researcherZs, sem.id, MON('09:00'), MON('10:30'))
    world.clock.set(MON('09:15'))
    const res = await world.call('POST', `/reservations/${made.json.id}/no-show`, {
      token: world.accounts.adminNbu.token,
    })
    expect(res.json).toMatchObject({ status: 'no_show', feeFen: 9_000, payableFen: 9_000, chargeFen: null })
    world.clock.set(MON('11:00'))
    expect((await money.runJobs())['finalise-charges']).toBe(0)
  })

  it('a no-show after the job made the charge final replaces it with the fee and returns the deduction', async () => {
    const sem = await money.priced()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 100_000)
    const made = await money.book(money.accounts.zsCompany, sem.id, MON('09:00'), MON('10:00'), {
      voucherId: voucher.id,
    })
    expect(made.status).toBe(201)
    world.clock.set(MON('10:00'))
    await money.runJobs()
    expect(await get(made.json.id)).toMatchObject({ chargeFen: 30_000, deductionFen: 15_000, payableFen: 15_000 })
    expect(await money.balance(voucher.id)).toBe(85_000)
    world.clock.set(MON('15:00'))
    const res = await world.call('POST', `/reservations/${made.json.id}/no-show`, {
      token: world.accounts.adminNbu.token,
    })
    expect(res.json).toMatchObject({
      status: 'no_show',
      chargeFen: null,
      deductionFen: null,
      feeFen: 30_000,
      payableFen: 30_000,
    })
    expect(await money.balance(voucher.id)).toBe(100_000)
    const ledger = (await world.call('GET', `/vouchers/${voucher.id}`, { token: money.accounts.zsCompany.token })).json
      .ledger
    expect(ledger.map((l: { deductionFen: number }) => l.deductionFen)).toEqual([15_000, -15_000])
    // the charge was still on a draft: the draft follows the data, only the fee remains
    const entries = await world.db
      .selectFrom('billing_entries')
      .select(['kind', 'charge_fen', 'deduction_fen'])
      .execute()
    expect(entries).toEqual([{ kind: 'fee', charge_fen: 30_000, deduction_fen: 0 }])
  })
})

describe('a blackout added over the past', () => {
  it('leaves a use whose charge is final as it is, and cancels one whose charge is still open', async () => {
    const sem = await money.priced()
    const charged = await money.book(world.accounts.researcherZs, sem.id, MON('09:00'), MON('10:00'))
    const open = await money.book(world.accounts.researcherZs, sem.id, MON('10:30'), MON('11:00'))
    world.clock.set(MON('10:15'))
    await money.runJobs()
    const blackout = await world.call('POST', `/instruments/${sem.id}/blackouts`, {
      token: world.accounts.adminNbu.token,
      body: { start: MON('08:00'), end: MON('12:00'), reason: '补登停机记录' },
    })
    expect(blackout.status).toBe(201)
    expect(blackout.json.cancelledReservationIds).toEqual([open.json.id])
    expect(await get(charged.json.id)).toMatchObject({ status: 'confirmed', chargeFen: 20_000 })
  })
})
