import { beforeAll, describe, expect, test } from 'vitest'
import { reportPdf } from '../../seed/report-pdf.js'
import { availability } from '../../src/services/instrument-calendar.js'
import { getSharingStats } from '../../src/services/sharing-stats.js'
import { browserSession, SETUP_TIMEOUT, screenshot, signIn, TEST_TIMEOUT, ZONE, zh } from './support.js'

/*
 * Issue 10's journey in a real browser, on the demo data at the fixed clock: the demo's Zhoushan researcher sends
 * samples to a `service` instrument of 宁波大学; its admin accepts, records the
 * samples, books a run and uploads a PDF report from the order's page; the researcher downloads the report from
 * 我的预约 and rates the service; the talent office's cross-city count rises by one.
 */

const ZS = 'researcher.zs@demo.yz'
const NBU_ADMIN = 'admin.nbu@demo.yz'

let instrumentId: string

const web = browserSession()

beforeAll(async () => {
  const row = web.server.connection.sqlite
    .prepare(
      `SELECT i.id FROM instruments i JOIN institutions o ON o.id = i.institution_id
       WHERE i.mode = 'service' AND o.name = '宁波大学' AND i.status = 'active' ORDER BY i.name LIMIT 1`,
    )
    .get() as { id: string }
  instrumentId = row.id
}, SETUP_TIMEOUT)

const crossCityUses = async () =>
  (await getSharingStats(web.server.deps.db, { year: 2027, now: web.server.clock() })).crossCityUses

/** The first free hour on the instrument from tomorrow, as the run form's local date-times. */
async function freeHour(): Promise<{ start: string; end: string }> {
  const from = web.server.clock() + 24 * 3600_000
  const { free } = await availability(web.server.deps, instrumentId, from, from + 14 * 24 * 3600_000)
  const slot = free.find((f) => f.end - f.start >= 3600_000)!
  const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16) // Asia/Shanghai keeps no daylight saving
  expect(ZONE).toBe('Asia/Shanghai')
  return { start: local(slot.start), end: local(slot.start + 3600_000) }
}

describe('送样检测 in Chromium', () => {
  test('a Zhoushan researcher sends samples to Ningbo; the lab reports; the researcher downloads and rates', {
    timeout: TEST_TIMEOUT * 3,
  }, async () => {
    const before = await crossCityUses()

    // the researcher: 送样 comes first on the instrument's page
    const researcher = await web.open()
    const rp = researcher.page
    await signIn(rp, web.server.base, ZS, `/instruments/${instrumentId}`)
    await expect(rp.getByRole('heading', { name: zh('order.title') })).toBeTruthy()
    await rp.getByLabel(zh('order.samples')).fill('2')
    await rp.getByLabel(zh('order.sampleDescription')).fill('海洋沉积物中的黏土矿物，超声分散后滴于铜网')
    await rp.getByLabel(zh('order.sampleForm')).selectOption('powder')
    await rp.getByLabel(zh('order.hazard')).selectOption('none')
    await rp.getByLabel(zh('order.tests')).fill('形貌观察与选区电子衍射')
    await rp.getByLabel(zh('order.tracking')).fill('SF1400012345678')
    await Promise.all([
      rp.waitForURL(
        (url) => url.pathname.startsWith('/orders/') && url.searchParams.get('msg') === 'msg.order.submitted',
      ),
      rp.getByRole('button', { name: zh('order.submit'), exact: true }).click(),
    ])
    const orderPath = new URL(rp.url()).pathname
    const orderId = orderPath.split('/')[2]!
    expect(await rp.locator('.timeline li.current').textContent()).toBe(zh('order.status.submitted'))

    // the lab: from its queue on /admin to the order's page, each move a form
    const lab = await web.open()
    const lp = lab.page
    await signIn(lp, web.server.base, NBU_ADMIN, '/admin')
    await Promise.all([
      lp.waitForURL((url) => url.pathname === orderPath),
      lp.locator(`#queue-order-${orderId} a`).click(),
    ])
    const submit = async (button: string, msg: string) =>
      Promise.all([
        lp.waitForURL((url) => url.pathname === orderPath && url.searchParams.get('msg') === msg),
        lp.getByRole('button', { name: button, exact: true }).click(),
      ])
    await submit(zh('order.accept'), 'msg.order.accepted')
    await lp.getByLabel(zh('order.receivedSamples')).fill('2')
    await submit(zh('order.receive'), 'msg.order.received')
    const run = await freeHour()
    await lp.getByLabel(zh('order.runStart')).fill(run.start)
    await lp.getByLabel(zh('order.runEnd')).fill(run.end)
    await Promise.all([
      lp.waitForURL((url) => url.searchParams.get('msg') === 'msg.order.runBooked'),
      lp.locator(`form[action="${orderPath}/runs"] button[type="submit"]`).click(),
    ])
    await lp.getByLabel(zh('order.reportFile')).setInputFiles({
      name: 'TEM-report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(reportPdf({ title: 'TEM report', lines: ['Sample 1: kaolinite', 'Sample 2: illite'] })),
    })
    await lp.getByLabel(zh('order.reportNote')).fill('两个样品均观察到片状黏土矿物。')
    await Promise.all([
      lp.waitForURL((url) => url.searchParams.get('msg') === 'msg.order.reported'),
      lp.locator(`form[action="${orderPath}/report"] button[type="submit"]`).click(),
    ])
    await screenshot(lp, 'order-reported-1280')
    expect(await crossCityUses()).toBe(before + 1)

    // the researcher: 我的送样 shows it reported, the report downloads, the rating is taken once
    await rp.goto(`${web.server.base}/me`)
    expect(await rp.locator(`#order-${orderId} .timeline li.current`).textContent()).toBe(zh('order.status.reported'))
    const [file] = await Promise.all([
      rp.waitForEvent('download'),
      rp.locator(`#order-${orderId} a[href="${orderPath}/report.pdf"]`).click(),
    ])
    expect(file.suggestedFilename()).toMatch(/\.pdf$/)
    const chunks: Buffer[] = []
    for await (const chunk of (await file.createReadStream())!) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-')

    await rp.goto(`${web.server.base}${orderPath}`)
    await rp.getByLabel(zh('rating.timeliness')).selectOption('5')
    await rp.getByLabel(zh('rating.quality')).selectOption('4')
    await rp.getByLabel(zh('rating.staff')).selectOption('5')
    await rp.getByLabel(zh('rating.comment')).fill('不用跑一趟宁波，三天就拿到了报告')
    await Promise.all([
      rp.waitForURL((url) => url.searchParams.get('msg') === 'msg.rated'),
      rp.getByRole('button', { name: zh('rating.submit'), exact: true }).click(),
    ])
    expect(await rp.locator(`form[action="${orderPath}/rating"]`).count()).toBe(0)
    await rp.goto(`${web.server.base}/instruments/${instrumentId}`)
    expect(await rp.locator('h1 + p .rating').textContent()).toMatch(/^用户评价 \d\.\d\d \/ 5（\d+ 条）$/)

    // a link that downloads ends its navigation there: Chromium reports that one request as aborted, nothing else
    const downloaded = (p: string) =>
      p === `request failed (net::ERR_ABORTED): GET ${web.server.base}${orderPath}/report.pdf`
    expect(researcher.problems.filter((p) => !downloaded(p))).toEqual([])
    expect(lab.problems).toEqual([])
  })
})
