/**
 * The page frame of the web UI, and how to add a page.
 *
 * A page is a Hono sub-app of `WebEnv` (env.ts) mounted in routes.tsx with `web.route('/', myPages)`; the
 * staff pages (/admin, /dashboard, /platform) mount theirs in the marked block there. Before any page runs,
 * the web middleware (routes.tsx) has set `c.var.ui` (env.ts `Ui`):
 *   - `ui.lang` ('zh' | 'en') and `ui.t(key, params)` — every visible string comes from the catalogues
 *     i18n/zh.ts + i18n/en.ts (staff pages: i18n/staff-zh.ts + staff-en.ts); a key missing in English fails tsc;
 *   - `ui.user` — the signed-in User or null; `requireUser(c, ...roles)` (routes-kit.ts) returns the user or
 *     throws (not signed in → redirect to /login?next=…, wrong role → 403 page);
 *   - `ui.csrf` — every POST is refused (403) unless its form field `_csrf` equals it: wrap forms in
 *     `<PostForm ui={ui} action="/x">…</PostForm>` (or put `<CsrfField ui={ui} />` inside your own form).
 *     Read the fields with `await formFields(c)` (routes-kit.ts).
 *   - `ui.now` — the deps clock.
 * Render with `return page(c, { title: ui.t('…'), body: <>…</>, status? })`: the layout adds the header (platform
 * name, navigation per role, sign-in/out, the language switch), the flash message of `?msg=<msg.* key>` /
 * `?err=<error code>` (set them with `redirectWith(c, '/path', { msg: 'msg.cancelled' })`) and the stylesheet.
 * Services throw AppError: let it propagate and the web error handler renders a friendly page in the current
 * language (errors.tsx), or catch it and show `errorText(ui, error)` beside your form.
 * Formatting (format.ts): `formatDateTime(ms, zone, ui.lang)` → `2027年3月1日 周一 09:00` / `Mon 1 Mar 2027 09:00`,
 * `formatDate`, `formatTime`, `formatRange`, `formatMinutes(n, ui.t)`, `formatValue(yuan, ui.t)` (万元),
 * `toLocalInput`/`fromLocalInput` for `<input type="datetime-local">` in an instrument's zone.
 * Components here: `<StatusBadge ui status />` (reservation status: text + colour), `<InstrumentStatusBadge>`,
 * `<Notice kind>`. Accessibility: label every input (`<label for>`), give buttons text, keep status in words.
 * Assets: the one stylesheet (styles.ts, /static/app.css) and the one small script (script.ts, /static/app.js, an
 * enhancement only); nothing loads from another host. Paths under /api, /docs, /openapi.json, /healthz and
 * /static skip the web middleware (routes.tsx `isOutsideWeb`); any other unknown path gets the HTML 404 page.
 * Tests: test/web/client.ts `browser(world)` keeps cookies and posts forms with the page's CSRF token;
 * `signInAs(world.accounts.x)` uses the account's token as the session.
 */
import type { Child } from 'hono/jsx'
import type { Role, User } from '../domain/types.js'
import { CSRF_FIELD } from './csrf.js'
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

export function CsrfField({ ui }: { ui: Ui }) {
  return <input type="hidden" name={CSRF_FIELD} value={ui.csrf} />
}

/** A POST form carrying the CSRF token. */
export function PostForm(props: { ui: Ui; action: string; class?: string; id?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} class={props.class} id={props.id}>
      <CsrfField ui={props.ui} />
      {props.children}
    </form>
  )
}

/** A table that scrolls sideways on a phone instead of squeezing its columns; `children` are its body rows. */
export function DataTable(props: { columns: Child[]; children?: Child }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  )
}

export function Notice(props: { kind: 'ok' | 'error' | 'info'; children?: Child }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  )
}

const STATUS_TONE = {
  pending: 'warn',
  confirmed: 'ok',
  in_use: 'info',
  completed: 'muted',
  rejected: 'bad',
  cancelled: 'muted',
  expired: 'muted',
  no_show: 'bad',
} as const

export function StatusBadge({ ui, status }: { ui: Ui; status: keyof typeof STATUS_TONE }) {
  return <span class={`badge ${STATUS_TONE[status]}`}>{ui.t(`status.${status}`)}</span>
}

export function InstrumentStatusBadge({ ui, status }: { ui: Ui; status: 'active' | 'maintenance' | 'retired' }) {
  const tone = status === 'active' ? 'ok' : status === 'maintenance' ? 'warn' : 'muted'
  return <span class={`badge ${tone}`}>{ui.t(`instrumentStatus.${status}`)}</span>
}

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
