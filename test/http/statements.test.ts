import { beforeEach, describe, expect, it } from 'vitest'
import { type MoneyWorld, withMoney } from '../support/money-world.js'
import { createWorld, type World } from '../support/world.js'
import { holdWritesUntil } from '../support/write-barrier.js'

/**
 * Monthly statements (DOMAIN.md "Statements"), through the API: drafts that follow the data, issuing a month that
 * has ended, frozen lines, late lines as adjustments on the next draft, the moves, internal statements by fund
 * account, totals exact to the fen and the CSV. Shared with the workers project (test/worker/statements.test.ts).
 */

let world: World
let money: MoneyWorld
let semId: string
beforeEach(async () => {
  world = await createWorld() // Monday 2027-03-01 08:00 in Shanghai: February has ended
  money = await withMoney(world)
  semId = (await money.priced()).id
})

const admin = () => world.accounts.adminNbu.token
/** A use of 宁波大学's SEM recorded by its admin: one hour from `start` unless said otherwise. */
const record = (userId: string, start: string, extra: Record<string, unknown> = {}, minutes = 60) =>
  world.call('POST', `/instruments/${semId}/uses`, {
    token: admin(),
    body: { userId, start, end: new Date(Date.parse(start) + minutes * 60_000).toISOString(), ...extra },
  })
const statements = async (token: string, query = '') =>
  (await world.call('GET', `/statements${query}`, { token })).json.items as {
    id: string
    month: string
    status: string
    payerInstitutionId: string
    lines: {
      kind: string
      date: string
      chargeFen: number
      deductionFen: number
      payableFen: number
      instrumentName: string
      fundAccount: string
    }[]
    totals: { chargeFen: number; deductionFen: number; payableFen: number }
  }[]
const move = (id: string, action: string, token: string, body?: unknown) =>
  world.call('POST', `/statements/${id}/${action}`, { token, body })

describe('drafts', () => {
  it('open by themselves when a month’s first charge arrives, and follow the data', async () => {
    await record(world.accounts.researcherZs.id, '2027-02-10T09:00:00+08:00')
    await record(world.accounts.researcherZs.id, '2027-02-11T09:00:00+08:00', {}, 90)
    const [draft] = await statements(admin())
    expect(draft).toMatchObject({
      month: '2027-02',
      status: 'draft',
      payerInstitutionId: world.institutions.zjou.id,
      totals: { chargeFen: 50_000, deductionFen: 0, payableFen: 50_000 },
    })
    expect(draft!.lines.map((l) => [l.kind, l.chargeFen])).toEqual([
      ['charge', 20_000],
      ['charge', 30_000],
    ])
    // the payer's admin sees it too; a third institution's admin does not; a researcher may not ask
    expect((await statements(world.accounts.adminZjou.token)).map((s) => s.id)).toEqual([draft!.id])
    expect(await statements(world.accounts.platform.token)).toHaveLength(1)
    expect((await world.call('GET', '/statements', { token: world.accounts.researcherZs.token })).status).toBe(403)
    // a draft follows the data: a renamed instrument shows its new name
    await world.call('PATCH', `/instruments/${semId}`, { token: admin(), body: { name: '场发射扫描电镜（新）' } })
    expect((await statements(admin()))[0]!.lines[0]!.instrumentName).toBe('场发射扫描电镜（新）')
  })

  it('are opened by the provider’s admin: 201, or 200 with the existing one', async () => {
    const body = {
      providerInstitutionId: world.institutions.nbu.id,
      payerInstitutionId: world.institutions.nimte.id,
      month: '2027-02',
    }
    const first = await world.call('POST', '/statements', { token: admin(), body })
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({
      status: 'draft',
      lines: [],
      totals: { chargeFen: 0, deductionFen: 0, payableFen: 0 },
    })
    const again = await world.call('POST', '/statements', { token: admin(), body })
    expect(again.status).toBe(200)
    expect(again.json.id).toBe(first.json.id)
    expect((await world.call('POST', '/statements', { token: world.accounts.adminZjou.token, body })).status).toBe(403)
    expect(
      (await world.call('POST', '/statements', { token: admin(), body: { ...body, payerInstitutionId: 'nowhere' } }))
        .status,
    ).toBe(404)
    expect(
      (await world.call('POST', '/statements', { token: admin(), body: { ...body, month: '2027-13' } })).status,
    ).toBe(400)
  })
})

describe('issuing', () => {
  it('is refused for a month that has not ended (422 month-open), and freezes the lines for ever', async () => {
    await record(world.accounts.researcherZs.id, '2027-03-01T00:00:00+08:00', {}, 60) // a March night run
    await record(world.accounts.researcherZs.id, '2027-02-10T09:00:00+08:00')
    const march = (await statements(admin(), '?month=2027-03'))[0]!
    const open = await move(march.id, 'issue', admin())
    expect(open.status).toBe(422)
    expect(open.json.type).toMatch(/\/problems\/month-open$/)
    const february = (await statements(admin(), '?month=2027-02'))[0]!
    expect((await move(february.id, 'issue', world.accounts.adminZjou.token)).status).toBe(403)
    const issued = await move(february.id, 'issue', admin())
    expect(issued.json).toMatchObject({
      status: 'issued',
      issuedBy: world.accounts.adminNbu.id,
      totals: { payableFen: 20_000 },
    })
    expect((await move(february.id, 'issue', admin())).status).toBe(409)
    // frozen: a rename after issuing changes nothing on it
    await world.call('PATCH', `/instruments/${semId}`, { token: admin(), body: { name: '改名的电镜' } })
    const frozen = (await world.call('GET', `/statements/${february.id}`, { token: admin() })).json
    expect(frozen.lines.map((l: { instrumentName: string }) => l.instrumentName)).toEqual(['场发射扫描电子显微镜'])
    expect(frozen.history.map((e: { to: string }) => e.to)).toEqual(['issued'])
  })

  it('sends a late line (a recording for an issued month) to the next draft as an adjustment, keeping its date', async () => {
    await record(world.accounts.researcherZs.id, '2027-02-10T09:00:00+08:00')
    const february = (await statements(admin(), '?month=2027-02'))[0]!
    await move(february.id, 'issue', admin())
    const late = await record(world.accounts.researcherZs.id, '2027-02-20T09:00:00+08:00', { fundAccount: 'ZJOU-7' })
    expect(late.status).toBe(201)
    expect((await world.call('GET', `/statements/${february.id}`, { token: admin() })).json.lines).toHaveLength(1)
    const [march] = await statements(admin(), '?month=2027-03')
    expect(march!.status).toBe('draft')
    expect(march!.lines).toMatchObject([
      { kind: 'adjustment', date: '2027-02-20T01:00:00.000Z', chargeFen: 20_000, fundAccount: 'ZJOU-7' },
    ])
  })

  it('sends a no-show’s reversal and fee after the month was issued to the next draft; the voucher gets its deduction back', async () => {
    world.clock.set('2027-03-31T08:00:00+08:00')
    await money.signInAgain()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 100_000)
    const made = await money.book(
      money.accounts.zsCompany,
      semId,
      '2027-03-31T09:00:00+08:00',
      '2027-03-31T10:00:00+08:00',
      {
        voucherId: voucher.id,
      },
    )
    world.clock.set('2027-03-31T10:01:00+08:00')
    await money.runJobs()
    world.clock.set('2027-04-01T09:00:00+08:00')
    await money.signInAgain()
    const [march] = await statements(admin(), '?month=2027-03')
    expect((await move(march!.id, 'issue', admin())).json.totals).toEqual({
      chargeFen: 30_000,
      deductionFen: 15_000,
      payableFen: 15_000,
    })
    const noShow = await world.call('POST', `/reservations/${made.json.id}/no-show`, { token: admin() })
    expect(noShow.json).toMatchObject({ status: 'no_show', feeFen: 30_000 })
    expect(await money.balance(voucher.id)).toBe(100_000)
    const [april] = await statements(admin(), '?month=2027-04')
    expect(april!.lines.map((l) => [l.kind, l.chargeFen, l.deductionFen, l.payableFen])).toEqual([
      ['adjustment', -30_000, -15_000, -15_000], // the reversal of the issued charge
      ['adjustment', 30_000, 0, 30_000], // the fee, of a March use
    ])
    expect(april!.totals).toEqual({ chargeFen: 0, deductionFen: -15_000, payableFen: 15_000 })
    // the issued March statement is unchanged
    expect((await world.call('GET', `/statements/${march!.id}`, { token: admin() })).json.totals.payableFen).toBe(
      15_000,
    )
  })

  it('puts a line arriving while the month is issued on exactly one statement, whichever write goes first', async () => {
    for (let round = 0; round < 6; round++) {
      const day = String(10 + round).padStart(2, '0')
      const month = `2026-${String(round + 1).padStart(2, '0')}` // each round its own issued-or-not month
      await record(world.accounts.researcherZs.id, `${month}-${day}T09:00:00+08:00`)
      const draft = (await statements(admin(), `?month=${month}`))[0]!
      const barrier = holdWritesUntil(world.deps, 2, 5000)
      const racers = [
        () => move(draft.id, 'issue', admin()),
        () => record(world.accounts.researcherZs.id, `${month}-${day}T14:00:00+08:00`),
      ]
      const [a, b] = await Promise.all((round % 2 ? racers.reverse() : racers).map((race) => race())).finally(
        barrier.restore,
      )
      expect([a!.status, b!.status].sort()).toEqual([200, 201])
      // the afternoon's line is on exactly one statement: the issued one, or the next draft as an adjustment
      const afternoon = new Date(Date.parse(`${month}-${day}T14:00:00+08:00`)).toISOString()
      const holding = (await statements(admin(), '?limit=200')).flatMap((s) =>
        s.lines.filter((l) => l.date === afternoon).map((l) => ({ month: s.month, status: s.status, kind: l.kind })),
      )
      expect(holding, `round ${round}`).toHaveLength(1)
      const issued = (await world.call('GET', `/statements/${draft.id}`, { token: admin() })).json
      expect(issued.status).toBe('issued')
      if (holding[0]!.month === month) expect(holding[0]!.kind).toBe('charge')
      else expect(holding[0]).toMatchObject({ status: 'draft', kind: 'adjustment' })
    }
  })
})

describe('the moves after issuing', () => {
  it('pay, dispute (the payer’s admin, with a reason), answer (the provider’s admin) — anything else 409', async () => {
    await record(world.accounts.researcherZs.id, '2027-02-10T09:00:00+08:00')
    const id = (await statements(admin()))[0]!.id
    const payer = world.accounts.adminZjou.token
    expect((await move(id, 'pay', admin())).status).toBe(409) // a draft is not paid
    expect((await move(id, 'dispute', payer, { reason: '金额有误' })).status).toBe(409)
    await move(id, 'issue', admin())
    expect((await move(id, 'dispute', admin(), { reason: '自己提异议' })).status).toBe(403)
    expect((await move(id, 'dispute', payer, {})).status).toBe(400)
    const disputed = await move(id, 'dispute', payer, { reason: '2 月 10 日为样品预处理，未上机' })
    expect(disputed.json).toMatchObject({ status: 'disputed', disputeReason: '2 月 10 日为样品预处理，未上机' })
    expect((await move(id, 'pay', admin())).status).toBe(409)
    expect((await move(id, 'answer', payer, { note: 'x' })).status).toBe(403)
    const answered = await move(id, 'answer', admin(), { note: '上机记录显示 09:02 开机，维持原单' })
    expect(answered.json).toMatchObject({ status: 'issued', answerNote: '上机记录显示 09:02 开机，维持原单' })
    const paid = await move(id, 'pay', admin())
    expect(paid.json.status).toBe('paid')
    expect(paid.json.history.map((e: { to: string }) => e.to)).toEqual(['issued', 'disputed', 'issued', 'paid'])
    for (const action of ['issue', 'pay', 'answer'])
      expect((await move(id, action, admin(), { note: 'x' })).status).toBe(409)
    expect((await move(id, 'issue', world.accounts.researcherZs.token)).status).toBe(404)
  })
})

describe('internal statements and the CSV', () => {
  it('settle internal uses with the provider itself, by fund account, totals exact to the fen', async () => {
    const nb = world.accounts.researcherNb.id
    await record(nb, '2027-02-01T09:00:00+08:00', { fundAccount: 'NBU-B' }, 30) // 7,500
    await record(nb, '2027-02-02T09:00:00+08:00', { fundAccount: 'NBU-A' }, 90) // 22,500
    await record(nb, '2027-02-03T09:00:00+08:00', {}, 60) // 15,000, no fund account
    await record(nb, '2027-02-04T09:00:00+08:00', { fundAccount: 'NBU-B' }, 60) // 15,000
    const [internal] = await statements(admin(), `?payerInstitutionId=${world.institutions.nbu.id}`)
    const view = (await world.call('GET', `/statements/${internal!.id}`, { token: admin() })).json
    expect(view.internal).toBe(true)
    expect(view.lines.map((l: { fundAccount: string }) => l.fundAccount)).toEqual(['NBU-A', 'NBU-B', 'NBU-B', ''])
    expect(view.byFundAccount).toEqual([
      { fundAccount: 'NBU-A', lines: 1, totals: { chargeFen: 22_500, deductionFen: 0, payableFen: 22_500 } },
      { fundAccount: 'NBU-B', lines: 2, totals: { chargeFen: 22_500, deductionFen: 0, payableFen: 22_500 } },
      { fundAccount: '', lines: 1, totals: { chargeFen: 15_000, deductionFen: 0, payableFen: 15_000 } },
    ])
    expect(view.totals).toEqual({ chargeFen: 60_000, deductionFen: 0, payableFen: 60_000 })
    const csv = await money.csv(`/statements/${internal!.id}/csv`, admin())
    expect(
      csv.startsWith(
        '\uFEFF类型,日期,仪器,使用人,经费卡号,收费类别,计费单位,数量,单价（元）,费用（元）,创新券抵扣（元）,应付（元）,预约编号\r\n',
      ),
    ).toBe(true)
    const rows = csv.trimEnd().split('\r\n').slice(1)
    expect(rows.filter((r) => r.startsWith('小计'))).toEqual([
      '小计,,,,NBU-A,,,,,225.00,0.00,225.00,',
      '小计,,,,NBU-B,,,,,225.00,0.00,225.00,',
      '小计,,,,,,,,,150.00,0.00,150.00,',
    ])
    expect(rows.at(-1)).toBe('合计（草稿）,,,,,,,,,600.00,0.00,600.00,')
    expect(rows[0]).toMatch(
      /^收费,2027-02-02 09:00,场发射扫描电子显微镜,researcher-nb,NBU-A,校内,小时,1\.50,150\.00,225\.00,0\.00,225\.00,/,
    )
  })
})
