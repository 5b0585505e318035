import { describe, expect, it } from 'vitest'
import { type MoneyWorld, TUE, withMoney } from '../support/money-world.js'
import { type Account, createWorld, type World } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/*
 * Prices where people decide (DOMAIN.md "Money"): in the catalogue, on the instrument page (the card by class, the
 * viewer's marked, the terms in words) and in the booking form (the quote of the chosen time, the vouchers of the
 * booker's institution, the fund account); then the charge, the deduction and the voucher's balance on 我的预约.
 * The world's clock: Monday 2027-03-01 08:00 in Shanghai; the SEM is 宁波大学's, ¥150/¥200/¥300 an hour.
 */

interface Setup {
  world: World
  money: MoneyWorld
  semId: string
}

async function setup(): Promise<Setup> {
  const world = await createWorld()
  const money = await withMoney(world)
  const sem = await money.priced()
  return { world, money, semId: sem.id }
}

function signedIn(world: World, account: Account) {
  const b = browser(world)
  b.signInAs(account)
  return b
}

const bookingPath = (id: string, start = '2027-03-02T09:00', end = '2027-03-02T10:30') =>
  `/instruments/${id}?start=${start}&end=${end}`

describe('prices in the catalogue and on the instrument page', () => {
  it('shows each visitor the price of their class, and the academic price to a visitor signed out', async () => {
    const { world, money, semId } = await setup()
    const free = await world.instrument({ name: '低温恒温器', institutionId: world.institutions.zjou.id })
    const cardOf = (page: { text: string }, id: string) =>
      html(page)
        .select('ul.cards > li')
        .find((li) => li.querySelector(`a[href="/instruments/${id}"]`))!
    const priceOf = (page: { text: string }, id: string) => cardOf(page, id).querySelector('dd.price')!.text.trim()

    const anonymous = await browser(world).get('/')
    expect(priceOf(anonymous, semId)).toMatch(/^¥200\/小时 · ¥120\/样\s+校外价；登录后显示您的价格$/)
    expect(priceOf(anonymous, free.id)).toMatch(/^免费/)
    const enterprise = await signedIn(world, money.accounts.zsCompany).get('/')
    expect(priceOf(enterprise, semId)).toMatch(/^¥300\/小时 · ¥180\/样\s+按您的类别（企业）$/)
    const own = await signedIn(world, world.accounts.researcherNb).get('/')
    expect(priceOf(own, semId)).toMatch(/^¥150\/小时 · ¥80\/样\s+按您的类别（校内）$/)
    // a Zhoushan researcher of a university pays what a Ningbo one of another institution pays: the academic price
    const zhoushan = await signedIn(world, world.accounts.researcherZs).get('/')
    expect(priceOf(zhoushan, semId)).toMatch(/^¥200\/小时 · ¥120\/样\s+按您的类别（校外）$/)
    const english = await browser(world).get('/?lang=en')
    expect(priceOf(english, semId)).toMatch(/^CNY|^¥200 an hour · ¥120 a sample\s+academic price; sign in for yours$/)
  })

  it('lists the card by class with the viewer’s class marked, and the terms in plain words', async () => {
    const { world, money, semId } = await setup()
    const page = await signedIn(world, money.accounts.zsCompany).get(`/instruments/${semId}`)
    const doc = html(page)
    const row = (c: string) => doc.text(`#price-${c}`)
    expect(row('internal')).toContain('¥150/小时')
    expect(row('academic')).toContain('¥200/小时')
    expect(row('enterprise')).toContain('¥300/小时')
    expect(row('enterprise')).toContain('¥180/样')
    expect(doc.select('#prices tr.mine').map((tr) => tr.id)).toEqual(['price-enterprise'])
    expect(row('enterprise')).toContain('您的类别')
    const text = doc.text('#prices')
    expect(text).toContain('按预约时长计费，以 30 分钟为单位向上取整。')
    expect(text).toContain('开始前 24 小时以上取消不收费；此后取消收取预约费用的 50%。')
    expect(text).toContain('预约后未到场，收取预约费用的 100%。')
    expect(text).toContain('同城待遇')
    // no column, and no row, for a city
    expect(doc.select('#prices thead th').map((th) => th.text.trim())).toEqual(['用户类别', '每小时', '每个样品'])

    const anonymous = html(await browser(world).get(`/instruments/${semId}?lang=en`))
    expect(anonymous.select('#prices tr.mine')).toEqual([])
    expect(anonymous.text('#prices')).toContain('Same-city treatment')
    expect(anonymous.text('#prices')).toContain('Cancelling at least 24 hours before the start is free')
  })
})

describe('the booking form’s money', () => {
  it('quotes the chosen time for the booker’s class', async () => {
    const { world, money, semId } = await setup()
    const doc = html(await signedIn(world, money.accounts.zsCompany).get(bookingPath(semId)))
    expect(doc.text('#quote')).toContain('1.5 小时 × ¥300/小时 = ¥450.00')
    expect(doc.attr('#quote [data-payable]', 'data-payable')).toBe('45000')
    expect(doc.text('#quote')).toContain('收费类别：企业')
    // an academic booker of the other city: the academic price, the same as a Ningbo institute's
    const zs = html(await signedIn(world, world.accounts.researcherZs).get(bookingPath(semId)))
    expect(zs.attr('#quote [data-payable]', 'data-payable')).toBe('30000')
    expect(zs.has('#book-voucher')).toBe(false) // a university holds no voucher here: no picker
    expect(zs.has('#book-fund')).toBe(true)
    // before a time is chosen the box says how to get a quote
    const none = html(await signedIn(world, world.accounts.researcherZs).get(`/instruments/${semId}`))
    expect(none.text('#quote')).toContain('选好开始和结束时间后')
  })

  it('offers the institution’s vouchers, one that does not apply shown disabled with why', async () => {
    const { world, money, semId } = await setup()
    const zsProgram = await money.program('zhoushan')
    const local = await money.program('zhoushan', { name: '舟山本地创新券', providerCities: ['zhoushan'] })
    const usable = await money.voucher(zsProgram.id, money.institutions.zsCompany.id, 200_000)
    const elsewhere = await money.voucher(local.id, money.institutions.zsCompany.id, 100_000)
    const doc = html(await signedIn(world, money.accounts.zsCompany).get(bookingPath(semId)))
    const option = (id: string) => doc.one(`#book-voucher option[value="${id}"]`)
    expect(option(usable.id).text).toBe('舟山市科技创新券 · 余额 ¥2,000.00 · 有效期至 2027年12月31日 周五')
    expect(option(usable.id).hasAttribute('disabled')).toBe(false)
    expect(option(elsewhere.id).text).toBe('舟山本地创新券 · 不可用：券种不覆盖仪器所在城市')
    expect(option(elsewhere.id).hasAttribute('disabled')).toBe(true)
    expect(doc.value('#book-voucher')).toBe('') // nothing is chosen for the booker
  })

  it('updates the cost with the chosen voucher, and books nothing', async () => {
    const { world, money, semId } = await setup()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 200_000)
    const b = signedIn(world, money.accounts.zsCompany)
    await b.get(bookingPath(semId))
    const page = await b.post(`/instruments/${semId}/book`, {
      start: '2027-03-02T09:00',
      end: '2027-03-02T10:30',
      purpose: '样品形貌观察',
      voucherId: voucher.id,
      fundAccount: 'HAILAN-RD2027-07',
      intent: 'quote',
    })
    expect(page.status).toBe(200)
    const doc = html(page)
    // 50 % of ¥450.00 is deducted at today's balance: ¥225.00 payable
    expect(doc.text('#quote')).toContain('创新券抵扣 −¥225.00')
    expect(doc.attr('#quote [data-payable]', 'data-payable')).toBe('22500')
    expect(doc.value('#book-voucher')).toBe(voucher.id)
    expect(doc.value('#book-fund')).toBe('HAILAN-RD2027-07')
    expect(doc.value('#book-purpose')).toBe('样品形貌观察')
    const mine = await world.call('GET', '/reservations', { token: money.accounts.zsCompany.token })
    expect(mine.json.items).toEqual([])
  })

  it('books with a voucher and a fund account; when the use ends 我的预约 shows the charge and the balance drops by the deduction', async () => {
    const { world, money, semId } = await setup()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 200_000)
    const b = signedIn(world, money.accounts.zsCompany)
    await b.get(bookingPath(semId))
    const booked = await b.post(`/instruments/${semId}/book`, {
      start: '2027-03-02T09:00',
      end: '2027-03-02T10:30',
      purpose: '样品形貌观察',
      voucherId: voucher.id,
      fundAccount: 'HAILAN-RD2027-07',
    })
    expect(booked.status).toBe(303)
    expect(booked.location).toBe('/me?msg=msg.booked')
    const [reservation] = (await world.call('GET', '/reservations', { token: money.accounts.zsCompany.token })).json
      .items
    expect(reservation).toMatchObject({ voucherId: voucher.id, fundAccount: 'HAILAN-RD2027-07', chargeFen: null })

    const before = html(await b.get('/me'))
    expect(before.text(`#reservation-${reservation.id}`)).toContain('待结算')
    expect(before.attr(`#voucher-${voucher.id} [data-balance]`, 'data-balance')).toBe('200000')

    world.clock.set(TUE('10:31'))
    await money.runJobs()
    const after = html(await b.get('/me'))
    const row = after.text(`#reservation-${reservation.id}`)
    expect(row).toContain('费用 ¥450.00')
    expect(row).toContain('创新券抵扣 −¥225.00')
    expect(row).toContain('应付 ¥225.00')
    expect(after.attr(`#voucher-${voucher.id} [data-balance]`, 'data-balance')).toBe(String(200_000 - 22_500))
    expect(after.text(`#ledger-${voucher.id}`)).toContain('抵扣 −¥225.00')
    expect(after.text(`#ledger-${voucher.id}`)).toContain(reservation.id.slice(0, 8))
    // the balance on the page is the API's
    expect(await money.balance(voucher.id)).toBe(200_000 - 22_500)
  })

  it('says beside the picker why a voucher is refused, and books nothing', async () => {
    const { world, money, semId } = await setup()
    const local = await money.program('zhoushan', { name: '舟山本地创新券', providerCities: ['zhoushan'] })
    const elsewhere = await money.voucher(local.id, money.institutions.zsCompany.id, 100_000)
    const program = await money.program('zhoushan')
    const tiny = await money.voucher(program.id, money.institutions.zsCompany.id, 1)
    const b = signedIn(world, money.accounts.zsCompany)
    await b.get(bookingPath(semId))
    const form = { start: '2027-03-02T09:00', end: '2027-03-02T10:30', purpose: '' }

    const notHere = await b.post(`/instruments/${semId}/book`, { ...form, voucherId: elsewhere.id })
    expect(notHere.status).toBe(422)
    const doc = html(notHere)
    expect(doc.attr('#book-voucher', 'aria-invalid')).toBe('true')
    expect(doc.description('#book-voucher')).toContain('券种不覆盖仪器所在城市')
    expect(doc.text('#book [role="alert"]')).toContain('这张创新券不能用于这次使用')
    expect(doc.value('#book-start')).toBe('2027-03-02T09:00')

    // a voucher of 1 fen is spent by one use; named again it is used up
    expect((await b.post(`/instruments/${semId}/book`, { ...form, voucherId: tiny.id })).status).toBe(303)
    world.clock.set(TUE('10:31'))
    await money.runJobs()
    await b.get(bookingPath(semId, '2027-03-03T09:00', '2027-03-03T10:00'))
    const spent = await b.post(`/instruments/${semId}/book`, {
      ...form,
      start: '2027-03-03T09:00',
      end: '2027-03-03T10:00',
      voucherId: tiny.id,
    })
    expect(spent.status).toBe(422)
    expect(html(spent).description('#book-voucher')).toContain('余额或本年度额度已用完')
    expect(html(spent).one(`#book-voucher option[value="${tiny.id}"]`).hasAttribute('disabled')).toBe(true)
    const mine = await world.call('GET', '/reservations', { token: money.accounts.zsCompany.token })
    expect(mine.json.items).toHaveLength(1)
  })

  it('shows a late cancellation’s fee on 我的预约', async () => {
    const { world, money, semId } = await setup()
    const b = signedIn(world, money.accounts.zsCompany)
    await b.get(bookingPath(semId))
    await b.post(`/instruments/${semId}/book`, { start: '2027-03-02T09:00', end: '2027-03-02T10:30', purpose: '' })
    const [reservation] = (await world.call('GET', '/reservations', { token: money.accounts.zsCompany.token })).json
      .items
    // 25 hours before the start the cancellation would be free; 23 hours before, 50 % of ¥450.00
    world.clock.set('2027-03-01T10:00:00+08:00')
    await b.get('/me')
    expect((await b.post(`/me/reservations/${reservation.id}/cancel`)).status).toBe(303)
    const me = html(await b.get('/me'))
    expect(me.text(`#reservation-${reservation.id}`)).toContain('逾期取消违约费 ¥225.00')
    expect(html(await b.get('/me?lang=en')).text(`#reservation-${reservation.id}`)).toContain(
      'Late cancellation fee ¥225.00',
    )
  })

  it('is in English, and refuses a booking without the form’s token', async () => {
    const { world, money, semId } = await setup()
    const program = await money.program('zhoushan')
    await money.voucher(program.id, money.institutions.zsCompany.id, 200_000)
    const b = signedIn(world, money.accounts.zsCompany)
    const doc = html(await b.get(`${bookingPath(semId)}&lang=en`))
    expect(doc.text('#quote')).toContain('1.5 h × ¥300 an hour = ¥450.00')
    expect(doc.text('label[for="book-voucher"]')).toBe('Innovation voucher')
    expect(doc.text('label[for="book-fund"]')).toBe('Fund account / project number (optional)')
    const forged = await b.post(`/instruments/${semId}/book`, {
      _csrf: 'forged',
      start: '2027-03-02T09:00',
      end: '2027-03-02T10:30',
    })
    expect(forged.status).toBe(403)
    expect((await world.call('GET', '/reservations', { token: money.accounts.zsCompany.token })).json.items).toEqual([])
  })
})
