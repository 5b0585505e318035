import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { AppError } from '../errors.js'
import { demoAccountsActive } from '../services/demo.js'
import { unreadCount } from '../services/notifications.js'
import { FORM_BODY_BYTES, limitBody } from './body-limit.js'
import { CSRF_FIELD, csrfTokenFor, sameToken } from './csrf.js'
import type { WebEnv } from './env.js'
import { csrfPage, errorPage, notFoundPage } from './errors.js'
import { isLang, LANG_COOKIE, negotiateLang, translator } from './i18n/index.js'
import { IMPORT_FORM_BYTES } from './pages/admin/import-routes.js'
import { adminRoutes } from './pages/admin/routes.js'
import { catalogueRoutes } from './pages/catalogue/routes.js'
import { dashboardRoutes } from './pages/dashboard/routes.js'
import { evaluationRoutes } from './pages/evaluation/routes.js'
import { instrumentRoutes } from './pages/instrument/routes.js'
import { loginRoutes } from './pages/login/routes.js'
import { meRoutes } from './pages/me/routes.js'
import { ORDER_REPORT_PATH, orderRoutes, REPORT_FORM_BYTES } from './pages/orders/routes.js'
import { platformRoutes } from './pages/platform/routes.js'
import { statementRoutes } from './pages/statements/routes.js'
import { voucherRoutes } from './pages/vouchers/routes.js'
import { formFields } from './routes-kit.js'
import { SCRIPT, SCRIPT_PATH } from './script.js'
import { isHttps, preSessionSecret, readSession } from './session.js'
import { STYLESHEET, STYLESHEET_PATH } from './styles.js'

/** Paths the web pages leave alone: the API (its notFound answers problem+json), its docs and health check. */
export const isOutsideWeb = (path: string) =>
  path === '/api' ||
  path.startsWith('/api/') ||
  path === '/openapi.json' ||
  path === '/healthz' ||
  path === '/docs' ||
  path.startsWith('/docs/') ||
  path.startsWith('/static/')

/** Whether every `%` of a path or query starts a valid UTF-8 percent-encoding (else the address is malformed). */
function decodesCleanly(text: string): boolean {
  try {
    decodeURIComponent(text)
    return true
  } catch {
    return false
  }
}

const ONE_YEAR = 365 * 24 * 3600
/** Forms allowed more than FORM_BODY_BYTES: the uploads, by path. */
const LARGER_FORMS: ReadonlyMap<string, number> = new Map([...IMPORT_FORM_BYTES])

/** The largest body a page at `path` takes (an order's report: a PDF of up to 10 MB). */
export const formBodyLimit = (path: string) =>
  LARGER_FORMS.get(path) ?? (ORDER_REPORT_PATH.test(path) ? REPORT_FORM_BYTES : FORM_BODY_BYTES)

/**
 * The server-rendered pages, mounted last in createApp with `app.route('/', webRoutes())`. Its middleware sets
 * `c.var.ui` (language, session user, CSRF token) and refuses any POST without the right CSRF token.
 */
export function webRoutes() {
  const web = new Hono<WebEnv>()
  web.onError((error, c) => errorPage(c, error))

  web.get(SCRIPT_PATH, (c) =>
    c.body(SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  )
  web.get(STYLESHEET_PATH, (c) =>
    c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  )

  web.use('*', async (c, next) => {
    if (isOutsideWeb(c.req.path)) return next()
    const url = new URL(c.req.url)
    // read below the `ui` is set: the refusal is a page in the visitor's language
    const malformedAddress = !decodesCleanly(url.pathname) || !decodesCleanly(url.search)
    const queryLang = url.searchParams.get('lang') ?? undefined
    const lang = negotiateLang(queryLang, getCookie(c, LANG_COOKIE), c.req.header('Accept-Language'))
    if (isLang(queryLang))
      setCookie(c, LANG_COOKIE, queryLang, {
        path: '/',
        sameSite: 'Lax',
        httpOnly: true,
        secure: isHttps(c),
        maxAge: ONE_YEAR,
      })
    const { deps } = c.var
    const [session, demo] = await Promise.all([readSession(c, deps), demoAccountsActive(deps)])
    const unread = session ? await unreadCount(deps, session.user) : 0
    c.set('user', session?.user ?? null)
    c.set('token', session?.token ?? null)
    const csrf = await csrfTokenFor(session?.token ?? preSessionSecret(c))
    c.set('ui', { lang, t: translator(lang), user: session?.user ?? null, csrf, url, now: deps.clock(), demo, unread })
    if (malformedAddress) throw new AppError('validation', 'The address has a broken percent-encoding.')
    await next()
  })
  // after `ui` is set, so that a refused body is answered with a page in the visitor's language
  web.use('*', async (c, next) => {
    if (isOutsideWeb(c.req.path) || c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    await limitBody(c, formBodyLimit(c.req.path))
    await next()
  })
  web.use('*', async (c, next) => {
    if (isOutsideWeb(c.req.path) || c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const sent = (await formFields(c))[CSRF_FIELD] ?? ''
    if (!sameToken(sent, c.var.ui.csrf)) return csrfPage(c)
    await next()
  })

  web.route('/', loginRoutes)
  web.route('/', catalogueRoutes)
  web.route('/', instrumentRoutes)
  web.route('/', meRoutes)
  web.route('/', orderRoutes)
  web.route('/', adminRoutes)
  web.route('/', evaluationRoutes)
  web.route('/', dashboardRoutes)
  web.route('/', platformRoutes)
  web.route('/', statementRoutes)
  web.route('/', voucherRoutes)

  web.all('*', (c, next) => (isOutsideWeb(c.req.path) ? next() : notFoundPage(c)))
  return web
}
