import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { loadDemoData } from '../../seed/load-demo.js'
import { createApp } from '../../src/app.js'
import { fixedClock } from '../../src/clock.js'
import type { SqliteConnection } from '../../src/db/connect-sqlite.js'
import { nodeDocsAssets } from '../../src/docs-assets-node.js'
import { newId } from '../../src/security/tokens.js'
import type { Deps } from '../../src/services/deps.js'
import { nodeReportStore } from '../../src/services/report-store-node.js'
import { translator } from '../../src/web/i18n/index.js'
import { testDatabase } from '../support/database.js'

/*
 * Browser tests: the real app (createApp over a fresh in-memory SQLite database with the demo data) served by
 * @hono/node-server on 127.0.0.1, driven by Debian's Chromium through playwright-core. The clock is fixed, so the
 * demo history, the week calendar and the dashboard's year are the same on every run.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Wed 10 Mar 2027 09:30 in Ningbo and Zhoushan: a working day, well into the year. */
export const NOW = '2027-03-10T01:30:00Z'
export const PASSWORD = 'demo1234'
export const ZONE = 'Asia/Shanghai'
export const zh = translator('zh')
export const en = translator('en')
export const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname
/** Per test: generous, because the suite runs beside the other test files on a small machine. */
export const TEST_TIMEOUT = 30_000
/**
 * The two walks over every page at two widths (14 page loads each, with screenshots): 28.9 s alone at a load of 15
 * on this machine, over 30 s beside the other slow files.
 */
export const WALK_TIMEOUT = 60_000
/** Seeding the demo (57 PBKDF2 hashes, 4,000 reservations) and starting Chromium. */
export const SETUP_TIMEOUT = 60_000

export interface WebServer {
  base: string
  deps: Deps
  connection: SqliteConnection
  clock: ReturnType<typeof fixedClock>
  close(): Promise<void>
}

/** The app with the demo data on 127.0.0.1 at a port the OS picks. */
export async function startWebServer(now = NOW): Promise<WebServer> {
  const connection = testDatabase()
  const clock = fixedClock(now)
  await loadDemoData(connection.db, clock())
  const deps: Deps = { db: connection.db, batch: connection.batch, clock }
  // sample-order reports in a folder of their own under the system's temporary folder
  const reports = nodeReportStore(join(tmpdir(), 'yz-browser-reports', String(process.pid), newId()))
  const app = createApp(deps, { docsAssets: nodeDocsAssets, publicUrl: 'http://127.0.0.1:8787', reports })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    deps,
    connection,
    clock,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => {
          void connection.close().finally(resolve)
        })
      }),
  }
}

/** Debian's Chromium, headless; playwright gives it a fresh temporary profile (user-data dir) per launch. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // the browser's own language: how <input type="datetime-local"> shows dates (a page's lang does not)
      '--lang=zh-CN',
    ],
  })
}

/** A new visitor (own cookies) who reads Chinese, as most users will; `locale` sets Accept-Language. */
export function newVisitor(browser: Browser, options: { width?: number; locale?: string } = {}) {
  return browser.newContext({
    locale: options.locale ?? 'zh-CN',
    timezoneId: ZONE,
    viewport: { width: options.width ?? 1280, height: 900 },
    acceptDownloads: true,
  })
}

export interface Expected {
  /** the response status a journey expects, e.g. the 409 of a refused booking */
  status: number
  /** the path (and query) of that response */
  path: RegExp
}

/**
 * Everything that went wrong on a page: console errors, uncaught exceptions, failed requests, responses ≥ 400
 * (unless expected) and any request to another host than the test server.
 */
export function watch(page: Page, base: string) {
  const problems: string[] = []
  const expected: Expected[] = []
  const origin = new URL(base).origin
  const isExpected = (url: string, status: number) => {
    const u = new URL(url)
    return expected.some((e) => e.status === status && e.path.test(u.pathname + u.search))
  }
  const statusOf = new Map<string, number>()
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url === 'about:blank') return
    if (new URL(url).origin !== origin) problems.push(`request to another host: ${url}`)
  })
  page.on('response', (response) => {
    const status = response.status()
    statusOf.set(response.url(), status)
    if (status >= 400 && !isExpected(response.url(), status))
      problems.push(`HTTP ${status}: ${response.request().method()} ${response.url()}`)
  })
  page.on('requestfailed', (request) => {
    problems.push(`request failed (${request.failure()?.errorText}): ${request.method()} ${request.url()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium logs every response ≥ 400 as "Failed to load resource": fine when the journey expects that answer.
    const url = message.location().url
    const status = statusOf.get(url)
    if (/Failed to load resource/.test(message.text()) && url && status !== undefined && isExpected(url, status)) return
    problems.push(`console error: ${message.text()} (${url})`)
  })
  return {
    problems,
    /** Declares a response ≥ 400 the journey expects (not a problem). */
    expect(status: number, path: RegExp) {
      expected.push({ status, path })
    },
  }
}

/**
 * Makes every Content-Security-Policy violation on the page a console error, which `watch` reports: Chromium logs
 * most of them itself, but not all (a report-only or a blocked style in an SVG), so the page says it explicitly.
 */
export function reportPolicyViolations(page: Page) {
  return page.addInitScript(() => {
    const target = globalThis as unknown as {
      addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void
      console: { error(message: string): void }
    }
    target.addEventListener('securitypolicyviolation', (event) =>
      target.console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
    )
  })
}

export interface Visitor {
  context: BrowserContext
  page: Page
  problems: string[]
  expect(status: number, path: RegExp): void
}

/** What a browser test file shares: one demo server, one Chromium, and the visitors it opened. */
export interface BrowserSession {
  /** the server; there from the file's first `beforeAll` on */
  readonly server: WebServer
  /** A watched visitor (see `visitor`), closed after the file's tests. */
  open(options?: { width?: number; locale?: string }): Promise<Visitor>
}

/**
 * Starts the demo server and Chromium before the file's tests (ahead of the file's own `beforeAll`, registered
 * after this call) and closes them and every visitor after.
 */
export function browserSession(): BrowserSession {
  let server: WebServer | undefined
  let browser: Browser | undefined
  const visitors: Visitor[] = []
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser session starts in beforeAll: use it inside a hook or a test')
    return value
  }
  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startWebServer(), launchBrowser()])
  }, SETUP_TIMEOUT)
  afterAll(async () => {
    await Promise.all(visitors.map((v) => v.context.close().catch(() => {})))
    await browser?.close()
    await server?.close()
  }, SETUP_TIMEOUT)
  return {
    get server() {
      return started(server)
    },
    async open(options = {}) {
      const v = await visitor(started(browser), started(server).base, options)
      visitors.push(v)
      return v
    },
  }
}

/** A fresh context and page, watched for problems (see `watch`). */
export async function visitor(
  browser: Browser,
  base: string,
  options: { width?: number; locale?: string } = {},
): Promise<Visitor> {
  const context = await newVisitor(browser, options)
  const page = await context.newPage()
  await reportPolicyViolations(page)
  const watcher = watch(page, base)
  return { context, page, problems: watcher.problems, expect: watcher.expect }
}

/** Signs in through the login form (Chinese labels) and lands on `next`. */
export async function signIn(page: Page, base: string, email: string, next = '/') {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel(zh('login.email')).fill(email)
  await page.getByLabel(zh('login.password')).fill(PASSWORD)
  await Promise.all([
    page.waitForURL((url) => url.pathname === new URL(next, base).pathname),
    page.getByRole('button', { name: zh('login.submit'), exact: true }).click(),
  ])
}

/** A full-page screenshot under artifacts/screenshots/ (git-ignored), e.g. `me-390.png`. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true })
}

/** An element inside page.evaluate callbacks, as far as these tests use it. */
interface DomElement {
  id: string
  className: string
  tagName: string
  textContent: string | null
  scrollWidth: number
  clientWidth: number
  parentElement: DomElement | null
  open?: boolean
  closest(selector: string): DomElement | null
  querySelectorAll(selector: string): Iterable<DomElement>
  getAttribute(name: string): string | null
  getBoundingClientRect(): { left: number; right: number; width: number }
}

/** `document` inside page.evaluate callbacks, as far as these tests use it (the project compiles without the DOM lib). */
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number }
  activeElement: DomElement | null
  querySelectorAll(selector: string): Iterable<DomElement>
}

/** How far the page is wider than the viewport (0 when nothing overflows sideways). */
export const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

/** The focused element: its id, else `button:<its text>` for a button, else `<tag>.<class>`. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    if (!el) return ''
    if (el.id) return el.id
    return el.tagName === 'BUTTON' ? `button:${el.textContent}` : `${el.tagName.toLowerCase()}.${el.className}`
  })

/**
 * What keeps a table's numbers out of sight on this page, with every <details> opened: a table wider than the box
 * that holds it (which would then scroll sideways), and a numeric cell (`td.num`, `th.num`) outside the viewport.
 * Returns the problems found and how many numeric cells were measured.
 */
export const tableProblems = (page: Page) =>
  page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true
    const viewport = document.documentElement.clientWidth
    const problems: string[] = []
    let tables = 0
    let numbers = 0
    for (const table of document.querySelectorAll('main table')) {
      tables++
      const box = table.parentElement!
      const section = table.closest('section')
      const name = section?.getAttribute('aria-labelledby') ?? section?.id ?? `table ${tables}`
      if (table.scrollWidth > box.clientWidth)
        problems.push(`${name}: table ${table.scrollWidth} px in a box of ${box.clientWidth} px`)
      if (box.scrollWidth > box.clientWidth) problems.push(`${name}: its box scrolls (${box.scrollWidth} px)`)
      for (const cell of table.querySelectorAll('td.num, th.num')) {
        const rect = cell.getBoundingClientRect()
        // a table stacked into cards on a phone moves its column heads off-screen on purpose: each cell says its
        // column's name itself (data-label), so a head out there is no number out of sight
        if (table.className.includes('stack') && cell.closest('thead') && rect.right <= 0) continue
        numbers++
        if (rect.left < 0 || rect.right > viewport)
          problems.push(`${name}: "${cell.textContent}" at ${Math.round(rect.left)}–${Math.round(rect.right)} px`)
      }
    }
    return { problems, tables, numbers }
  })
