import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  browserSession,
  SCREENSHOTS,
  SETUP_TIMEOUT,
  screenshot,
  signIn,
  TEST_TIMEOUT,
  tableProblems,
  zh,
} from './support.js'

/*
 * Issue 11's journeys in a real browser, on the demo data at the fixed clock: a Zhoushan researcher trained on
 * 浙江海洋大学's Apreo 2 books 宁波东方理工大学's Apreo 2 without training there (资格互认): the first booking waits,
 * its admin approves it, the second confirms at once; that admin recognises and revokes on the instrument's page;
 * 浙江海洋大学's admin imports the sample sheet (the dry run's report, then confirm). In order, on one web.server.
 */

const ZS = 'researcher.zs@demo.yz'
const EIT_ADMIN = 'admin.eit@demo.yz'
const ZJOU_ADMIN = 'admin.zjou@demo.yz'
const SAMPLE = new URL('../../seed/import/zjou-instruments.csv', import.meta.url).pathname

let apreoId: string

const web = browserSession()

beforeAll(async () => {
  const row = web.server.connection.sqlite
    .prepare(
      `SELECT i.id FROM instruments i JOIN institutions o ON o.id = i.institution_id
       WHERE i.model = 'Apreo 2' AND o.name LIKE '宁波东方理工大学%'`,
    )
    .get() as { id: string }
  apreoId = row.id
}, SETUP_TIMEOUT)

const reservation = (id: string) =>
  web.server.connection.sqlite.prepare('SELECT status, recognition_id FROM reservations WHERE id = ?').get(id) as {
    status: string
    recognition_id: string | null
  }

/** Books the Apreo's first free cell from its page as the signed-in researcher; returns the new reservation's id. */
async function bookFirstFreeCell(page: Page, msg: string): Promise<string> {
  await page.goto(`${web.server.base}/instruments/${apreoId}`)
  await page.locator('table.week td.free a').first().click()
  await page.getByLabel(zh('book.purpose')).fill('海洋沉积物颗粒形貌观察')
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/me' && url.searchParams.get('msg') === msg),
    page.getByRole('button', { name: zh('book.submit'), exact: true }).click(),
  ])
  const row = web.server.connection.sqlite
    .prepare(
      `SELECT r.id FROM reservations r JOIN users u ON u.id = r.user_id
       WHERE u.email = ? AND r.instrument_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`,
    )
    .get(ZS, apreoId) as { id: string }
  return row.id
}

/** Screenshots at 390 and 1280 px and the table check at both; returns the problems found. */
async function shootAndMeasure(page: Page, name: string, reload: () => Promise<unknown>) {
  const problems: string[] = []
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await reload()
    await screenshot(page, `${name}-${width}`)
    const found = await tableProblems(page)
    expect(found.tables, `${name} at ${width} px has tables`).toBeGreaterThan(0)
    problems.push(...found.problems.map((p) => `${width} px: ${p}`))
  }
  return problems
}

describe('资格互认 and the import in Chromium', () => {
  test(
    'a researcher trained in Zhoushan books the Ningbo Apreo: pending first, approved, then confirmed at once',
    async () => {
      const researcher = await web.open()
      await signIn(researcher.page, web.server.base, ZS, `/instruments/${apreoId}`)
      const first = await bookFirstFreeCell(researcher.page, 'msg.bookedUnderRecognition')
      expect(reservation(first)).toMatchObject({ status: 'pending', recognition_id: expect.any(String) })
      const row = researcher.page.locator(`#reservation-${first}`)
      await expect(row.textContent()).resolves.toContain(zh('status.pending'))
      await expect(row.textContent()).resolves.toContain(zh('recognition.badge'))
      await expect(row.textContent()).resolves.toContain(zh('me.recognitionPending'))

      const admin = await web.open()
      await signIn(admin.page, web.server.base, EIT_ADMIN, '/admin')
      const queued = admin.page.locator(`#r-${first}`)
      await expect(queued.textContent()).resolves.toContain(zh('recognition.badge'))
      const shots = await shootAndMeasure(admin.page, 'admin-queue-recognition', () => admin.page.reload())
      expect(shots).toEqual([])
      await Promise.all([
        admin.page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.approved'),
        queued.getByRole('button', { name: zh('staff.admin.approve'), exact: true }).click(),
      ])
      expect(reservation(first).status).toBe('confirmed')

      const second = await bookFirstFreeCell(researcher.page, 'msg.booked')
      expect(second).not.toBe(first)
      expect(reservation(second)).toMatchObject({
        status: 'confirmed',
        recognition_id: reservation(first).recognition_id,
      })
      await expect(researcher.page.locator(`#reservation-${second}`).textContent()).resolves.toContain(
        zh('status.confirmed'),
      )
      await screenshot(researcher.page, 'me-recognition-1280')
      expect(researcher.problems).toEqual([])
      expect(admin.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'the admin recognises a candidate the platform found, reads its history and revokes it after confirming',
    async () => {
      const v = await web.open()
      const { page } = v
      const path = `/admin/instruments/${apreoId}`
      await signIn(page, web.server.base, EIT_ADMIN, path)
      const section = page.locator('section[aria-labelledby="recognitions-h"]')
      await expect(section.locator('tbody tr').first().textContent()).resolves.toContain('浙江海洋大学')
      const candidates = section.locator('tr[id^="candidate-"]')
      expect(await candidates.count()).toBeGreaterThan(1)
      const offered = candidates.filter({ has: page.getByRole('button', { name: zh('recognition.recognise') }) })
      const name = (await offered.first().locator('th').textContent())!
      expect(await shootAndMeasure(page, 'admin-instrument-recognition', () => page.reload())).toEqual([])

      // the demo's recognition of 浙江海洋大学: its history names each step, bookings and qualifications included
      await Promise.all([
        page.waitForURL(/\/recognitions\/[^/]+$/),
        section
          .locator('tr[id^="recognition-"]')
          .filter({ hasText: '浙江海洋大学' })
          .getByRole('link', { name: zh('recognition.history') })
          .click(),
      ])
      const steps = page.locator('section[aria-labelledby="events-h"] tbody')
      await expect(steps.textContent()).resolves.toContain(zh('recognition.event.booked'))
      await expect(steps.textContent()).resolves.toContain(zh('recognition.event.qualified'))
      expect(await shootAndMeasure(page, 'recognition-history', () => page.reload())).toEqual([])
      await page.goto(`${web.server.base}${path}`)

      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.recognised'),
        offered
          .first()
          .getByRole('button', { name: zh('recognition.recognise'), exact: true })
          .click(),
      ])
      const recognised = section.locator('tr[id^="recognition-"]').filter({ hasText: name.slice(0, 6) })
      await expect(recognised.textContent()).resolves.toContain(zh('recognition.state.inForce'))

      await Promise.all([
        page.waitForURL(/\/recognitions\/[^/]+$/),
        recognised.getByRole('link', { name: zh('recognition.history') }).click(),
      ])
      await expect(page.locator('section[aria-labelledby="events-h"] tbody').textContent()).resolves.toContain(
        zh('recognition.event.recognised'),
      )

      await Promise.all([
        page.waitForURL(/\/revoke$/),
        page.getByRole('link', { name: zh('recognition.revoke') }).click(),
      ])
      await expect(page.locator('h1').textContent()).resolves.toBe(zh('recognition.revokeTitle'))
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.recognitionRevoked'),
        page.getByRole('button', { name: zh('recognition.revokeConfirm'), exact: true }).click(),
      ])
      await expect(recognised.textContent()).resolves.toContain(zh('recognition.state.revoked'))
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'an admin imports the sample sheet: the dry run’s report, then confirm; the new instrument is in the catalogue',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, ZJOU_ADMIN, '/admin')
      const importSection = page.locator('section[aria-labelledby="import-h"]')
      await importSection.getByText(zh('import.columns')).click()
      await expect(importSection.locator('details tbody tr').count()).resolves.toBe(11)
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 })
        await importSection.screenshot({ path: `${SCREENSHOTS}admin-import-form-${width}.png` })
      }

      // a sheet with bad cells first: every one listed by row and column, nothing offered for import
      const bad = join(tmpdir(), `bad-list-${process.pid}.csv`)
      await writeFile(bad, '仪器名称,仪器类别,原值（万元）\n离心机,离心设备,abc\n')
      v.expect(400, /^\/admin\/import\/check$/)
      await page.locator('#import-file').setInputFiles(bad)
      await Promise.all([
        page.waitForURL(/\/admin\/import\/check$/),
        page.getByRole('button', { name: zh('import.check'), exact: true }).click(),
      ])
      const errors = page.locator('section[aria-labelledby="import-errors-h"] tbody tr')
      await expect(errors.count()).resolves.toBe(2)
      expect(
        await shootAndMeasure(
          page,
          'admin-import-errors',
          () => page.evaluate(() => undefined), // a POST's answer: measured as it stands at each width
        ),
      ).toEqual([])

      // the sample sheet: checked, then imported with one click
      await page.locator('#import-file').setInputFiles(SAMPLE)
      await Promise.all([
        page.waitForURL(/\/admin\/import\/check$/),
        page.getByRole('button', { name: zh('import.check'), exact: true }).click(),
      ])
      await expect(page.locator('#import-counts').textContent()).resolves.toBe(
        ['新增仪器', '2 台', '更新仪器', '1 台', '无变化', '1 台'].join(''),
      )
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 })
        await screenshot(page, `admin-import-report-${width}`)
      }
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.imported'),
        page.getByRole('button', { name: zh('import.confirm', { n: 3 }), exact: true }).click(),
      ])
      await page.goto(`${web.server.base}/?q=${encodeURIComponent('ADCP')}`)
      await expect(page.locator('ul.cards').textContent()).resolves.toContain('声学多普勒流速剖面仪 (ADCP)')
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )
})
