import { describe, expect, it } from 'vitest'
import { TUE, withMoney } from '../support/money-world.js'
import { type Account, createWorld, type World } from '../support/world.js'
import { browser } from './client.js'
import { formValues, html } from './html.js'

/*
 * The talent offices' voucher desk (/vouchers): programmes with every field of the API, vouchers granted to holder
 * institutions, balances, and a month's redemptions by provider (兑付) with the CSV. Amounts are typed in yuan.
 */

function as(world: World, account: Account) {
  const b = browser(world)
  b.signInAs(account)
  return b
}

async function desk() {
  const world = await createWorld()
  const money = await withMoney(world)
  const talent = as(world, money.accounts.talentZs)
  const page = await talent.get('/vouchers')
  expect(page.status).toBe(200)
  return { world, money, talent, page }
}

const programs = async (world: World) => (await world.call('GET', '/voucher-programs?limit=200')).json.items

describe('the voucher desk', () => {
  it('sets up a programme with every field of the API, amounts typed in yuan', async () => {
    const { world, talent, page } = await desk()
    // a talent office sets up programmes for its own city only
    expect(
      html(page)
        .select('#p-city option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['zhoushan'])
    const created = await talent.post('/vouchers/programs', {
      ...formValues(html(page), '#program-form'),
      name: '舟山市海洋科技创新券',
      coveragePercent: '70',
      fullCoverageBelow: '300',
      perUseCap: '5,000.50',
      perHolderYearCap: '100000',
      'holderKinds.institute': '1',
      'providerCities.zhoushan': '1',
      'providerCities.ningbo': '1',
      validFrom: '2027-03-01',
      validTo: '2027-12-31',
    })
    expect(created.location).toBe('/vouchers?msg=msg.money.programCreated')
    const program = (await programs(world)).find((p: { name: string }) => p.name === '舟山市海洋科技创新券')
    expect(program).toMatchObject({
      city: 'zhoushan',
      coveragePercent: 70,
      fullCoverageBelowFen: 30_000,
      perUseCapFen: 500_050,
      perHolderYearCapFen: 10_000_000,
      validFrom: '2027-03-01',
      validTo: '2027-12-31',
    })
    expect([...program.holderKinds].sort()).toEqual(['enterprise', 'institute'])
    expect([...program.providerCities].sort()).toEqual(['ningbo', 'zhoushan'])
    const row = html(await talent.get('/vouchers')).text(`#program-${program.id}`)
    for (const part of [
      '舟山市海洋科技创新券',
      '舟山',
      '70%',
      '¥300.00',
      '¥5,000.50',
      '¥100,000.00',
      '科研院所',
      '企业',
    ])
      expect(row).toContain(part)
  })

  it('says what is wrong beside each field, and creates nothing', async () => {
    const { world, talent, page } = await desk()
    const form = formValues(html(page), '#program-form')
    const shape = await talent.post('/vouchers/programs', {
      ...form,
      name: '',
      coveragePercent: '101',
      perUseCap: '5.001',
      'holderKinds.enterprise': '',
    })
    expect(shape.status).toBe(400)
    const doc = html(shape)
    expect(doc.description('#p-name')).toContain('必须填写')
    expect(doc.description('#p-coverage')).toContain('0–100 的整数')
    expect(doc.description('#p-perUseCap')).toContain('最多两位小数')
    expect(doc.value('#p-perUseCap')).toBe('5.001')
    // the service's own rule, beside its field
    const rule = await talent.post('/vouchers/programs', {
      ...form,
      name: '倒过来的券',
      validFrom: '2027-12-31',
      validTo: '2027-01-01',
    })
    expect(rule.status).toBe(400)
    expect(html(rule).description('#p-validTo')).toContain('must not be before validFrom')
    expect(await programs(world)).toEqual([])
  })

  it('refuses another city’s programme from a talent office, with the 403 said on the desk', async () => {
    const { world, talent, page } = await desk()
    const refused = await talent.post('/vouchers/programs', {
      ...formValues(html(page), '#program-form'),
      name: '宁波市科技创新券',
      city: 'ningbo',
    })
    expect(refused.status).toBe(403)
    expect(html(refused).text('section[aria-labelledby="new-program-h"] [role="alert"]')).toContain('无权')
    expect(await programs(world)).toEqual([])
  })

  it('grants a voucher in yuan to a holder institution, and refuses a holder of another kind', async () => {
    const { world, money, talent } = await desk()
    const program = await money.program('zhoushan')
    const page = html(await talent.get('/vouchers'))
    const holders = page.select('#g-holder option').map((o) => o.text)
    expect(holders).toContain('舟山海蓝生物科技有限公司（企业）')
    expect(holders).not.toContain('浙江海洋大学（高校）') // the programme is for enterprises
    const granted = await talent.post('/vouchers', {
      programId: program.id,
      holderInstitutionId: money.institutions.zsCompany.id,
      amount: '1,000.50',
      expires: '2027-12-31',
    })
    const id = /^\/vouchers\/([\w-]+)\?msg=msg\.money\.voucherGranted$/.exec(granted.location ?? '')?.[1]
    expect(id).toBeDefined()
    const voucher = (await world.call('GET', `/vouchers/${id}`, { token: money.accounts.talentZs.token })).json
    expect(voucher).toMatchObject({ amountFen: 100_050, balanceFen: 100_050, expiresAt: '2027-12-31T15:59:59.000Z' })
    const shown = html(await talent.get(`/vouchers/${id}`))
    expect(shown.text('h1')).toContain('舟山海蓝生物科技有限公司')
    expect(shown.attr(`#voucher-${id} [data-balance]`, 'data-balance')).toBe('100050')
    expect(shown.text('main')).toContain('尚未使用')

    const wrongKind = await talent.post('/vouchers', {
      programId: program.id,
      holderInstitutionId: world.institutions.zjou.id,
      amount: '500',
      expires: '2027-12-31',
    })
    expect(wrongKind.status).toBe(422)
    expect(html(wrongKind).text('section[aria-labelledby="grant-h"] [role="alert"]')).toContain('这张创新券不能用于')
    const bad = await talent.post('/vouchers', {
      programId: program.id,
      holderInstitutionId: money.institutions.zsCompany.id,
      amount: '-5',
      expires: '2027-02-30',
    })
    expect(bad.status).toBe(400)
    expect(html(bad).description('#g-amount')).toContain('最多两位小数')
    expect(html(bad).description('#g-expires')).toContain('请选择日期')
  })

  it('shows a month’s redemptions by provider, and their CSV', async () => {
    const { world, money, talent } = await desk()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 200_000)
    const sem = await money.priced()
    const booked = await money.book(money.accounts.zsCompany, sem.id, TUE('09:00'), TUE('10:00'), {
      voucherId: voucher.id,
    })
    expect(booked.status).toBe(201)
    world.clock.set(TUE('10:01'))
    await money.runJobs()
    // ¥300.00 for an enterprise hour, half of it from the voucher
    const page = html(await talent.get(`/vouchers/programs/${program.id}/redemptions?month=2027-03`))
    expect(page.text('h1')).toContain('舟山市科技创新券 · 2027-03 兑付')
    expect(page.text(`#redemption-${world.institutions.nbu.id}`)).toMatch(/宁波大学\s+宁波\s+1\s+¥150\.00/)
    expect(page.text('#redemptions-h')).toContain('合计 ¥150.00')
    const csvPath = page.attr('a[download]', 'href')
    expect(csvPath).toBe(`/vouchers/programs/${program.id}/redemptions-2027-03.csv`)
    const csv = await talent.get(csvPath!)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.text).toContain('宁波大学')
    expect(csv.text).toContain('150.00')
    const empty = html(await talent.get(`/vouchers/programs/${program.id}/redemptions?month=2027-02`))
    expect(empty.text('main')).toContain('该月没有抵扣')
    // the holder's voucher page shows the same deduction in its ledger
    const holderView = html(await as(world, money.accounts.zsCompany).get(`/vouchers/${voucher.id}`))
    expect(holderView.text('section[aria-labelledby="ledger-h"]')).toContain('抵扣 −¥150.00')
  })

  it('is for talent offices; a holder’s members see their own voucher only; a post needs the form’s token', async () => {
    const { world, money, talent } = await desk()
    const program = await money.program('zhoushan')
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 200_000)
    expect((await as(world, money.accounts.zsCompany).get('/vouchers')).status).toBe(403)
    expect((await as(world, world.accounts.adminNbu).get('/vouchers')).status).toBe(403)
    expect((await as(world, money.accounts.zsCompany).get(`/vouchers/${voucher.id}`)).status).toBe(200)
    expect((await as(world, money.accounts.nbCompany).get(`/vouchers/${voucher.id}`)).status).toBe(404)
    expect(
      (await as(world, world.accounts.researcherZs).get(`/vouchers/programs/${program.id}/redemptions`)).status,
    ).toBe(403)
    const forged = await talent.post('/vouchers', {
      _csrf: 'forged',
      programId: program.id,
      holderInstitutionId: money.institutions.zsCompany.id,
      amount: '500',
      expires: '2027-12-31',
    })
    expect(forged.status).toBe(403)
    const list = await world.call('GET', '/vouchers', { token: money.accounts.talentZs.token })
    expect(list.json.items).toHaveLength(1)
  })

  it('is in English too', async () => {
    const { world, money } = await desk()
    const program = await money.program('zhoushan', { holderKinds: ['enterprise', 'institute'] })
    const doc = html(await as(world, money.accounts.talentZs).get('/vouchers?lang=en'))
    expect(doc.text(`#program-${program.id}`)).toContain('Enterprise, Research institute')
    expect(doc.text('h1')).toBe('Innovation vouchers')
    expect(doc.text('label[for="g-amount"]')).toBe('Amount (CNY)')
    expect(doc.text('#program-form')).toContain('Accepted by providers in')
    expect(doc.select('#g-holder option').map((o) => o.text)).toContain('舟山海蓝生物科技有限公司 (Enterprise)')
  })
})
