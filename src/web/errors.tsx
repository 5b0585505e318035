import { getCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import type { Instrument } from '../domain/types.js'
import { AppError } from '../errors.js'
import { appErrorFromHttpException, statusOf } from '../http/problem.js'
import { Notice } from './components/notice.js'
import type { Ui, WebContext } from './env.js'
import { formatMinutes } from './format.js'
import { isMessageKey, LANG_COOKIE, negotiateLang, translator } from './i18n/index.js'
import { page } from './layout.js'

/** A sentence for the user about a service error, in the page's language; rule violations name the rule. */
export function errorText(ui: Ui, error: AppError, instrument?: Instrument): string {
  if (error.code === 'rule-violation') {
    const rule = `rule.${String(error.extra.rule)}`
    if (isMessageKey(rule)) {
      const m = (n: number | undefined) => (n === undefined ? '' : formatMinutes(n, ui.t))
      // a bound the service names (a recorded use's 31 days) wins over the instrument's own
      const bound = (name: 'minMinutes' | 'maxMinutes') =>
        typeof error.extra[name] === 'number' ? (error.extra[name] as number) : instrument?.[name]
      return ui.t(rule, {
        slot: m(instrument?.slotMinutes),
        min: m(bound('minMinutes')),
        max: m(bound('maxMinutes')),
        notice: m(instrument?.noticeMinutes),
        days: instrument?.horizonDays ?? '',
      })
    }
  }
  const key = `error.${error.code}`
  return isMessageKey(key) ? ui.t(key) : ui.t('error.title')
}

/**
 * The `ui` of a request that failed before the web middleware set it (or without it): the visitor's language from
 * the query, cookie or Accept-Language, as if signed out.
 */
function fallbackUi(c: WebContext): Ui {
  const url = new URL(c.req.url)
  let cookie: string | undefined
  try {
    cookie = getCookie(c, LANG_COOKIE)
  } catch {
    cookie = undefined
  }
  const lang = negotiateLang(url.searchParams.get('lang') ?? undefined, cookie, c.req.header('Accept-Language'))
  return {
    lang,
    t: translator(lang),
    user: null,
    csrf: '',
    url,
    now: c.var.deps?.clock() ?? Date.now(),
    demo: false,
    unread: 0,
  }
}

/**
 * What the client did wrong, as one of our codes: Hono's own refusals (a body over the limit, one it cannot parse)
 * are the client's fault like our AppErrors; anything else is ours (null).
 */
function clientError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  if (error instanceof HTTPException && error.status < 500)
    return appErrorFromHttpException(error) ?? new AppError('validation', error.message || 'The request is invalid.')
  return null
}

/**
 * The page of an error nobody caught: sign-in redirect for 401, a friendly page in the visitor's language otherwise.
 * Only what is ours (a 500) goes to the error log: a client's malformed request is answered 4xx and logged nowhere.
 */
export async function errorPage(c: WebContext, error: unknown) {
  const ui = c.var.ui ?? fallbackUi(c)
  if (!c.var.ui) c.set('ui', ui)
  const known = clientError(error)
  if (known?.code === 'unauthenticated') {
    const next = `${ui.url.pathname}${c.req.method === 'GET' ? ui.url.search : ''}`
    return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303)
  }
  if (!known)
    console.error(
      JSON.stringify({ level: 'error', path: c.req.path, error: String(error), stack: (error as Error)?.stack }),
    )
  const status = known ? statusOf(known.code) : 500
  const text = known ? errorText(ui, known) : ui.t('error.internal')
  return page(c, {
    title: ui.t('error.title'),
    status: status as 400,
    body: <ErrorBody ui={ui} title={ui.t('error.title')} text={text} />,
  })
}

export function ErrorBody({ ui, title, text }: { ui: Ui; title: string; text: string }) {
  return (
    <>
      <h1>{title}</h1>
      <Notice kind="error">{text}</Notice>
      <p>
        <a href="/">{ui.t('error.backHome')}</a>
      </p>
    </>
  )
}

export const notFoundPage = (c: WebContext) =>
  page(c, {
    title: c.var.ui.t('error.notFoundTitle'),
    status: 404,
    body: <ErrorBody ui={c.var.ui} title={c.var.ui.t('error.notFoundTitle')} text={c.var.ui.t('error.notFoundPage')} />,
  })

export const csrfPage = (c: WebContext) =>
  page(c, {
    title: c.var.ui.t('error.title'),
    status: 403,
    body: <ErrorBody ui={c.var.ui} title={c.var.ui.t('error.title')} text={c.var.ui.t('error.csrf')} />,
  })
