import { beforeEach, describe, expect, it } from 'vitest'
import { MON, type MoneyWorld, TUE, withMoney } from '../support/money-world.js'
import { createWorld, type World } from '../support/world.js'

/**
 * Voucher programmes and vouchers (DOMAIN.md "Vouchers"), quotes, and the month's redemptions, through the API.
 * Shared with the workers project (test/worker/vouchers.test.ts).
 */

let world: World
let money: MoneyWorld
beforeEach(async () => {
  world = await createWorld()
  money = await withMoney(world)
})

const NEXT_WEEK = (time: string) => `2027-03-09T${time}:00+08:00`

describe('programmes', () => {
  it('are created by the talent office of their city, for its science bureau, and read by anyone', async () => {
    const made = await money.program('zhoushan', {
      fullCoverageBelowFen: 50_000,
      perUseCapFen: 200_000,
      perHolderYearCapFen: 1_000_000,
    })
    expect(made).toMatchObject({
      city: 'zhoushan',
      coveragePercent: 50,
      fullCoverageBelowFen: 50_000,
      perUseCapFen: 200_000,
      perHolderYearCapFen: 1_000_000,
      holderKinds: ['enterprise'],
      providerCities: null,
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
    })
    const list = await world.call('GET', '/voucher-programs')
    expect(list.json.items.map((p: { id: string }) => p.id)).toEqual([made.id])
    const other = await world.call('POST', '/voucher-programs', {
      token: world.accounts.talent.token, // Ningbo's talent office
      body: { name: '舟山券', city: 'zhoushan', coveragePercent: 50, validFrom: '2027-01-01', validTo: '2027-12-31' },
    })
    expect(other.status).toBe(403)
  })

  it.each([
    [{ city: 'hangzhou' }, 'city'],
    [{ providerCities: ['ningbo', 'hangzhou'] }, 'providerCities.1'],
    [{ validTo: '2026-12-31' }, 'validTo'],
    [{ validFrom: '2027-02-30' }, 'validFrom'],
    [{ coveragePercent: 101 }, 'coveragePercent'],
    [{ holderKinds: ['company'] }, 'holderKinds.0'],
  ])('refuses %j (400 at %s)', async (change, path) => {
    const res = await world.call('POST', '/voucher-programs', {
      token: money.accounts.talentZs.token,
      body: {
        name: '舟山券',
        city: 'zhoushan',
        coveragePercent: 50,
        validFrom: '2027-01-01',
        validTo: '2027-12-31',
        ...change,
      },
    })
    expect(res.status).toBe(400)
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('vouchers', () => {
  it('are granted to a holder of a kind the programme is for, and read by its people and the talent offices', async () => {
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 500_000)
    expect(voucher).toMatchObject({ amountFen: 500_000, balanceFen: 500_000, ledger: [], programCity: 'zhoushan' })
    const university = await world.call('POST', '/vouchers', {
      token: money.accounts.talentZs.token,
      body: {
        programId: program.id,
        holderInstitutionId: world.institutions.zjou.id,
        amountFen: 1000,
        expiresAt: '2027-12-31T23:59:59+08:00',
      },
    })
    expect(university.status).toBe(422)
    expect(university.json.type).toMatch(/\/problems\/voucher-not-applicable$/)
    const stale = await world.call('POST', '/vouchers', {
      token: money.accounts.talentZs.token,
      body: {
        programId: program.id,
        holderInstitutionId: money.institutions.zsCompany.id,
        amountFen: 1000,
        expiresAt: '2027-02-28T00:00:00+08:00',
      },
    })
    expect(stale.status).toBe(400)

    const own = await world.call('GET', '/vouchers', { token: money.accounts.zsCompany.token })
    expect(own.json.items.map((v: { id: string }) => v.id)).toEqual([voucher.id])
    expect((await world.call('GET', '/vouchers', { token: world.accounts.researcherZs.token })).json.items).toEqual([])
    const others = await world.call('GET', `/vouchers?holderInstitutionId=${money.institutions.zsCompany.id}`, {
      token: world.accounts.researcherZs.token,
    })
    expect(others.status).toBe(403)
    expect(
      (await world.call('GET', `/vouchers/${voucher.id}`, { token: world.accounts.researcherZs.token })).status,
    ).toBe(404)
    for (const token of [world.accounts.talent.token, money.accounts.talentZs.token, money.accounts.zsCompany2.token])
      expect((await world.call('GET', `/vouchers/${voucher.id}`, { token })).json.balanceFen).toBe(500_000)
  })

  it('are checked when named for a booking: 404 unknown, 422 voucher-not-applicable for each reason', async () => {
    const ningboSem = await money.priced()
    const companySem = await money.priced({ institutionId: money.institutions.zsCompany.id })
    const zhoushanOnly = await money.program('zhoushan', { providerCities: ['zhoushan'] })
    const everywhere = await money.program('zhoushan', { validTo: '2027-03-05' })
    const onlyZhoushan = await money.voucher(zhoushanOnly.id, money.institutions.zsCompany.id, 100_000)
    const shortLived = await money.voucher(everywhere.id, money.institutions.zsCompany.id, 100_000, TUE('12:00'))
    const fine = await money.voucher(everywhere.id, money.institutions.zsCompany.id, 100_000)
    const cases: [string, string, string, string, string][] = [
      ['another holder’s', world.accounts.researcherZs.token, ningboSem.id, fine.id, 'other-holder'],
      ['an internal use', money.accounts.zsCompany.token, companySem.id, fine.id, 'internal'],
      ['a provider city not covered', money.accounts.zsCompany.token, ningboSem.id, onlyZhoushan.id, 'provider-city'],
      ['after the programme’s validity', money.accounts.zsCompany.token, ningboSem.id, fine.id, 'outside-validity'],
      ['expired by the use', money.accounts.zsCompany.token, ningboSem.id, shortLived.id, 'expired'],
    ]
    for (const [label, token, instrumentId, voucherId, reason] of cases) {
      const [start, end] =
        reason === 'outside-validity' ? [NEXT_WEEK('09:00'), NEXT_WEEK('10:00')] : [TUE('13:00'), TUE('14:00')]
      const res = await world.call('POST', '/reservations', {
        token,
        body: { instrumentId, start, end, voucherId },
      })
      expect({ label, status: res.status, reason: res.json.reason }).toEqual({ label, status: 422, reason })
      expect(res.json.type).toMatch(/\/problems\/voucher-not-applicable$/)
    }
    const unknown = await money.book(money.accounts.zsCompany, ningboSem.id, TUE('13:00'), TUE('14:00'), {
      voucherId: 'no-such-voucher',
    })
    expect(unknown.status).toBe(404)
    const ok = await money.book(money.accounts.zsCompany, ningboSem.id, TUE('13:00'), TUE('14:00'), {
      voucherId: fine.id,
      fundAccount: 'HL-2027-03',
    })
    expect(ok.json).toMatchObject({ status: 'confirmed', voucherId: fine.id, fundAccount: 'HL-2027-03' })
    expect(await world.db.selectFrom('reservations').select('id').execute()).toHaveLength(1)
  })

  it('deduct coverage, the whole charge below the threshold, at most the cap per use and the balance', async () => {
    const sem = await money.priced()
    const program = await money.program('zhoushan', {
      coveragePercent: 40,
      fullCoverageBelowFen: 20_000,
      perUseCapFen: 25_000,
    })
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 50_000)
    const admin = world.accounts.adminNbu.token
    const record = (day: number, minutes: number) =>
      world.call('POST', `/instruments/${sem.id}/uses`, {
        token: admin,
        body: {
          userId: money.accounts.zsCompany.id,
          start: `2027-02-${String(day).padStart(2, '0')}T09:00:00+08:00`,
          end: new Date(
            Date.parse(`2027-02-${String(day).padStart(2, '0')}T09:00:00+08:00`) + minutes * 60_000,
          ).toISOString(),
          voucherId: voucher.id,
        },
      })
    // 30 min at ¥300/h = 15,000: strictly below the threshold → all of it
    expect((await record(1, 30)).json).toMatchObject({ chargeFen: 15_000, deductionFen: 15_000, payableFen: 0 })
    // 60 min = 30,000: 40 % = 12,000
    expect((await record(2, 60)).json).toMatchObject({ chargeFen: 30_000, deductionFen: 12_000, payableFen: 18_000 })
    // 300 min = 150,000: 40 % = 60,000, capped per use at 25,000, but only 23,000 left
    expect((await record(3, 300)).json).toMatchObject({ chargeFen: 150_000, deductionFen: 23_000, payableFen: 127_000 })
    expect(await money.balance(voucher.id)).toBe(0)
    // used up: 422 voucher-exhausted, nothing written
    const exhausted = await record(4, 60)
    expect(exhausted.status).toBe(422)
    expect(exhausted.json.type).toMatch(/\/problems\/voucher-exhausted$/)
  })

  it('stop at the holder’s yearly cap, counted by the year of each use', async () => {
    const sem = await money.priced()
    const program = await money.program('zhoushan', {
      coveragePercent: 100,
      perHolderYearCapFen: 40_000,
      validFrom: '2026-01-01',
    })
    const first = await money.voucher(program.id, money.institutions.zsCompany.id, 100_000)
    const second = await money.voucher(program.id, money.institutions.zsCompany.id, 100_000)
    const record = (start: string, voucherId: string) =>
      world.call('POST', `/instruments/${sem.id}/uses`, {
        token: world.accounts.adminNbu.token,
        body: {
          userId: money.accounts.zsCompany.id,
          start,
          end: new Date(Date.parse(start) + 3_600_000).toISOString(),
          voucherId,
        },
      })
    expect((await record('2027-02-01T09:00:00+08:00', first.id)).json.deductionFen).toBe(30_000)
    // a second voucher of the same programme shares the holder's cap: 10,000 left in 2027
    expect((await record('2027-02-02T09:00:00+08:00', second.id)).json.deductionFen).toBe(10_000)
    // a use of 2026 (recorded now) counts against 2026's cap: the whole charge
    expect((await record('2026-12-31T23:00:00+08:00', second.id)).json.deductionFen).toBe(30_000)
    const capped = await record('2027-02-03T09:00:00+08:00', second.id)
    expect(capped.status).toBe(422)
    expect(capped.json.type).toMatch(/\/problems\/voucher-exhausted$/)
  })

  it('are checked again when the charge becomes final: a voucher used up meanwhile deducts what is left', async () => {
    const sem = await money.priced()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 20_000)
    const a = await money.book(money.accounts.zsCompany, sem.id, MON('09:00'), MON('10:00'), { voucherId: voucher.id })
    const b = await money.book(money.accounts.zsCompany2, sem.id, MON('10:00'), MON('11:00'), { voucherId: voucher.id })
    expect([a.status, b.status]).toEqual([201, 201]) // nothing is held at booking
    world.clock.set(MON('11:00'))
    await money.runJobs()
    const [ra, rb] = await Promise.all(
      [a, b].map(
        async (r) =>
          (await world.call('GET', `/reservations/${r.json.id}`, { token: world.accounts.adminNbu.token })).json,
      ),
    )
    expect([ra.deductionFen, rb.deductionFen]).toEqual([15_000, 5_000])
    expect([ra.payableFen, rb.payableFen]).toEqual([15_000, 25_000])
    expect(await money.balance(voucher.id)).toBe(0)
  })
})

describe('GET /instruments/{id}/quote', () => {
  it('quotes the caller’s class on the card in force, for a time or for samples', async () => {
    const sem = await money.priced()
    const q = (token: string, query: string) => world.call('GET', `/instruments/${sem.id}/quote?${query}`, { token })
    const time = `start=${encodeURIComponent(TUE('09:00'))}&end=${encodeURIComponent(TUE('10:10'))}`
    expect((await q(world.accounts.researcherZs.token, time)).json).toEqual({
      priceClass: 'academic',
      unit: 'hour',
      billedMinutes: 90,
      quantity: 1.5,
      unitPriceFen: 20_000,
      chargeFen: 30_000,
      voucherId: null,
      deductionFen: 0,
      payableFen: 30_000,
    })
    expect((await q(world.accounts.researcherNb.token, time)).json).toMatchObject({
      priceClass: 'internal',
      chargeFen: 22_500,
    })
    // 同城待遇: the Zhoushan enterprise and the Ningbo one are quoted the same
    const zs = (await q(money.accounts.zsCompany.token, time)).json
    const nb = (await q(money.accounts.nbCompany.token, time)).json
    expect(zs).toEqual(nb)
    expect((await q(world.accounts.researcherZs.token, 'samples=3')).json).toMatchObject({
      unit: 'sample',
      quantity: 3,
      unitPriceFen: 12_000,
      chargeFen: 36_000,
    })
    for (const bad of ['', 'samples=2&start=2027-03-02T09:00:00%2B08:00', `start=${encodeURIComponent(TUE('09:00'))}`])
      expect((await q(world.accounts.researcherZs.token, bad)).status, bad).toBe(400)
  })

  it('deducts what the voucher would pay at today’s balance, and refuses one that does not apply', async () => {
    const sem = await money.priced()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 10_000)
    const time = `start=${encodeURIComponent(TUE('09:00'))}&end=${encodeURIComponent(TUE('10:00'))}`
    const quoted = await world.call('GET', `/instruments/${sem.id}/quote?${time}&voucherId=${voucher.id}`, {
      token: money.accounts.zsCompany.token,
    })
    expect(quoted.json).toMatchObject({ chargeFen: 30_000, deductionFen: 10_000, payableFen: 20_000 })
    const other = await world.call('GET', `/instruments/${sem.id}/quote?${time}&voucherId=${voucher.id}`, {
      token: world.accounts.researcherZs.token,
    })
    expect(other.status).toBe(422)
  })
})

describe('redemptions', () => {
  it('sum the month’s deductions by provider; a provider’s admin sees its own row; CSV with a BOM', async () => {
    const nbuSem = await money.priced()
    const zjouSem = await money.priced({ institutionId: world.institutions.zjou.id })
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 1_000_000)
    const record = (instrumentId: string, admin: string, start: string) =>
      world.call('POST', `/instruments/${instrumentId}/uses`, {
        token: admin,
        body: {
          userId: money.accounts.zsCompany.id,
          start,
          end: new Date(Date.parse(start) + 3_600_000).toISOString(),
          voucherId: voucher.id,
        },
      })
    await record(nbuSem.id, world.accounts.adminNbu.token, '2027-02-01T09:00:00+08:00')
    await record(nbuSem.id, world.accounts.adminNbu.token, '2027-02-02T09:00:00+08:00')
    await record(zjouSem.id, world.accounts.adminZjou.token, '2027-02-03T09:00:00+08:00')
    const all = await world.call('GET', `/voucher-programs/${program.id}/redemptions?month=2027-03`, {
      token: money.accounts.talentZs.token,
    })
    expect(all.json.totalFen).toBe(45_000)
    expect(all.json.providers).toEqual([
      {
        institutionId: world.institutions.nbu.id,
        name: '宁波大学',
        city: 'ningbo',
        deductions: 2,
        deductionFen: 30_000,
      },
      {
        institutionId: world.institutions.zjou.id,
        name: '浙江海洋大学',
        city: 'zhoushan',
        deductions: 1,
        deductionFen: 15_000,
      },
    ])
    const own = await world.call('GET', `/voucher-programs/${program.id}/redemptions?month=2027-03`, {
      token: world.accounts.adminZjou.token,
    })
    expect(own.json.providers.map((p: { name: string }) => p.name)).toEqual(['浙江海洋大学'])
    const february = await world.call('GET', `/voucher-programs/${program.id}/redemptions?month=2027-02`, {
      token: money.accounts.talentZs.token,
    })
    expect(february.json.totalFen).toBe(0) // dated by when each deduction was made: 1 March
    const csv = await money.csv(
      `/voucher-programs/${program.id}/redemptions.csv?month=2027-03`,
      money.accounts.talentZs.token,
    )
    expect(csv.startsWith('\uFEFF日期,提供单位,持券单位,创新券,预约编号,抵扣（元）\r\n')).toBe(true)
    const lines = csv.trimEnd().split('\r\n')
    expect(lines.at(-1)).toBe('合计,,,,,450.00')
    expect(lines.filter((l) => l.startsWith('小计'))).toEqual([
      '小计,宁波大学,,,,300.00',
      '小计,浙江海洋大学,,,,150.00',
    ])
    expect(
      (
        await world.call('GET', `/voucher-programs/${program.id}/redemptions`, {
          token: money.accounts.zsCompany.token,
        })
      ).status,
    ).toBe(403)
  })
})
