import { mkdirSync, readFileSync } from 'node:fs'
import { beforeAll, describe, expect, test } from 'vitest'
import { runDueJobs } from '../../src/services/jobs.js'
import { formatFen as fen } from '../../src/web/format.js'
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
 * Issue 9's money pages in a real browser, on the demo data at the fixed clock (Wed 10 Mar 2027): 宁波大学's admin
 * changes the enterprise price of its X射线衍射仪 and sees the preview before saving; a researcher of 舟山海蓝生物
 * books that XRD with the company's Zhoushan voucher, and once the use has ended 我的预约 shows the charge, the
 * deduction and what is payable; on 1 April the admin issues March's statement to 海蓝 and prints it (A4, as a PDF).
 * In order, on one server; every page is watched for failed requests and CSP violations.
 */

const NBU_ADMIN = 'admin.nbu@demo.yz'
const ENTERPRISE_ZS = 'enterprise.zs@demo.yz'
/** ¥210.50 an hour for enterprises, typed as people type yuan. */
const ENTERPRISE_HOUR = '210.5'
const ENTERPRISE_HOUR_FEN = 21_050

let xrdId: string
let hailanId: string

const web = browserSession()

const sql = <T>(query: string, ...params: unknown[]) => web.server.connection.sqlite.prepare(query).get(...params) as T

beforeAll(async () => {
  xrdId = sql<{ id: string }>(
    `SELECT i.id FROM instruments i JOIN institutions o ON o.id = i.institution_id
     WHERE i.name LIKE '%X射线衍射仪%' AND o.name = '宁波大学'`,
  ).id
  hailanId = sql<{ id: string }>(`SELECT id FROM institutions WHERE name LIKE '舟山海蓝生物%'`).id
}, SETUP_TIMEOUT)

describe('prices, a voucher and a statement in Chromium', () => {
  test(
    'the admin changes the enterprise price, sees the preview as typed, then saves it',
    async () => {
      const v = await web.open()
      const { page } = v
      const path = `/admin/instruments/${xrdId}`
      await signIn(page, web.server.base, NBU_ADMIN, path)
      const saved = () => JSON.parse(sql<{ rates: string }>('SELECT rates FROM instruments WHERE id = ?', xrdId).rates)
      const before = saved()
      expect(before.hour.enterprise).not.toBe(ENTERPRISE_HOUR_FEN)

      await page.locator('#r-hour-enterprise').fill(ENTERPRISE_HOUR)
      await Promise.all([
        page.waitForURL((url) => url.pathname === path),
        page.getByRole('button', { name: zh('money.editor.previewUpdate'), exact: true }).click(),
      ])
      // the preview bills one hour in the card's increments: a whole hour at ¥210.50
      await expect(page.locator('#preview-enterprise').textContent()).resolves.toContain('¥210.50')
      await expect(page.locator('#r-hour-enterprise').inputValue()).resolves.toBe(ENTERPRISE_HOUR)
      expect(saved()).toEqual(before) // a preview saves nothing
      await page.locator('#rates').screenshot({ path: `${SCREENSHOTS}rate-card-preview-1280.png` })

      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.staff.instrumentSaved'),
        page.getByRole('button', { name: zh('staff.form.save'), exact: true }).click(),
      ])
      expect(saved()).toEqual({ ...before, hour: { ...before.hour, enterprise: ENTERPRISE_HOUR_FEN } })
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'an enterprise researcher books with a voucher; after the use 我的预约 shows charge, deduction and payable',
    async () => {
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, ENTERPRISE_ZS, `/instruments/${xrdId}`)
      await page.locator('table.week td.free a').first().click()
      const voucher = page.locator('#book-voucher option:not([disabled])').filter({ hasText: '舟山市科技创新券' })
      const voucherId = (await voucher.getAttribute('value'))!
      await page.locator('#book-voucher').selectOption(voucherId)
      await page.getByLabel(zh('book.purpose')).fill('海藻多糖样品物相分析')
      await page.locator('#book-fund').fill('HAILAN-RD2027-07')
      await Promise.all([
        page.waitForURL(/\/book$/),
        page.getByRole('button', { name: zh('money.quote.update'), exact: true }).click(),
      ])
      const quote = page.locator('#quote .quote-figures')
      const quoted = {
        charge: Number(await quote.getAttribute('data-charge')),
        deduction: Number(await quote.getAttribute('data-deduction')),
      }
      expect(quoted.charge).toBeGreaterThan(0)
      expect(quoted.deduction).toBeGreaterThan(0)
      await screenshot(page, 'booking-quote-voucher-1280')
      await expect(page.locator('#book-voucher').inputValue()).resolves.toBe(voucherId)

      await Promise.all([
        page.waitForURL((url) => url.pathname === '/me' && url.searchParams.get('msg') === 'msg.booked'),
        page.getByRole('button', { name: zh('book.submit'), exact: true }).click(),
      ])
      const booked = sql<{ id: string; end_ms: number; rates: string }>(
        `SELECT r.id, r.end_ms, r.rates FROM reservations r JOIN users u ON u.id = r.user_id
         WHERE u.email = ? AND r.instrument_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`,
        ENTERPRISE_ZS,
        xrdId,
      )
      // the card in force, with the price just saved, was copied onto the reservation
      expect(JSON.parse(booked.rates).hour.enterprise).toBe(ENTERPRISE_HOUR_FEN)
      const row = page.locator(`#reservation-${booked.id}`)
      await expect(row.textContent()).resolves.toContain(zh('money.me.open'))
      const balance = () =>
        sql<{ balance: number }>(
          `SELECT v.amount_fen - COALESCE((SELECT SUM(deduction_fen) FROM voucher_ledger WHERE voucher_id = v.id), 0)
             AS balance FROM vouchers v WHERE v.id = ?`,
          voucherId,
        ).balance

      // the use ends; the minutely job makes its charge final
      web.server.clock.set(booked.end_ms + 60_000)
      await runDueJobs(web.server.deps)
      await page.reload()
      const charge = row.locator('.charge')
      const shown = {
        charge: Number(await charge.getAttribute('data-charge')),
        deduction: Number(await charge.getAttribute('data-deduction')),
        payable: Number(await charge.getAttribute('data-payable')),
      }
      expect(shown).toEqual(
        (({ charge_fen, deduction_fen, payable_fen }) => ({
          charge: charge_fen,
          deduction: deduction_fen,
          payable: payable_fen,
        }))(
          sql<{ charge_fen: number; deduction_fen: number; payable_fen: number }>(
            'SELECT charge_fen, deduction_fen, payable_fen FROM reservations WHERE id = ?',
            booked.id,
          ),
        ),
      )
      expect(shown).toEqual({ ...quoted, payable: quoted.charge - quoted.deduction }) // as quoted: booked time
      // the job charged the demo's other uses that ended meanwhile too: this one's own line in the ledger
      const ledger = sql<{ deduction_fen: number; voucher_id: string }>(
        'SELECT deduction_fen, voucher_id FROM voucher_ledger WHERE reservation_id = ?',
        booked.id,
      )
      expect(ledger).toEqual({ deduction_fen: shown.deduction, voucher_id: voucherId })
      const text = (await row.textContent())!
      for (const line of [
        zh('money.me.charge', { amount: fen(shown.charge) }),
        zh('money.me.deduction', { amount: fen(shown.deduction) }),
        zh('money.me.payable', { amount: fen(shown.payable) }),
      ])
        expect(text).toContain(line)
      await expect(page.locator(`#voucher-${voucherId} [data-balance]`).getAttribute('data-balance')).resolves.toBe(
        String(balance()),
      )
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 })
        await page.reload()
        await screenshot(page, `me-charges-${width}`)
        expect((await tableProblems(page)).problems).toEqual([])
      }
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )

  test(
    'on 1 April the admin issues March’s statement to 海蓝 and prints it on A4',
    async () => {
      web.server.clock.set('2027-04-01T09:00:00+08:00')
      const v = await web.open()
      const { page } = v
      await signIn(page, web.server.base, NBU_ADMIN, '/statements')
      await page.goto(`${web.server.base}/statements?month=2027-03&counterpart=${hailanId}&side=provider`)
      const rows = page.locator('table.data tbody tr')
      await expect(rows.count()).resolves.toBe(1)
      await expect(rows.first().textContent()).resolves.toContain(zh('money.st.status.draft'))
      await Promise.all([page.waitForURL(/\/statements\/[^/?]+$/), rows.first().locator('a').first().click()])
      const statementId = new URL(page.url()).pathname.split('/').pop()!
      await expect(page.locator('section[aria-labelledby="lines-h"]').textContent()).resolves.toContain(
        'HAILAN-RD2027-07',
      )

      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('msg') === 'msg.money.issued'),
        page.getByRole('button', { name: zh('money.st.issue'), exact: true }).click(),
      ])
      expect(sql<{ status: string }>('SELECT status FROM statements WHERE id = ?', statementId).status).toBe('issued')
      await screenshot(page, 'statement-issued-1280')

      await Promise.all([
        page.waitForURL((url) => url.pathname === `/statements/${statementId}/print`),
        page.getByRole('link', { name: zh('money.st.print'), exact: true }).click(),
      ])
      await page.emulateMedia({ media: 'print' })
      await expect(page.locator('nav.print-bar').isVisible()).resolves.toBe(false)
      const parties = (await page.locator('table.parties').textContent())!
      for (const part of ['宁波大学', '舟山海蓝生物', '2027-03', statementId]) expect(parties).toContain(part)
      mkdirSync(SCREENSHOTS, { recursive: true })
      const pdfPath = `${SCREENSHOTS}statement-print.pdf`
      await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true })
      // every page of the PDF is A4 (595 × 842 pt); look at it in artifacts/screenshots/statement-print.pdf
      const pdf = readFileSync(pdfPath).toString('latin1')
      expect(pdf.startsWith('%PDF-')).toBe(true)
      const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
        Math.round(Number(m[1])),
        Math.round(Number(m[2])),
      ])
      expect(boxes.length).toBeGreaterThan(0)
      for (const box of boxes) expect(box).toEqual([595, 842])
      expect(v.problems).toEqual([])
    },
    TEST_TIMEOUT,
  )
})
