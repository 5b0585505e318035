import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { browserSession, overflowX, screenshot, signIn, TEST_TIMEOUT, tableProblems, zh } from './support.js'

/*
 * 开放共享评价 in Chromium on the demo data at the fixed clock (2027-03-10, 2025's means pro rata): 宁波材料所's admin
 * reads /admin/evaluation, the Zhoushan talent office the dashboard's section and sorts it. Both render under the
 * Content-Security-Policy without a violation (support.ts `watch` reports one as a problem), with every number in
 * sight at 390 and 1280 px.
 */

const NIMTE_ADMIN = 'admin.nimte@demo.yz'
const TALENT = 'talent.zhoushan@demo.yz'

const web = browserSession()

/** Table problems and sideways overflow at a phone's and a desktop's width, with a screenshot of each. */
async function measure(page: Page, name: string, path: string) {
  const found: string[] = []
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto(`${web.server.base}${path}`)
    await screenshot(page, `${name}-${width}`)
    const { problems, numbers } = await tableProblems(page)
    expect(numbers, `${name} at ${width} px has numeric cells`).toBeGreaterThan(0)
    found.push(...problems.map((p) => `${width} px: ${p}`))
    const overflow = await overflowX(page)
    if (overflow > 0) found.push(`${width} px: the page is ${overflow} px too wide`)
  }
  return found
}

describe('开放共享评价 in Chromium', () => {
  test(
    'an institute admin’s page: the flagged large instruments first, the chart, the CSV',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, NIMTE_ADMIN, '/admin')
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/admin/evaluation'),
        page.getByRole('link', { name: zh('eval.adminLink'), exact: true }).click(),
      ])
      await expect(page.locator('h1').textContent()).resolves.toContain(zh('eval.title'))
      const rows = page.locator('section[aria-labelledby="evaluation-instruments-h"] tbody tr')
      expect(await rows.count()).toBeGreaterThan(3)
      // a flag on the first row; the last flagged row is followed only by unflagged ones
      const flagged = await rows.evaluateAll((trs) =>
        trs.map((tr) => (tr as unknown as { querySelector(s: string): unknown }).querySelector('[data-flag]') !== null),
      )
      expect(flagged[0]).toBe(true)
      expect(flagged.indexOf(false)).toBeGreaterThan(0)
      expect(flagged.slice(flagged.indexOf(false))).not.toContain(true)
      // the year's samples and ratings have their columns, and the demo fills them
      const heads = await page.locator('section[aria-labelledby="evaluation-instruments-h"] thead th').allTextContents()
      expect(heads).toEqual(expect.arrayContaining([zh('eval.col.samples'), zh('eval.col.rating')]))
      const chart = page.locator('svg.chart-scatter')
      await expect(chart.isVisible()).resolves.toBe(true)
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3)
      await expect(page.locator('svg.chart-scatter .chart-point.marked').count()).resolves.toBeGreaterThan(0)

      const href = await page.locator('a[download^="evaluation-"]').getAttribute('href')
      const csv = await page.request.get(`${web.server.base}${href}`)
      expect(csv.status()).toBe(200)
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
      expect((await csv.text()).split('\r\n')[0]).toContain('仪器名称,资产编号')

      expect(await measure(page, 'admin-evaluation', '/admin/evaluation')).toEqual([])
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the talent office’s dashboard: every institution, sorted by a click on a column, and the chart',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, TALENT, '/dashboard')
      const section = page.locator('section#evaluation')
      await expect(section.locator('h2').textContent()).resolves.toBe(zh('eval.dash'))
      expect(await section.locator('tbody tr').count()).toBeGreaterThan(10)
      await expect(page.locator('svg.chart-scatter').isVisible()).resolves.toBe(true)

      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('sort') === 'flagged'),
        section.locator('th a[data-sort="flagged"]').click(),
      ])
      await expect(section.locator('th[aria-sort]').getAttribute('aria-sort')).resolves.toBe('descending')
      const counts = (await section.locator('tbody tr td:last-child').allTextContents()).map((t) =>
        Number(t.replace(/\D/g, '')),
      )
      expect(counts).toEqual([...counts].sort((a, b) => b - a))
      expect(counts[0]).toBeGreaterThan(0)

      // a phone sorts with the form (the column heads are hidden when rows stack into cards)
      await page.setViewportSize({ width: 390, height: 900 })
      await expect(page.locator('#evaluation-sort').isVisible()).resolves.toBe(true)
      await page.setViewportSize({ width: 1280, height: 900 })
      await expect(page.locator('#evaluation-sort').isVisible()).resolves.toBe(false)

      expect(await measure(page, 'dashboard-evaluation', '/dashboard?sort=shareRate&dir=desc#evaluation-h')).toEqual([])
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )
})
