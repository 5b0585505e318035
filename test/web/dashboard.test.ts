import { describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/** Records a finished use of an instrument by an account, through the API (as an institute admin would). */
async function recordUse(world: World, instrumentId: string, userId: string, start: string, end: string) {
  const response = await world.call('POST', `/instruments/${instrumentId}/uses`, {
    token: world.accounts.platform.token,
    body: { userId, start, end },
  })
  expect(response.status).toBe(201)
}

async function as(world: World, who: keyof World['accounts']) {
  const b = browser(world)
  b.signInAs(world.accounts[who])
  return b
}

describe('/dashboard access', () => {
  it('sends a signed-out visitor to the sign-in page, keeping the year', async () => {
    const world = await createWorld()
    const page = await browser(world).get('/dashboard?year=2026')
    expect(page.status).toBe(303)
    expect(page.location).toBe(`/login?next=${encodeURIComponent('/dashboard?year=2026')}`)
  })

  it('refuses a researcher with the 403 page', async () => {
    const world = await createWorld()
    const page = await (await as(world, 'researcherZs')).get('/dashboard')
    expect(page.status).toBe(403)
    expect(html(page).text()).toContain('当前账号无权进行此操作')
  })

  it.each(['talent', 'platform'] as const)('renders for a %s with both cities', async (who) => {
    const world = await createWorld()
    const page = await (await as(world, who)).get('/dashboard')
    expect(page.status).toBe(200)
    const text = html(page).text()
    expect(text).toContain('人才办看板')
    expect(text).toContain('今年甬舟共享 0 / 500 台次')
    expect(text).not.toContain('以下为本单位仪器的共享数据')
    expect(html(page).has('form[action="/dashboard/target"]')).toBe(true)
  })

  it('shows an institute admin the figures of its own instruments, without the target form', async () => {
    const world = await createWorld()
    const ours = await world.instrument()
    const theirs = await world.instrument({ institutionId: world.institutions.zjou.id })
    await recordUse(
      world,
      ours.id,
      world.accounts.researcherZs.id,
      '2027-02-01T09:00:00+08:00',
      '2027-02-01T10:00:00+08:00',
    )
    await recordUse(
      world,
      theirs.id,
      world.accounts.researcherNb.id,
      '2027-02-02T09:00:00+08:00',
      '2027-02-02T10:00:00+08:00',
    )
    await recordUse(
      world,
      theirs.id,
      world.accounts.researcherNb.id,
      '2027-02-03T09:00:00+08:00',
      '2027-02-03T10:00:00+08:00',
    )
    const admin = await (await as(world, 'adminNbu')).get('/dashboard')
    expect(admin.status).toBe(200)
    expect(html(admin).text()).toContain('以下为本单位仪器的共享数据')
    expect(html(admin).text()).toContain('今年甬舟共享 1 / 500 台次')
    expect(html(admin).mentions('/dashboard/target')).toBe(false)
    const talent = await (await as(world, 'talent')).get('/dashboard')
    expect(html(talent).text()).toContain('今年甬舟共享 3 / 500 台次')
  })
})

describe('/dashboard figures', () => {
  it('draws the progress bar, the cumulative line against the target pace, the bars and both directions', async () => {
    const world = await createWorld('2027-04-15T10:00:00+08:00')
    const instrument = await world.instrument()
    // two uses by Zhoushan researchers of a Ningbo instrument (舟山 → 宁波), one the other way
    await recordUse(
      world,
      instrument.id,
      world.accounts.researcherZs.id,
      '2027-01-10T09:00:00+08:00',
      '2027-01-10T10:00:00+08:00',
    )
    await recordUse(
      world,
      instrument.id,
      world.accounts.researcherZs2.id,
      '2027-03-10T09:00:00+08:00',
      '2027-03-10T11:00:00+08:00',
    )
    const zjou = await world.instrument({
      institutionId: world.institutions.zjou.id,
      name: '多波束测深系统',
      category: 'marine',
    })
    await recordUse(
      world,
      zjou.id,
      world.accounts.researcherNb.id,
      '2027-03-11T09:00:00+08:00',
      '2027-03-11T10:00:00+08:00',
    )

    const page = html(await (await as(world, 'talent')).get('/dashboard'))
    const text = page.text()
    expect(text).toContain('今年甬舟共享 3 / 500 台次')

    // the cumulative chart: an accessible SVG with the running total (Jan 1 + Jan…Apr) and the dashed target pace
    const chart = page.one('svg.chart.chart-cumulative')
    expect(chart.getAttribute('role')).toBe('img')
    expect(page.text('svg.chart-cumulative title#cumulative-title')).toBe('2027 年甬舟共享累计台次与目标进度')
    expect(page.text('svg.chart-cumulative')).toContain(
      '截至4月底累计 3 台次；按全年 500 台次的目标进度应为 167 台次。',
    )
    const points = chart.querySelector('polyline')?.getAttribute('points')?.split(' ') ?? []
    expect(points).toHaveLength(5)
    expect(chart.querySelector('line.chart-pace[data-series="pace"]')?.getAttribute('stroke-dasharray')).toBeTruthy()
    expect(page.text('svg.chart-cumulative')).toContain('实际累计 3')
    expect(page.text('svg.chart-cumulative')).toContain('目标进度 500')

    // monthly bars, directions (with the data's city names), top institutions and categories by name
    const titles = page.select('svg title').map((title) => title.text)
    expect(titles).toContain('1月 · 甬舟共享: 1')
    expect(titles).toContain('3月 · 甬舟共享: 2')
    expect(titles).toContain('舟山 → 宁波: 2')
    expect(titles).toContain('宁波 → 舟山: 1')
    expect(page.text('section[aria-labelledby="institutions-h"] tbody tr')).toContain('宁波大学 2 2')
    expect(page.text('section[aria-labelledby="categories-h"] tbody tr')).toContain('海洋仪器 1')
    expect(page.text('section[aria-labelledby="categories-h"] tbody tr')).toContain('电子光学仪器 2')
    // the progress bar's pace marker for today (day 105 of 365)
    expect(text).toContain('按目标进度今天应达 144')
  })

  it('switches years and refuses a year that is not one', async () => {
    const world = await createWorld()
    const b = await as(world, 'talent')
    const page = await b.get('/dashboard?year=2026')
    expect(page.status).toBe(200)
    expect(html(page).text()).toContain('2026 年甬舟共享 0 / 500 台次')
    expect(html(page).has('a[href="/dashboard?year=2025"]')).toBe(true)
    expect(html(page).has('a[href="/dashboard/sharing-2026.csv"]')).toBe(true)
    expect((await b.get('/dashboard?year=twenty')).status).toBe(400)
    expect((await b.get('/dashboard?year=1999')).status).toBe(400)
  })

  it('speaks English', async () => {
    const world = await createWorld()
    const page = await (await as(world, 'talent')).get('/dashboard?lang=en')
    const text = html(page).text()
    expect(text).toContain('Cross-city uses this year: 0 / 500')
    expect(text).toContain('Running total against the target pace')
    expect(html(page).text()).toContain('Ningbo → Zhoushan')
  })
})

describe('/dashboard target', () => {
  it('lets the talent office set the year’s target', async () => {
    const world = await createWorld()
    const b = await as(world, 'talent')
    await b.get('/dashboard?year=2027')
    const set = await b.post('/dashboard/target', { year: '2027', target: '600' })
    expect(set.status).toBe(303)
    expect(set.location).toBe('/dashboard?year=2027&msg=msg.staff.targetSet')
    const page = await b.get(set.location!)
    expect(html(page).text()).toContain('年度目标已更新')
    expect(html(page).text()).toContain('今年甬舟共享 0 / 600 台次')
    const api = await world.call('GET', '/stats/sharing?year=2027', { token: world.accounts.talent.token })
    expect(api.json.target).toBe(600)
    const bad = await b.post('/dashboard/target', { year: '2027', target: '-3' })
    expect(bad.location).toBe('/dashboard?year=2027&err=validation')
  })

  it.each(['adminNbu', 'researcherZs'] as const)('refuses a %s', async (who) => {
    const world = await createWorld()
    const b = await as(world, who)
    await b.get('/')
    const answer = await b.post('/dashboard/target', { year: '2027', target: '1' })
    expect(answer.status).toBe(403)
    const api = await world.call('GET', '/stats/sharing?year=2027', { token: world.accounts.talent.token })
    expect(api.json.target).toBe(500)
  })
})

describe('/dashboard CSV', () => {
  it('downloads the year’s uses with a BOM for a signed-in talent office', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    await recordUse(
      world,
      instrument.id,
      world.accounts.researcherZs.id,
      '2027-02-01T09:00:00+08:00',
      '2027-02-01T10:00:00+08:00',
    )
    const b = await as(world, 'talent')
    const response = await world.app.request('/dashboard/sharing-2027.csv', {
      headers: { Cookie: `yz_session=${world.accounts.talent.token}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sharing-2027.csv"')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.split('\r\n')[1]).toContain('宁波大学,ningbo,浙江海洋大学,zhoushan,true,true,1.00')
    // the same service as the API's CSV
    const api = await world.call('GET', '/stats/sharing.csv?year=2027', { token: world.accounts.talent.token })
    expect(text).toBe(api.text.startsWith('\uFEFF') ? api.text : `\uFEFF${api.text}`)
    expect((await b.get('/dashboard/sharing-2027.csv')).status).toBe(200)
  })

  it('refuses signed-out visitors and researchers', async () => {
    const world = await createWorld()
    expect((await browser(world).get('/dashboard/sharing-2027.csv')).status).toBe(303)
    expect((await (await as(world, 'researcherZs')).get('/dashboard/sharing-2027.csv')).status).toBe(403)
  })
})
