import { describe, expect, it } from 'vitest'
import { insertUser } from '../../src/repositories/users.js'
import { newId } from '../../src/security/tokens.js'
import { issueToken } from '../../src/services/auth.js'
import { type MoneyWorld, TUE, withMoney } from '../support/money-world.js'
import { type Account, createWorld, type World } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/*
 * The statement pages (结算单): the provider's admin (宁波大学) and the payer's admin (浙江海洋大学) on either side,
 * the talent office reading. A Zhoushan researcher's 1.5 h on 宁波大学's SEM at the academic ¥200/h: ¥300.00 on the
 * draft of 2027-03, which can be issued from 1 April.
 */

interface Setup {
  world: World
  money: MoneyWorld
  statementId: string
}

function as(world: World, account: Account) {
  const b = browser(world)
  b.signInAs(account)
  return b
}

async function setup(): Promise<Setup> {
  const world = await createWorld()
  const money = await withMoney(world)
  const sem = await money.priced()
  const booked = await money.book(world.accounts.researcherZs, sem.id, TUE('09:00'), TUE('10:30'), {
    fundAccount: 'ZJOU-KY2027001',
  })
  expect(booked.status).toBe(201)
  world.clock.set(TUE('10:31'))
  await money.runJobs()
  const list = await world.call('GET', '/statements?month=2027-03', { token: world.accounts.adminNbu.token })
  const statement = list.json.items.find(
    (s: { payerInstitutionId: string }) => s.payerInstitutionId === world.institutions.zjou.id,
  )
  expect(statement?.status).toBe('draft')
  return { world, money, statementId: statement.id }
}

/** 1 April 2027: March has ended and can be issued (tokens are signed again: they live 30 days). */
async function aprilFirst({ world, money }: Setup) {
  world.clock.set('2027-04-01T09:00:00+08:00')
  await money.signInAgain()
}

const statusOf = async ({ world, statementId }: Setup) =>
  (await world.call('GET', `/statements/${statementId}`, { token: world.accounts.adminNbu.token })).json.status

describe('the statements list', () => {
  it('shows each side its statements, filtered by month, status, other institution and side', async () => {
    const setupped = await setup()
    const { world, statementId } = setupped
    const provider = as(world, world.accounts.adminNbu)
    const page = await provider.get('/statements')
    expect(page.status).toBe(200)
    const row = html(page).text(`#statement-${statementId}`)
    expect(row).toContain('2027-03')
    expect(row).toContain('宁波大学')
    expect(row).toContain('浙江海洋大学')
    expect(row).toContain('草稿')
    expect(row).toContain('¥300.00')
    const zjou = world.institutions.zjou.id
    const ids = async (query: string) =>
      html(await provider.get(`/statements?${query}`))
        .select('table.data tbody tr')
        .map((tr) => tr.id)
    expect(await ids(`counterpart=${zjou}&side=provider`)).toEqual([`statement-${statementId}`])
    expect(await ids(`counterpart=${zjou}&side=payer`)).toEqual([])
    expect(await ids('month=2027-02')).toEqual([])
    expect(await ids('status=issued')).toEqual([])
    expect(await ids('month=2027-03&status=draft')).toContain(`statement-${statementId}`)
    // a filter the API's schema refuses is left out, as if not chosen
    expect(await ids('month=2027-13')).toContain(`statement-${statementId}`)

    const payer = html(await as(world, world.accounts.adminZjou).get(`/statements?side=payer`))
    expect(payer.has(`#statement-${statementId}`)).toBe(true)
    const talent = html(await as(world, world.accounts.talent).get(`/statements?payer=${zjou}`))
    expect(talent.has(`#statement-${statementId}`)).toBe(true)
    expect(talent.has('form[action="/statements"][method="post"]')).toBe(false) // talent offices open no draft
    // an admin of neither side does not find it in the list, even asking for its payer by name
    const outsider = as(world, await createAdminOf(world, world.institutions.nimte.id))
    const outsiders = await outsider.get(`/statements?counterpart=${zjou}&month=2027-03`)
    expect(outsiders.status).toBe(200)
    expect(html(outsiders).has(`#statement-${statementId}`)).toBe(false)
    expect((await as(world, world.accounts.researcherZs).get('/statements')).status).toBe(403)
    expect((await browser(world).get('/statements')).location).toBe('/login?next=%2Fstatements')
  })

  it('opens a draft for a paying institution and month, and refuses a month that is not one', async () => {
    const { world } = await setup()
    const provider = as(world, world.accounts.adminNbu)
    const payers = html(await provider.get('/statements')).select('#new-payer option')
    expect(payers[0]?.text).toBe('宁波大学（内部结算）') // its own institution first: the internal statement
    const english = html(await provider.get('/statements?lang=en')).select('#new-payer option')
    expect(english[0]?.text).toBe('宁波大学 (Internal)')
    await provider.get('/statements?lang=zh') // the choice of language is remembered: back to Chinese
    const opened = await provider.post('/statements', {
      payerInstitutionId: world.institutions.nimte.id,
      month: '2027-02',
    })
    expect(opened.status).toBe(303)
    const path = /^(\/statements\/[\w-]+)\?msg=msg\.money\.opened$/.exec(opened.location ?? '')?.[1]
    expect(path).toBeDefined()
    const page = html(await provider.get(path!))
    expect(page.text('h1')).toContain('结算单 2027-02 · 宁波大学 → 中国科学院宁波材料技术与工程研究所')
    expect(page.text('#lines-h + *')).toContain('这张结算单没有条目')
    const bad = await provider.post('/statements', { payerInstitutionId: world.institutions.nimte.id, month: '2027-2' })
    expect(bad.location).toBe('/statements?err=validation')
  })
})

describe('a statement', () => {
  it('shows its lines, totals and history, the CSV and the printable version', async () => {
    const { world, statementId } = await setup()
    const doc = html(await as(world, world.accounts.adminZjou).get(`/statements/${statementId}`))
    const line = doc.text('section[aria-labelledby="lines-h"] tbody tr')
    for (const part of [
      '收费',
      '场发射扫描电子显微镜',
      'researcher-zs',
      'ZJOU-KY2027001',
      '校外',
      '1.50 小时',
      '¥200',
      '¥300.00',
    ])
      expect(line).toContain(part)
    expect(doc.attr('#totals [data-payable]', 'data-payable')).toBe('30000')
    expect(doc.has(`a[href="/statements/${statementId}/csv"]`)).toBe(true)
    expect(doc.has(`a[href="/statements/${statementId}/print"]`)).toBe(true)
    // the payer's admin may not issue: no button for it
    expect(doc.has('#move-issue')).toBe(false)
    expect(doc.has('#move-dispute')).toBe(false) // a draft cannot be disputed yet

    const english = html(await as(world, world.accounts.adminZjou).get(`/statements/${statementId}?lang=en`))
    expect(english.text('h1')).toContain('Statement 2027-03')
    expect(english.text('section[aria-labelledby="lines-h"] thead')).toContain('Unit price')
  })

  it('refuses to issue while the month is open, with a clear message', async () => {
    const setupped = await setup()
    const { world, statementId } = setupped
    const provider = as(world, world.accounts.adminNbu)
    const page = html(await provider.get(`/statements/${statementId}`))
    expect(page.has('#move-issue button')).toBe(true)
    const refused = await provider.post(`/statements/${statementId}/issue`)
    expect(refused.location).toBe(`/statements/${statementId}?err=month-open`)
    expect(html(await provider.get(refused.location!)).text('[role="alert"]')).toContain(
      '该月尚未结束：结算单从下月 1 日起才能开具。',
    )
    expect(await statusOf(setupped)).toBe('draft')
  })

  it('moves issue → dispute → answer → pay, each by its side only; the payer downloads the CSV', async () => {
    const setupped = await setup()
    const { world, statementId } = setupped
    await aprilFirst(setupped)
    const provider = as(world, world.accounts.adminNbu)
    const payer = as(world, world.accounts.adminZjou)
    const path = `/statements/${statementId}`

    await payer.get(path)
    expect((await payer.post(`${path}/issue`)).status).toBe(403) // the payer's admin never issues
    await provider.get(path)
    expect((await provider.post(`${path}/issue`)).location).toBe(`${path}?msg=msg.money.issued`)
    expect(await statusOf(setupped)).toBe('issued')

    const csv = await payer.get(`${path}/csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="statement-2027-03-[\w-]+\.csv"$/)
    expect(csv.text).toContain('场发射扫描电子显微镜')
    expect(csv.text).toContain('300.00')

    const issued = html(await payer.get(path))
    expect(issued.has('#move-dispute textarea[name="reason"][required]')).toBe(true)
    expect(issued.has('#move-pay')).toBe(false)
    await provider.get(path)
    expect((await provider.post(`${path}/dispute`, { reason: '不是我方' })).status).toBe(403)
    await payer.get(path)
    expect((await payer.post(`${path}/dispute`, { reason: '   ' })).location).toBe(`${path}?err=validation`)
    expect((await payer.post(`${path}/dispute`, { reason: '3 月 2 日为样品预处理，未上机' })).location).toBe(
      `${path}?msg=msg.money.disputed`,
    )
    expect(await statusOf(setupped)).toBe('disputed')
    expect((await payer.post(`${path}/answer`, { note: '自行答复' })).status).toBe(403)

    const disputed = html(await provider.get(path))
    expect(disputed.text('dl.facts')).toContain('3 月 2 日为样品预处理，未上机')
    expect(disputed.has('#move-answer textarea[name="note"]')).toBe(true)
    expect((await provider.post(`${path}/answer`, { note: '上机记录显示 09:05 签到' })).location).toBe(
      `${path}?msg=msg.money.answered`,
    )
    expect((await provider.post(`${path}/pay`)).location).toBe(`${path}?msg=msg.money.paid`)
    expect(await statusOf(setupped)).toBe('paid')
    // paying twice is refused by the state, said on the page
    expect((await provider.post(`${path}/pay`)).location).toBe(`${path}?err=invalid-transition`)

    const history = html(await provider.get(path)).text('section[aria-labelledby="history-h"] tbody')
    for (const part of [
      '草稿 → 已开具',
      '已开具 → 有异议',
      '有异议 → 已开具',
      '已开具 → 已结清',
      'admin-zjou',
      'admin-nbu',
    ])
      expect(history).toContain(part)
  })

  it('is read only for a talent office, refuses moves without the form’s token, and is 404 to others', async () => {
    const setupped = await setup()
    const { world, statementId } = setupped
    await aprilFirst(setupped)
    const path = `/statements/${statementId}`
    const talent = as(world, world.accounts.talent)
    const page = html(await talent.get(path))
    expect(page.text('section[aria-labelledby="moves-h"]')).toContain('人才办只能查看结算单')
    expect(page.has('section[aria-labelledby="moves-h"] form')).toBe(false)
    expect((await talent.post(`${path}/issue`)).status).toBe(403)

    const provider = as(world, world.accounts.adminNbu)
    await provider.get(path)
    expect((await provider.post(`${path}/issue`, { _csrf: 'forged' })).status).toBe(403)
    expect(await statusOf(setupped)).toBe('draft')

    // an admin of neither side cannot tell the statement exists
    const nimteAdmin = await createAdminOf(world, world.institutions.nimte.id)
    expect((await as(world, nimteAdmin).get(path)).status).toBe(404)
    expect((await as(world, nimteAdmin).get(`${path}/csv`)).status).toBe(404)
  })

  it('prints on A4: the two institutions, the month, the lines, the totals, the signature boxes, no navigation', async () => {
    const { world, statementId } = await setup()
    const b = as(world, world.accounts.adminNbu)
    const page = await b.get(`/statements/${statementId}/print`)
    expect(page.status).toBe(200)
    const doc = html(page)
    const parties = doc.text('table.parties')
    for (const part of ['宁波大学', '浙江海洋大学', '2027-03', statementId]) expect(parties).toContain(part)
    expect(doc.text('main')).toContain('¥300.00')
    expect(doc.select('.sign-box')).toHaveLength(2)
    expect(doc.has('header.site')).toBe(false)
    expect(doc.has('nav.main')).toBe(false)
    expect(doc.attr('nav.print-bar', 'class')).toContain('no-print')
    const css = (await b.get('/static/app.css')).text
    expect(css).toContain('@page{size:A4')
    expect(css).toMatch(/@media print\{[\s\S]*\.no-print[\s\S]*display:none/)
  })

  it('groups an internal statement by fund account', async () => {
    const { world, money } = await setup()
    const sem = await money.priced({ name: '透射电子显微镜' })
    for (const [start, end, fundAccount] of [
      ['09:00', '10:00', 'NBU-KY2027002'],
      ['11:00', '12:00', 'NBU-KY2027001'],
      ['13:00', '13:30', 'NBU-KY2027002'],
    ] as const)
      expect(
        (await money.book(world.accounts.researcherNb, sem.id, WED(start), WED(end), { fundAccount })).status,
      ).toBe(201)
    world.clock.set(WED('13:31'))
    await money.runJobs()
    const list = await world.call('GET', `/statements?payerInstitutionId=${world.institutions.nbu.id}`, {
      token: world.accounts.adminNbu.token,
    })
    const internal = list.json.items.find((s: { internal: boolean }) => s.internal)
    const doc = html(await as(world, world.accounts.adminNbu).get(`/statements/${internal.id}`))
    expect(doc.text('h1')).toContain('内部结算单 2027-03 · 宁波大学')
    const groups = doc
      .select('section[aria-labelledby="funds-h"] tbody tr')
      .map((tr) => tr.querySelectorAll('th, td').map((cell) => cell.text.trim()))
    // ¥150 an hour internal: 1.5 h on one account, 1 h on the other
    expect(groups).toEqual([
      ['NBU-KY2027001', '1', '¥150.00', '¥0.00', '¥150.00'],
      ['NBU-KY2027002', '2', '¥225.00', '¥0.00', '¥225.00'],
    ])
  })
})

const WED = (time: string) => `2027-03-03T${time}:00+08:00`

/** An institute admin of another institution, made as createWorld makes its accounts. */
async function createAdminOf(world: World, institutionId: string): Promise<Account> {
  const id = newId()
  const email = `admin-${id.slice(0, 8)}@test.yz`
  await insertUser(
    world.db,
    { id, email, name: 'admin-other', role: 'institution_admin', institutionId, passwordHash: 'x', feedKey: `f-${id}` },
    world.clock(),
  )
  return { id, email, role: 'institution_admin', institutionId, token: await issueToken(world.deps, id) }
}
