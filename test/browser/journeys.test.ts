import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { formatRange, fromLocalInput } from '../../src/web/format.js'
import {
  browserSession,
  en,
  focused,
  overflowX,
  SETUP_TIMEOUT,
  screenshot,
  signIn,
  TEST_TIMEOUT,
  tableProblems,
  type Visitor,
  WALK_TIMEOUT,
  ZONE,
  zh,
} from './support.js'

/*
 * The journeys of issue 3 in a real browser, in order: they share one server (demo data, fixed clock) and one
 * Chromium, and the booking made in the first journey is the one the next two work on. Every test ends by
 * asserting that its pages had no console error, no failed request, no unexpected status ≥ 400 and no request
 * to another host than 127.0.0.1.
 */

const ZS = 'researcher.zs@demo.yz'
const NB = 'researcher.nb@demo.yz'
const NBU_ADMIN = 'admin.nbu@demo.yz'
const TALENT = 'talent.zhoushan@demo.yz'
const PLATFORM = 'admin@demo.yz'
const EIT_ADMIN = 'admin.eit@demo.yz'

/** What these tests touch of the DOM (the project compiles without the DOM lib). */
interface DomDocument {
  createElement(tag: string): { textContent: string }
  body: { append(node: unknown): void }
}

let xrdId: string
/** 宁波东方理工大学's Apreo 2 and its recognition of 浙江海洋大学 (资格互认, in the demo) */
let apreoPath: string
let recognitionPath: string

/** The booking the first journey makes; the conflict and cancel journeys use it. */
let booked: { path: string; start: number; end: number; when: string } | undefined

const web = browserSession()

beforeAll(async () => {
  const row = web.server.connection.sqlite
    .prepare(
      `SELECT i.id FROM instruments i JOIN institutions o ON o.id = i.institution_id
       WHERE i.name = 'X射线衍射仪' AND o.name = '宁波大学'`,
    )
    .get() as { id: string }
  xrdId = row.id
  const recognition = web.server.connection.sqlite
    .prepare(
      `SELECT g.id, g.instrument_id FROM recognitions g JOIN instruments i ON i.id = g.instrument_id
       JOIN institutions o ON o.id = i.institution_id WHERE i.model = 'Apreo 2' AND o.name LIKE '宁波东方理工大学%'`,
    )
    .get() as { id: string; instrument_id: string }
  apreoPath = `/admin/instruments/${recognition.instrument_id}`
  recognitionPath = `${apreoPath}/recognitions/${recognition.id}`
}, SETUP_TIMEOUT)

const statusOf = (id: string) =>
  (web.server.connection.sqlite.prepare('SELECT status FROM reservations WHERE id = ?').get(id) as { status: string })
    .status

/** The row of /me (either table) for a reservation of the XRD at `when`. */
const rowOf = (page: Page, section: 'upcoming' | 'past', when: string) =>
  page.locator(`section[aria-labelledby="${section}"] tbody tr`).filter({ hasText: when })

/** An institute admin records a past use on /admin (form 补录上机记录). */
async function recordUse(page: Page, email: string, start: string, end: string) {
  await page.goto(`${web.server.base}/admin`)
  await page.locator('#use-instrument').selectOption(xrdId)
  await page.getByLabel(zh('staff.admin.userEmail')).fill(email)
  await page.locator('#use-start').fill(start)
  await page.locator('#use-end').fill(end)
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.useRecorded'),
    page.getByRole('button', { name: zh('staff.admin.recordUseSubmit'), exact: true }).click(),
  ])
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: zh('msg.staff.useRecorded') })
      .count(),
  ).resolves.toBe(1)
}

/** "今年甬舟共享 N / 500 台次" → N */
async function dashboardCount(page: Page): Promise<number> {
  const headline = (await page.locator('#progress-h').textContent()) ?? ''
  const match = /甬舟共享\s*([\d,]+)\s*\//.exec(headline)
  if (!match) throw new Error(`no count in the dashboard headline: ${headline}`)
  return Number(match[1]!.replace(/,/g, ''))
}

describe('web pages in Chromium', () => {
  test(
    'a Zhoushan researcher finds a Ningbo instrument, books a free slot and sees it under 我的预约',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, ZS)

      // search and filters on the catalogue
      await page.getByLabel(zh('catalogue.q')).fill('X射线衍射')
      await page.getByLabel(zh('catalogue.city'), { exact: true }).selectOption({ label: '宁波' })
      await page.getByLabel(zh('catalogue.institution'), { exact: true }).selectOption({ label: '宁波大学' })
      await page.getByLabel(zh('catalogue.mode'), { exact: true }).selectOption('self')
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('city') === 'ningbo'),
        page.getByRole('button', { name: zh('catalogue.search'), exact: true }).click(),
      ])
      const cards = page.locator('ul.cards > li')
      await expect(cards.count()).resolves.toBe(1)
      await expect(cards.first().textContent()).resolves.toContain('宁波大学 · 宁波')
      await Promise.all([
        page.waitForURL(`${web.server.base}/instruments/${xrdId}`),
        cards.first().getByRole('link', { name: 'X射线衍射仪' }).click(),
      ])
      await expect(page.locator('h1').textContent()).resolves.toContain('X射线衍射仪')

      // choose the first free cell of the week calendar: the script fills the booking form in place
      const cell = page.locator('table.week td.free a').first()
      const href = new URL((await cell.getAttribute('href'))!, web.server.base)
      const startText = href.searchParams.get('start')!
      const endText = href.searchParams.get('end')!
      await cell.click()
      await expect(page.locator('#book-start').inputValue()).resolves.toBe(startText)
      await expect(page.locator('#book-end').inputValue()).resolves.toBe(endText)
      await expect(page.locator('table.week td.chosen').count()).resolves.toBeGreaterThan(0)
      await page.getByLabel(zh('book.purpose')).fill('海洋生物矿化样品物相分析')
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/me'),
        page.getByRole('button', { name: zh('book.submit'), exact: true }).click(),
      ])

      await expect(
        page
          .getByRole('status')
          .filter({ hasText: zh('msg.booked') })
          .count(),
      ).resolves.toBe(1)
      const start = fromLocalInput(startText, ZONE)!
      const end = fromLocalInput(endText, ZONE)!
      const when = formatRange(start, end, ZONE, 'zh')
      const row = rowOf(page, 'upcoming', when)
      await expect(row.count()).resolves.toBe(1)
      await expect(row.textContent()).resolves.toContain('X射线衍射仪')
      await expect(row.textContent()).resolves.toContain(zh('status.confirmed'))
      booked = { path: `${href.pathname}${href.search}`, start, end, when }
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'a second researcher tries the same slot and is told it is taken, with the nearest free slots',
    async () => {
      expect(booked, 'needs the booking of the first journey').toBeDefined()
      const v = await web.open()
      const { page } = v
      // the link the first researcher used (a shared link): the calendar shows that time busy, without names
      await signIn(page, web.server.base, NB, booked!.path)
      await expect(page.locator('table.week td.busy.chosen').count()).resolves.toBeGreaterThan(0)
      await expect(page.locator('table.week').textContent()).resolves.not.toContain('researcher')
      await expect(page.locator('#book-start').inputValue()).resolves.not.toBe('')

      v.expect(409, new RegExp(`^/instruments/${xrdId}/book$`))
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/book')),
        page.getByRole('button', { name: zh('book.submit'), exact: true }).click(),
      ])
      expect(response.status()).toBe(409)
      await page.waitForLoadState()
      const alert = page.locator('#book').getByRole('alert')
      await expect(alert.textContent()).resolves.toContain(zh('book.conflict'))
      const offers = page.locator('#book').getByRole('status')
      await expect(offers.textContent()).resolves.toContain(zh('book.alternatives'))
      const alternatives = offers.getByRole('link')
      expect(await alternatives.count()).toBeGreaterThan(0)
      await screenshot(page, 'instrument-conflict-1280')

      // taking an alternative fills the form with it
      const alternative = new URL((await alternatives.first().getAttribute('href'))!, web.server.base)
      await alternatives.first().click()
      await page.waitForURL((url) => url.searchParams.get('start') === alternative.searchParams.get('start'))
      await expect(page.locator('#book-start').inputValue()).resolves.toBe(alternative.searchParams.get('start'))
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the first researcher cancels the booking after confirming',
    async () => {
      expect(booked, 'needs the booking of the first journey').toBeDefined()
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, ZS, '/me')
      const row = rowOf(page, 'upcoming', booked!.when)
      await Promise.all([
        page.waitForURL(/\/me\/reservations\/[^/]+\/cancel$/),
        row.getByRole('link', { name: zh('me.cancel') }).click(),
      ])
      const id = /\/me\/reservations\/([^/]+)\/cancel$/.exec(page.url())![1]!
      await expect(page.locator('h1').textContent()).resolves.toBe(zh('me.cancelTitle'))
      await expect(page.locator('main').textContent()).resolves.toContain(
        zh('me.cancelQuestion', { instrument: 'X射线衍射仪', when: booked!.when }),
      )
      expect(statusOf(id)).toBe('confirmed') // asking is not cancelling
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.cancelled'),
        page.getByRole('button', { name: zh('me.cancelConfirm'), exact: true }).click(),
      ])
      await expect(
        page
          .getByRole('status')
          .filter({ hasText: zh('msg.cancelled') })
          .count(),
      ).resolves.toBe(1)
      await expect(rowOf(page, 'upcoming', booked!.when).count()).resolves.toBe(0)
      await expect(rowOf(page, 'past', booked!.when).textContent()).resolves.toContain(zh('status.cancelled'))
      expect(statusOf(id)).toBe('cancelled')
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'an institute admin approves a pending request and records a use',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, NBU_ADMIN, '/admin')
      const queue = page.locator('section[aria-labelledby="queue-h"] tbody tr')
      const before = await queue.count()
      expect(before, 'the demo data has pending requests for 宁波大学').toBeGreaterThan(0)
      const id = (await queue.first().getAttribute('id'))!.replace(/^r-/, '')
      expect(statusOf(id)).toBe('pending')
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.approved'),
        queue
          .first()
          .getByRole('button', { name: zh('staff.admin.approve'), exact: true })
          .click(),
      ])
      await expect(
        page
          .getByRole('status')
          .filter({ hasText: zh('msg.staff.approved') })
          .count(),
      ).resolves.toBe(1)
      await expect(page.locator(`#r-${id}`).count()).resolves.toBe(0)
      await expect(queue.count()).resolves.toBe(before - 1)
      expect(statusOf(id)).toBe('confirmed')

      // yesterday evening, after hours: a night run the admin writes down afterwards
      await recordUse(page, ZS, '2027-03-09T19:00', '2027-03-09T21:00')
      const recorded = web.server.connection.sqlite
        .prepare(
          `SELECT r.status, r.recorded FROM reservations r JOIN users u ON u.id = r.user_id
           WHERE r.instrument_id = ? AND u.email = ? AND r.start_ms = ?`,
        )
        .get(xrdId, ZS, Date.parse('2027-03-09T11:00:00Z'))
      expect(recorded).toEqual({ status: 'completed', recorded: 1 })
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the talent office sees its count rise by one and downloads the CSV',
    async () => {
      const talent = await web.open()
      await signIn(talent.page, web.server.base, TALENT, '/dashboard')
      const before = await dashboardCount(talent.page)
      const chart = await talent.page.locator('svg.chart-cumulative').boundingBox()
      expect(chart?.width ?? 0).toBeGreaterThan(200)
      expect(chart?.height ?? 0).toBeGreaterThan(100)

      // a Zhoushan researcher's use of a Ningbo instrument is one more cross-city use (甬舟共享)
      const admin = await web.open()
      await signIn(admin.page, web.server.base, NBU_ADMIN, '/admin')
      await recordUse(admin.page, ZS, '2027-03-08T19:00', '2027-03-08T20:00')

      await talent.page.reload()
      await expect(dashboardCount(talent.page)).resolves.toBe(before + 1)

      const [download] = await Promise.all([
        talent.page.waitForEvent('download'),
        talent.page.getByRole('link', { name: zh('staff.dash.csv', { year: 2027 }) }).click(),
      ])
      expect(download.suggestedFilename()).toBe('sharing-2027.csv')
      const bytes = await readFile((await download.path())!)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean)
      expect(lines.length).toBeGreaterThan(before)
      expect(talent.problems).toEqual([])
      expect(admin.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the language switch turns a page English, is remembered, and turns it back',
    async () => {
      const v = await web.open()
      const { page } = v
      await page.goto(`${web.server.base}/`)
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN')
      await expect(page.locator('h1').textContent()).resolves.toBe(zh('catalogue.title'))

      await Promise.all([page.waitForURL(/lang=en/), page.getByRole('link', { name: zh('lang.switchLabel') }).click()])
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en')
      await expect(page.locator('h1').textContent()).resolves.toBe(en('catalogue.title'))
      await expect(page.getByLabel(en('catalogue.q')).count()).resolves.toBe(1)

      // remembered on the next page
      await Promise.all([
        page.waitForURL(/\/login/),
        page.getByRole('link', { name: en('nav.signIn'), exact: true }).click(),
      ])
      await expect(page.locator('h1').textContent()).resolves.toBe(en('login.title'))

      await Promise.all([page.waitForURL(/lang=zh/), page.getByRole('link', { name: en('lang.switchLabel') }).click()])
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN')
      await expect(page.locator('h1').textContent()).resolves.toBe(zh('login.title'))
      expect(v.problems).toEqual([])

      // a browser that asks for English gets English without the switch
      const english = await web.open({ locale: 'en-GB' })
      await english.page.goto(`${web.server.base}/`)
      await expect(english.page.locator('h1').textContent()).resolves.toBe(en('catalogue.title'))
      expect(english.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the booking form is reachable by keyboard, from a calendar cell to the submit button',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, ZS, `/instruments/${xrdId}`)
      // the first Tab on a page reaches the skip link
      await page.keyboard.press('Tab')
      await expect(focused(page)).resolves.toBe('a.skip')

      // Enter on a free cell fills the form and moves focus to its start
      const cell = page.locator('table.week td.free a').first()
      const start = new URL((await cell.getAttribute('href'))!, web.server.base).searchParams.get('start')
      await cell.focus()
      await page.keyboard.press('Enter')
      await expect(page.locator('#book-start').inputValue()).resolves.toBe(start)
      await expect(focused(page)).resolves.toBe('book-start')

      // Tab on: end, purpose, the fund account (经费卡号), then the submit button (a datetime-local input takes several
      // Tab stops; this researcher's university holds no voucher, so no voucher picker)
      const visited: string[] = []
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab')
        const now = await focused(page)
        if (visited.at(-1) !== now) visited.push(now)
        if (now.startsWith('button:')) break
      }
      expect(visited).toEqual(['book-start', 'book-end', 'book-purpose', 'book-fund', `button:${zh('book.submit')}`])
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the watcher these tests rely on does report errors, failed requests and other hosts',
    async () => {
      const v = await web.open()
      await v.page.goto(`${web.server.base}/no-such-page`)
      await v.page.evaluate(async () => {
        // the pages' Content-Security-Policy (connect-src 'self') refuses this before any request leaves
        await fetch('http://127.0.0.2:9/').catch(() => {})
        console.error('boom')
      })
      // an inline script is what the pages' Content-Security-Policy forbids: the watcher must see it refused
      await v.page.evaluate(() => {
        const doc = (globalThis as unknown as { document: DomDocument }).document
        const script = doc.createElement('script')
        script.textContent = 'globalThis.injected = true'
        doc.body.append(script)
      })
      await v.page.waitForTimeout(100)
      const found = v.problems.join('\n')
      expect(found).toMatch(/CSP violation: script-src/)
      expect(await v.page.evaluate(() => (globalThis as { injected?: boolean }).injected)).toBeUndefined()
      expect(found).toMatch(/CSP violation: connect-src blocked http:\/\/127\.0\.0\.2:9/)
      expect(found).toMatch(/HTTP 404: GET http:\/\/127\.0\.0\.1:\d+\/no-such-page/)
      expect(found).toMatch(/console error: boom/)
      // a navigation is not the policy's to refuse: the watcher itself reports the other host
      await v.page.goto('http://127.0.0.2:9/').catch(() => {})
      const after = v.problems.join('\n')
      expect(after).toMatch(/request to another host: http:\/\/127\.0\.0\.2:9\//)
      expect(after).toMatch(/request failed .*127\.0\.0\.2/)
    },
    TEST_TIMEOUT,
  )

  test(
    'the offline API reference at /docs renders under its Content-Security-Policy, without a violation',
    async () => {
      const v = await web.open()
      const response = await v.page.goto(`${web.server.base}/docs`)
      expect(response?.status()).toBe(200)
      const policy = response!.headers()['content-security-policy'] ?? ''
      expect(policy).toMatch(/script-src 'self'/)
      expect(policy).not.toContain('unsafe-inline')
      // Swagger UI has read /openapi.json and drawn an entry per operation
      await v.page.locator('.opblock').first().waitFor({ timeout: 15_000 })
      expect(await v.page.locator('.opblock').count()).toBeGreaterThan(30)
      await v.page.locator('.opblock').first().click()
      await v.page.waitForTimeout(300)
      await screenshot(v.page, 'docs-1280')
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'every page, at 390 px and 1280 px: a screenshot, no console error, no failed request',
    async () => {
      const pages: { name: string; path: string; as?: string }[] = [
        { name: 'catalogue', path: '/' },
        { name: 'login', path: '/login' },
        { name: 'instrument', path: `/instruments/${xrdId}`, as: ZS },
        { name: 'me', path: '/me', as: ZS },
        { name: 'admin', path: '/admin', as: NBU_ADMIN },
        { name: 'dashboard', path: '/dashboard', as: TALENT },
        { name: 'platform', path: '/platform', as: PLATFORM },
      ]
      const overflow: Record<string, number> = {}
      const signedIn = new Map<string, Visitor>()
      for (const entry of pages) {
        const key = entry.as ?? 'anonymous'
        let v = signedIn.get(key)
        if (!v) {
          v = await web.open()
          if (entry.as) await signIn(v.page, web.server.base, entry.as, entry.path)
          signedIn.set(key, v)
        }
        for (const width of [390, 1280]) {
          await v.page.setViewportSize({ width, height: 900 })
          const response = await v.page.goto(`${web.server.base}${entry.path}`)
          expect(response?.status(), entry.path).toBe(200)
          const headers = response!.headers()
          expect(headers['content-security-policy'], entry.path).toMatch(/script-src 'self'/)
          expect(headers['content-security-policy'], entry.path).not.toContain('unsafe-inline')
          expect(headers['x-frame-options'], entry.path).toBe('DENY')
          // the demo's accounts can sign in here: every page says so (README "Demo data")
          await expect(v.page.locator('.demo-banner').isVisible(), entry.path).resolves.toBe(true)
          await screenshot(v.page, `${entry.name}-${width}`)
          overflow[`${entry.name}-${width}`] = await overflowX(v.page)
        }
      }
      for (const [key, v] of signedIn) expect(v.problems, key).toEqual([])
      // nothing is wider than a phone's screen: wide tables scroll inside their own box
      expect(Object.entries(overflow).filter(([, px]) => px > 0)).toEqual([])
    },
    WALK_TIMEOUT,
  )

  test(
    'every table of /dashboard, /admin, /me, /platform, the instrument form and a recognition shows its numbers without sideways scrolling',
    async () => {
      const pages = [
        { path: '/dashboard', as: TALENT, numbers: true },
        { path: '/admin', as: NBU_ADMIN, numbers: false },
        { path: `/admin/instruments/${xrdId}`, as: NBU_ADMIN, numbers: false },
        { path: apreoPath, as: EIT_ADMIN, numbers: true }, // its recognitions and the candidates' trained people
        { path: recognitionPath, as: EIT_ADMIN, numbers: false },
        { path: '/me', as: ZS, numbers: false },
        { path: '/platform', as: PLATFORM, numbers: false },
      ]
      const found: Record<string, string[]> = {}
      for (const entry of pages) {
        const v = await web.open()
        await signIn(v.page, web.server.base, entry.as, entry.path)
        for (const width of [390, 1280]) {
          await v.page.setViewportSize({ width, height: 900 })
          await v.page.goto(`${web.server.base}${entry.path}`)
          const { problems, tables, numbers } = await tableProblems(v.page)
          expect(tables, `${entry.path} at ${width} px has tables`).toBeGreaterThan(0)
          if (entry.numbers) expect(numbers, `${entry.path} at ${width} px has numeric cells`).toBeGreaterThan(0)
          found[`${entry.path} at ${width} px`] = problems
        }
        expect(v.problems).toEqual([])
      }
      expect(Object.entries(found).filter(([, problems]) => problems.length > 0)).toEqual([])
    },
    WALK_TIMEOUT,
  )
})
