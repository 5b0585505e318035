import { Hono } from 'hono'
import { AppError, type ErrorCode } from '../errors.js'
import type { Refusal, WebContext, WebEnv } from './env.js'
import { errorPage } from './errors.js'
import { redirectWith } from './routes-kit.js'

/*
 * Errors mapped once per feature: every sub-app of pages/ is made by `pagesApp()`, whose onError turns a service's
 * AppError into the page's own answer — the form again with the error beside it, or a flash `?err=<code>` back to
 * the page the action came from — as the handler declared with `onRefusal` before calling the service. Anything
 * else (not signed in, an unknown id, a bug) gets the web's error page (errors.tsx), as before any refusal.
 */

/** A sub-app of web pages whose errors are answered as described above. */
export const pagesApp = () => new Hono<WebEnv>().onError(answerError)

/**
 * From here on, an AppError of this request is answered by `answer` — except the codes in `leave`, which keep the
 * error page (by default only `unauthenticated`: the sign-in page).
 */
export function onRefusal(c: WebContext, answer: Refusal, leave: readonly ErrorCode[] = ['unauthenticated']) {
  c.set('refusal', (error) => (leave.includes(error.code) ? null : answer(error)))
}

/**
 * The answer of an action button: `?err=<code>` back to `path`, whose layout says what went wrong (`say` names
 * another message for a code, e.g. `staff-no-such-user` for a `not-found` e-mail).
 */
export const flashTo =
  (c: WebContext, path: string, say: Partial<Record<ErrorCode, string>> = {}): Refusal =>
  (error) =>
    redirectWith(c, path, { err: say[error.code] ?? error.code })

async function answerError(error: Error, c: WebContext) {
  const refusal = c.var.refusal
  const answer = error instanceof AppError && refusal ? await refusal(error) : null
  return answer ?? errorPage(c, error)
}
