import { beforeEach, describe, expect, it } from 'vitest'
import type { Instrument } from '../../src/domain/types.js'
import {
  type InstitutionRow,
  parseSortOrder,
  sortInstitutions,
} from '../../src/web/pages/evaluation/institutions-table.js'
import { type MoneyWorld, withMoney } from '../support/money-world.js'
import { withOrders } from '../support/order-world.js'
import { type Account, createWorld, type World } from '../support/world.js'
import { type Browser, browser } from './client.js'
import { html } from './html.js'

/*
 * 开放共享评价 on the pages, on Monday 2027-03-01 in Shanghai (day 60 of 365, 2025's means pro rata: 262.85 h and
 * 44.88 h): /admin/evaluation for 宁波大学's admin, the section of /dashboard for the talent office, and the CSV
 * behind both, which is GET /evaluation.csv's to the byte. The figures themselves are test/http/evaluation.test.ts's.
 *
 * 宁波大学: a priced SEM used 216 h by its own people and 48 h by 浙江海洋大学 (above both means), a large TEM unused
 * (below both), a small XRD. 浙江海洋大学: a vessel used 96 h by its own people (below both).
 */

let world: World
let money: MoneyWorld
let sem: Instrument
let tem: Instrument
let xrd: Instrument
let vessel: Instrument

const ok = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await world.call(method, path, { token, body })
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300)
  return res.json
}
const record = (instrument: Instrument, who: Account, start: string, end: string, admin: Account) =>
  ok('POST', `/instruments/${instrument.id}/uses`, admin.token, { userId: who.id, start, end })

const signedIn = (account: Account): Browser => {
  const b = browser(world)
  b.signInAs(account)
  return b
}

beforeEach(async () => {
  world = await createWorld()
  money = await withMoney(world)
  const { accounts, institutions } = world
  await ok('PUT', '/evaluation/means/2025', accounts.platform.token, { effectiveHours: 1599, externalHours: 273 })
  sem = await money.priced({ originalValue: 3_596_400, assetNumber: 'NBU-2019-0003' })
  tem = await world.instrument({ name: '透射电子显微镜', model: 'JEM-2100F', originalValue: 12_841_000 })
  xrd = await world.instrument({ name: 'X射线衍射仪', model: 'D8 Advance', originalValue: 300_000 })
  vessel = await world.instrument({
    institutionId: institutions.zjou.id,
    name: '近海综合科学考察船',
    model: '48 m 级近海科考船',
    originalValue: 40_529_700,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, open: '00:00', close: '24:00' })),
  })
  await record(sem, accounts.researcherNb, '2027-01-04T00:00:00+08:00', '2027-01-13T00:00:00+08:00', accounts.adminNbu)
  await record(sem, accounts.researcherZs, '2027-01-20T09:00:00+08:00', '2027-01-22T09:00:00+08:00', accounts.adminNbu)
  await record(xrd, accounts.researcherZs, '2027-02-02T09:00:00+08:00', '2027-02-02T12:00:00+08:00', accounts.adminNbu)
  await record(
    vessel,
    accounts.researcherZs2,
    '2027-02-01T00:00:00+08:00',
    '2027-02-05T00:00:00+08:00',
    accounts.adminZjou,
  )
})

/** A download through the session cookie as a spreadsheet gets it, the BOM kept (Response.text() drops it). */
const download = async (path: string, account: Account) => {
  const res = await world.app.request(path, { headers: { Cookie: `yz_session=${account.token}` } })
  expect(res.status).toBe(200)
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
}

const rowIds = (page: { text: string }, selector: string) =>
  html(page)
    .select(`${selector} tbody tr`)
    .map((tr) => tr.getAttribute('id'))

describe('/admin/evaluation', () => {
  it('shows the admin’s institution: the means pro rata, its totals, flagged large instruments first, the chart', async () => {
    const page = await signedIn(world.accounts.adminNbu).get('/admin/evaluation')
    expect(page.status).toBe(200)
    const doc = html(page)
    expect(doc.text('h1')).toBe('开放共享评价 · 宁波大学')
    expect(doc.text('#evaluation-means')).toBe(
      '2027 年尚无全国平均值，沿用 2025 年：有效工作机时 1,599.00 小时，对外服务机时 273.00 小时。 ' +
        '本年已过 60 / 365 天，按比例对照有效工作机时 262.85 小时、对外服务机时 44.88 小时（即按当前进度推算全年是否达到平均值）。',
    )
    // two large instruments, one of which served another institution: open rate 50%
    expect(doc.text('#evaluation-totals')).toBe(
      [
        '大型仪器（年初未报废） 2 台',
        '开放率 50.00% 当年至少对外服务一次的大型仪器所占比例',
        '有效工作机时 264.00 小时',
        '对外服务机时 48.00 小时',
        '共享率 18.18%',
        '服务收入 ¥42,000.00（校内 ¥32,400.00，校外 ¥9,600.00）',
        '服务单位数 1（其中企业 0）',
        '低于全国平均的大型仪器 1 台',
      ].join(' '),
    )
    // the unused TEM first with both flags (pro rata), then the SEM, then the small XRD; the vessel is not 宁波大学's
    expect(rowIds(page, 'section[aria-labelledby="evaluation-instruments-h"]')).toEqual([
      `evaluation-${tem.id}`,
      `evaluation-${sem.id}`,
      `evaluation-${xrd.id}`,
    ])
    expect(doc.select(`#evaluation-${tem.id} [data-flag]`).map((b) => b.getAttribute('data-flag'))).toEqual([
      'below-effective-mean',
      'below-external-mean',
    ])
    expect(doc.text(`#evaluation-${tem.id} [data-flag]`)).toBe('有效机时低于平均（按比例） 对外机时低于平均（按比例）')
    expect(doc.text(`#evaluation-${sem.id}`)).toBe(
      '场发射扫描电子显微镜 Zeiss Sigma 300 · 资产编号 NBU-2019-0003 359.64 264.00 48.00 18.18% 42,000.00 1 (0) 0 — —',
    )
    expect(doc.text(`#evaluation-${xrd.id} td:last-child`)).toBe('非大型仪器')
    expect(doc.attr(`#evaluation-${sem.id} th a`, 'href')).toBe(`/admin/instruments/${sem.id}`)
    expect(doc.mentions(vessel.id)).toBe(false)
    // the chart: the two instruments with hours, none of them flagged (the TEM has no hours to plot)
    expect(doc.attr('svg.chart-scatter', 'data-points')).toBe('2')
    expect(doc.select('svg.chart-scatter .chart-point')).toHaveLength(2)
    expect(doc.select('svg.chart-scatter .chart-point.marked')).toHaveLength(0)
    expect(doc.text('svg.chart-scatter .chart-reference')).toBe('全国平均')
    expect(doc.text('section[aria-labelledby="evaluation-chart-h"] p.hint')).toBe(
      '每个点是一台仪器：横轴为有效工作机时，纵轴为共享率。共 2 台有机时的仪器，其中 0 台是低于全国平均值的大型仪器（三角形）；1 台当年没有机时，未画出。 ' +
        '虚线：全国平均有效工作机时 262.85 小时（按比例）。',
    )
  })

  it('downloads the CSV of GET /evaluation.csv, for the year shown', async () => {
    const admin = signedIn(world.accounts.adminNbu)
    const page = await admin.get('/admin/evaluation?year=2027')
    const href = html(page).attr('a[download="evaluation-2027.csv"]', 'href')
    expect(href).toBe('/admin/evaluation/evaluation-2027.csv')
    const csv = await admin.get(href!)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2027.csv"')
    expect(await download(href!, world.accounts.adminNbu)).toBe(
      await money.csv('/evaluation.csv?year=2027', world.accounts.adminNbu.token),
    )
    expect(csv.text).toContain('NBU-2019-0003')
    expect(csv.text).not.toContain('近海综合科学考察船')
  })

  it('moves between years: a past year is compared whole, with the means of the last year that has them', async () => {
    const admin = signedIn(world.accounts.adminNbu)
    const page = await admin.get('/admin/evaluation')
    expect(html(page).attr('a[rel="prev"]', 'href')).toBe('/admin/evaluation?year=2026')
    expect(html(page).value('#evaluation-year')).toBe('2027')
    const past = await admin.get('/admin/evaluation?year=2026')
    expect(past.status).toBe(200)
    expect(html(past).text('#evaluation-means')).toBe(
      '2026 年尚无全国平均值，沿用 2025 年：有效工作机时 1,599.00 小时，对外服务机时 273.00 小时。',
    )
    // nothing was used in 2026: both large instruments below both means, in full
    expect(html(past).text(`#evaluation-${sem.id} [data-flag]`)).toBe('有效机时低于平均 对外机时低于平均')
    expect(html(past).has('svg.chart-scatter')).toBe(false)
    expect(html(past).text('section[aria-labelledby="evaluation-chart-h"] p')).toBe(
      '该年还没有任何仪器有机时，图中无点可画。',
    )
    expect(html(past).has('section[aria-labelledby="evaluation-chart-h"] details')).toBe(false)
    expect((await admin.get('/admin/evaluation?year=1999')).status).toBe(400)
    expect((await admin.get('/admin/evaluation?year=next')).status).toBe(400)
  })

  it('is the admin’s own institution only; a platform admin picks one; others are refused', async () => {
    const zjou = await signedIn(world.accounts.adminZjou).get(
      `/admin/evaluation?institution=${world.institutions.nbu.id}`,
    )
    expect(html(zjou).text('h1')).toBe('开放共享评价 · 浙江海洋大学')
    expect(html(zjou).mentions(sem.id)).toBe(false)
    expect(rowIds(zjou, 'section[aria-labelledby="evaluation-instruments-h"]')).toEqual([`evaluation-${vessel.id}`])

    const platform = signedIn(world.accounts.platform)
    const picker = await platform.get('/admin/evaluation')
    expect(picker.status).toBe(200)
    expect(
      html(picker)
        .select('#pick-institution option')
        .map((o) => o.getAttribute('value')),
    ).toContain(world.institutions.nbu.id)
    const chosen = await platform.get(`/admin/evaluation?institution=${world.institutions.nbu.id}`)
    expect(html(chosen).text('h1')).toBe('开放共享评价 · 宁波大学')
    expect(html(chosen).attr('a[download="evaluation-2027.csv"]', 'href')).toBe(
      `/admin/evaluation/evaluation-2027.csv?institution=${world.institutions.nbu.id}`,
    )
    expect(html(chosen).attr(`#evaluation-${sem.id} th a`, 'href')).toBe(
      `/admin/instruments/${sem.id}?institution=${world.institutions.nbu.id}`,
    )

    for (const who of [world.accounts.researcherNb, world.accounts.talent]) {
      const b = signedIn(who)
      expect((await b.get('/admin/evaluation')).status).toBe(403)
      expect((await b.get('/admin/evaluation/evaluation-2027.csv')).status).toBe(403)
    }
    const anonymous = await browser(world).get('/admin/evaluation')
    expect(anonymous.status).toBe(303)
    expect(anonymous.location).toMatch(/^\/login\?next=/)
  })

  it('reads in English', async () => {
    const page = await signedIn(world.accounts.adminNbu).get('/admin/evaluation?lang=en')
    expect(html(page).attr('html', 'lang')).toBe('en')
    expect(html(page).text(`#evaluation-${tem.id} [data-flag]`)).toMatch(/^\S.*pro rata/i)
    expect(html(page).text('body')).not.toMatch(/eval\.[a-zA-Z]/) // no key shown in place of its text
  })
})

describe('the dashboard’s section', () => {
  it('shows the talent office every institution, sortable by any column, and every instrument flagged first', async () => {
    const office = signedIn(world.accounts.talent)
    const page = await office.get('/dashboard')
    expect(page.status).toBe(200)
    const section = 'section#evaluation'
    const nbu = `#evaluation-institution-${world.institutions.nbu.id}`
    const zjou = `#evaluation-institution-${world.institutions.zjou.id}`
    expect(html(page).text(nbu)).toBe('宁波大学 宁波 2 50.00% 264.00 48.00 18.18% 42,000.00 1 (0) 1')
    expect(html(page).text(zjou)).toBe('浙江海洋大学 舟山 1 0.00% 96.00 0.00 0.00% 0.00 0 (0) 1')
    // by name first; a column's head sorts by it, largest first, and again the other way round
    expect(html(page).attr(`${section} th[aria-sort]`, 'aria-sort')).toBe('ascending')
    const byHours = html(page).attr(`${section} th a[data-sort="effectiveHours"]`, 'href')
    expect(byHours).toBe('/dashboard?year=2027&sort=effectiveHours&dir=desc#evaluation-h')
    const sorted = await office.get(byHours!)
    expect(rowIds(sorted, section).slice(0, 2)).toEqual([nbu.slice(1), zjou.slice(1)])
    expect(html(sorted).attr(`${section} th[aria-sort]`, 'aria-sort')).toBe('descending')
    const reversed = await office.get(html(sorted).attr(`${section} th a[data-sort="effectiveHours"]`, 'href')!)
    const ascending = rowIds(reversed, section)
    expect(ascending.indexOf(zjou.slice(1))).toBeLessThan(ascending.indexOf(nbu.slice(1)))
    // nonsense sorts by name; the same choice as a form for phones
    expect((await office.get('/dashboard?sort=constructor&dir=sideways')).status).toBe(200)
    expect(html(page).value('#evaluation-sort')).toBe('name')

    // both institutions' instruments, flagged large ones first, in the chart's table
    const instruments = rowIds(page, 'section[aria-labelledby="evaluation-chart-h"]')
    expect(instruments.slice(0, 2).sort()).toEqual([`evaluation-${tem.id}`, `evaluation-${vessel.id}`].sort())
    expect(instruments).toContain(`evaluation-${sem.id}`)
    expect(html(page).select('svg.chart-scatter .chart-point.marked')).toHaveLength(1) // the vessel
  })

  it('downloads the CSV of every institution', async () => {
    const office = signedIn(world.accounts.talent)
    const page = await office.get('/dashboard?year=2027')
    const href = html(page).attr('section#evaluation a[download]', 'href')
    expect(href).toBe('/dashboard/evaluation-2027.csv')
    const csv = await office.get(href!)
    expect(csv.status).toBe(200)
    expect(await download(href!, world.accounts.talent)).toBe(
      await money.csv('/evaluation.csv?year=2027', world.accounts.talent.token),
    )
    expect(csv.text).toContain('近海综合科学考察船')
    expect((await signedIn(world.accounts.adminNbu).get(href!)).status).toBe(403)
  })

  it('links an institute admin to its own page instead', async () => {
    const page = await signedIn(world.accounts.adminNbu).get('/dashboard?year=2026')
    expect(html(page).has('section#evaluation')).toBe(false)
    expect(html(page).attr('a[href^="/admin/evaluation"]', 'href')).toBe('/admin/evaluation?year=2026')
    const overview = await signedIn(world.accounts.adminNbu).get('/admin')
    expect(html(overview).text('a[href="/admin/evaluation"]')).toBe('本单位开放共享评价')
  })
})

describe('sorting institutions', () => {
  const row = (name: string, shareRate: number | null, effectiveHours: number): InstitutionRow => ({
    institutionId: `id-${name}`,
    name,
    city: 'ningbo',
    largeInstruments: shareRate === null ? 0 : 1,
    openRate: null,
    effectiveHours,
    externalHours: 0,
    shareRate,
    incomeFen: { internal: 0, external: 0 },
    userInstitutions: 0,
    enterprises: 0,
    flaggedInstruments: 0,
  })
  const rows = [row('乙', 0.5, 10), row('甲', null, 0), row('丙', 0.2, 10), row('丁', 0.5, 30)]
  const names = (sort: string, dir?: string) => sortInstitutions(rows, parseSortOrder(sort, dir)).map((r) => r.name)

  it('puts an institution without a figure last either way, and breaks ties by name', () => {
    expect(names('shareRate')).toEqual(['丁', '乙', '丙', '甲']) // 丁 and 乙 tie at 50%: 丁 (dīng) before 乙 (yǐ)
    expect(names('shareRate', 'asc')).toEqual(['丙', '丁', '乙', '甲'])
    expect(names('effectiveHours', 'desc')[0]).toBe('丁')
  })

  it('sorts by name when asked nonsense, figures largest first when no direction is given', () => {
    expect(parseSortOrder('__proto__', 'desc')).toEqual({ key: 'name', dir: 'asc' })
    expect(parseSortOrder(undefined, undefined)).toEqual({ key: 'name', dir: 'asc' })
    expect(parseSortOrder('income', 'sideways')).toEqual({ key: 'income', dir: 'desc' })
    expect(parseSortOrder('city', undefined)).toEqual({ key: 'city', dir: 'asc' })
  })
})

describe('samples and ratings', () => {
  it('shows the samples of the year’s reported orders and the rating of its uses, a dash when nobody rated', async () => {
    const { accounts } = world
    const o = withOrders(world)
    const lab = await o.serviceInstrument({ name: '多晶X射线衍射仪', originalValue: 650_000 })
    const order = await o.submit(accounts.researcherZs, lab.id, { samples: 3 })
    await o.advance(order.id, 'received', 2)
    expect((await o.run(order.id, '2027-02-20T09:00:00+08:00', '2027-02-20T11:30:00+08:00')).status).toBe(201)
    expect((await o.report(order.id)).status).toBe(200)
    await ok('POST', `/orders/${order.id}/rating`, accounts.researcherZs.token, { timeliness: 5, quality: 4, staff: 5 })

    const page = await signedIn(accounts.adminNbu).get('/admin/evaluation')
    expect(page.status).toBe(200)
    const doc = html(page)
    expect(
      doc
        .select('section[aria-labelledby="evaluation-instruments-h"] thead th')
        .map((th) => th.text)
        .slice(-3),
    ).toEqual(['样品数', '用户评价', '标注'])
    const cells = (id: string) => doc.select(`#evaluation-${id} td.num`).map((td) => td.text)
    // 2 samples arrived of 3; (5 + 4 + 5) ÷ 3 = 4.67 of one rating
    expect(cells(lab.id).slice(-2)).toEqual(['2', '4.67\n1 条'])
    expect(cells(sem.id).slice(-2)).toEqual(['0', '—'])
    const csv = await download('/admin/evaluation/evaluation-2027.csv', accounts.adminNbu)
    expect(
      csv
        .split('\r\n')
        .find((row) => row.startsWith('多晶X射线衍射仪,'))
        ?.endsWith(',1,0,2,4.67'),
    ).toBe(true)
  })
})
