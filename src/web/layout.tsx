/**
 * The page frame of the web UI, and how to add a page.
 *
 * Pages live by feature in pages/<feature>/: a `routes.tsx` sub-app made with `pagesApp()` (refusals.ts), mounted
 * in routes.tsx with `web.route('/', featureRoutes)`, and components of about a screenful beside it. Shared
 * components are in components/: `Field` (the one form field), `PostForm`, `DataTable`, `Notice`, the badges.
 * Before any page runs, the web middleware (routes.tsx) has set `c.var.ui` (env.ts `Ui`):
 *   - `ui.lang` ('zh' | 'en') and `ui.t(key, params)` — every visible string comes from the catalogues
 *     i18n/zh.ts + i18n/en.ts (staff pages: i18n/staff-zh.ts + staff-en.ts; the instrument's fields:
 *     i18n/instrument-fields.ts); a key missing in English fails tsc;
 *   - `ui.user` — the signed-in User or null; `requireUser(c, ...roles)` (routes-kit.ts) returns the user or
 *     throws (not signed in → redirect to /login?next=…, wrong role → 403 page);
 *   - `ui.csrf` — every POST is refused (403) unless its form field `_csrf` equals it: wrap forms in
 *     `<PostForm ui={ui} action="/x">…</PostForm>`. Read the fields with `await formFields(c)` (routes-kit.ts).
 *   - `ui.now` — the deps clock.
 * Render with `return page(c, { title: ui.t('…'), body: <>…</>, status? })`: the layout adds the header (platform
 * name, navigation per role, sign-in/out, the language switch), the flash message of `?msg=<msg.* key>` /
 * `?err=<error code>` (set them with `redirectWith(c, '/path', { msg: 'msg.cancelled' })`) and the stylesheet.
 * Services throw AppError: let it propagate and the web error handler renders a friendly page in the current
 * language (errors.tsx); to answer it on the page instead (the form again, a flash back), declare
 * `onRefusal(c, answer)` before calling the service (refusals.ts) — no try/catch in handlers.
 * Formatting (format.ts): `formatDateTime(ms, zone, ui.lang)` → `2027年3月1日 周一 09:00` / `Mon 1 Mar 2027 09:00`,
 * `formatDate`, `formatTime`, `formatRange`, `formatMinutes(n, ui.t)`, `formatValue(yuan, ui.t)` (万元),
 * `toLocalInput`/`fromLocalInput` for `<input type="datetime-local">` in an instrument's zone.
 * Accessibility: every input through `<Field>` (labelled, its hint and error tied to it), buttons with text,
 * status in words. Tables through `<DataTable>`: numbers stay in sight at 390 px and 1280 px.
 * Assets: the one stylesheet (styles.ts, /static/app.css) and the one small script (script.ts, /static/app.js, an
 * enhancement only); nothing loads from another host. Paths under /api, /docs, /openapi.json, /healthz and
 * /static skip the web middleware (routes.tsx `isOutsideWeb`); any other unknown path gets the HTML 404 page.
 * Tests: test/web/client.ts `browser(world)` keeps cookies and posts forms with the page's CSRF token;
 * `signInAs(world.accounts.x)` uses the account's token as the session; test/web/html.ts queries the parsed page.
 */
import type { Child } from 'hono/jsx'
import type { Role, User } from '../domain/types.js'
import { Notice } from './components/notice.js'
import { PostForm } from './components/post-form.js'
import type { Ui, WebContext } from './env.js'
import { HTML_LANG, isMessageKey, type MessageKey } from './i18n/index.js'
import { SCRIPT_PATH } from './script.js'
import { STYLESHEET_PATH } from './styles.js'

interface NavItem {
  href: string
  label: MessageKey
  roles: Role[] | 'all'
}

/** The navigation; an entry shows when the user has one of its roles. */
const NAV: NavItem[] = [
  { href: '/', label: 'nav.catalogue', roles: 'all' },
  { href: '/me', label: 'nav.my', roles: ['researcher', 'institution_admin'] },
  { href: '/admin', label: 'nav.admin', roles: ['institution_admin'] },
  { href: '/dashboard', label: 'nav.dashboard', roles: ['talent_office', 'platform_admin'] },
  { href: '/statements', label: 'nav.statements', roles: ['institution_admin', 'talent_office', 'platform_admin'] },
  { href: '/vouchers', label: 'nav.vouchers', roles: ['talent_office', 'platform_admin'] },
  { href: '/platform', label: 'nav.platform', roles: ['platform_admin'] },
]

export const navItems = (user: User | null) =>
  NAV.filter((item) => item.roles === 'all' || (user !== null && item.roles.includes(user.role)))

/** The current URL with `lang` set to the other language. */
function switchHref(ui: Ui): string {
  const url = new URL(ui.url)
  url.searchParams.set('lang', ui.lang === 'zh' ? 'en' : 'zh')
  url.searchParams.delete('msg')
  url.searchParams.delete('err')
  return `${url.pathname}${url.search}`
}

const isCurrent = (href: string, path: string) => (href === '/' ? path === '/' : path.startsWith(href))

function Flash({ ui }: { ui: Ui }) {
  const msg = ui.url.searchParams.get('msg')
  const err = ui.url.searchParams.get('err')
  const errKey = err ? `error.${err}` : ''
  return (
    <>
      {msg?.startsWith('msg.') && isMessageKey(msg) ? <Notice kind="ok">{ui.t(msg)}</Notice> : null}
      {err && isMessageKey(errKey) ? <Notice kind="error">{ui.t(errKey)}</Notice> : null}
    </>
  )
}

export function Layout(props: { ui: Ui; title: string; children?: Child }) {
  const { ui } = props
  const path = ui.url.pathname
  return (
    <html lang={HTML_LANG[ui.lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ui.t('app.name')}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <script src={SCRIPT_PATH} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {ui.t('nav.skip')}
        </a>
        {ui.demo ? (
          <p class="demo-banner" role="note">
            <strong>{ui.t('demo.title')}</strong> {ui.t('demo.banner')}
          </p>
        ) : null}
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              {ui.t('app.name')}
              <small>{ui.t('app.tagline')}</small>
            </a>
            <nav class="main" aria-label={ui.t('nav.label')}>
              <ul>
                {navItems(ui.user).map((item) => (
                  <li>
                    <a href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                      {ui.t(item.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="account">
              {ui.user ? (
                <>
                  <span>{ui.t('nav.signedInAs', { name: ui.user.name })}</span>
                  <a href="/me#notifications" class="notice-count">
                    {ui.unread > 0 ? ui.t('notice.header', { n: ui.unread }) : ui.t('notice.headerNone')}
                  </a>
                  <PostForm ui={ui} action="/logout">
                    <button type="submit" class="link">
                      {ui.t('nav.signOut')}
                    </button>
                  </PostForm>
                </>
              ) : (
                <a href={`/login?next=${encodeURIComponent(path + ui.url.search)}`}>{ui.t('nav.signIn')}</a>
              )}
              <a
                href={switchHref(ui)}
                lang={ui.lang === 'zh' ? 'en' : 'zh-CN'}
                hreflang={ui.lang === 'zh' ? 'en' : 'zh-CN'}
                aria-label={ui.t('lang.switchLabel')}
              >
                {ui.t('lang.switch')}
              </a>
            </div>
          </div>
        </header>
        <main id="main">
          <Flash ui={ui} />
          {props.children}
        </main>
        <footer class="site">
          {ui.t('app.name')} · {ui.t('app.tagline')}
        </footer>
      </body>
    </html>
  )
}

/** Renders a page in the layout: `return page(c, { title, body })`. */
export async function page(
  c: WebContext,
  options: {
    title: string
    body: Child
    status?: 200 | 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 500
  },
) {
  const node = (
    <Layout ui={c.var.ui} title={options.title}>
      {options.body}
    </Layout>
  )
  const html = await Promise.resolve(node.toString())
  c.header('Cache-Control', 'no-store')
  c.header('Vary', 'Cookie, Accept-Language')
  return c.html(`<!DOCTYPE html>${html}`, options.status ?? 200)
}
