import type { Context } from 'hono'
import type { User } from '../domain/types.js'
import type { AppError } from '../errors.js'
import type { AppEnv } from '../http/env.js'
import type { Lang, Translate } from './i18n/index.js'

/** What every page gets from the web middleware (routes.tsx), as `c.var.ui`. */
export interface Ui {
  lang: Lang
  /** `t('nav.my')`, `t('rules.slot', { n })` — see i18n/zh.ts for the keys */
  t: Translate
  /** The signed-in user (from the session cookie), or null */
  user: User | null
  /** The CSRF token; every POST form must send it as the field `_csrf` (use <PostForm> or <CsrfField>) */
  csrf: string
  /** The request URL (for links that keep the query, e.g. the language switch) */
  url: URL
  /** The deps clock's now, epoch ms */
  now: number
  /** Demo accounts (published password) can sign in here: the layout says so on every page */
  demo: boolean
  /** The signed-in user's unread notifications (the header's count); 0 when signed out */
  unread: number
}

/** How a page answers a service's AppError (refusals.ts `onRefusal`); null leaves it to the error page. */
export type Refusal = (error: AppError) => Response | Promise<Response> | null

export interface WebEnv {
  Variables: AppEnv['Variables'] & { ui: Ui; refusal?: Refusal }
}

export type WebContext = Context<WebEnv>
