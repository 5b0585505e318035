import type { Role, User } from '../domain/types.js'
import { AppError } from '../errors.js'
import type { WebContext } from './env.js'
import type { MessageKey } from './i18n/index.js'

/** The signed-in user, if they have one of `roles` (any role when none given); else throws AppError. */
export function requireUser(c: WebContext, ...roles: Role[]): User {
  const user = c.var.ui.user
  if (!user) throw new AppError('unauthenticated', 'Sign in first.')
  if (roles.length > 0 && !roles.includes(user.role)) throw new AppError('forbidden', 'Not for this role.')
  return user
}

/**
 * The fields of a posted form (urlencoded or multipart) as strings; files are ignored. A body that cannot be read as
 * a form (a truncated or garbled multipart body) is the client's fault: 400, never a 500. Hono caches the parsed
 * body, so the CSRF check and the page read it once.
 */
export async function formFields(c: WebContext): Promise<Record<string, string>> {
  let body: Record<string, unknown>
  try {
    body = await c.req.parseBody()
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('validation', 'The form could not be read (a truncated or garbled body).')
  }
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value
  return fields
}

/** A fixed origin to resolve paths against: only what stays on it is ours. */
const SELF = 'http://self.invalid'
/**
 * What a browser drops or turns into a slash before it resolves a Location (control characters, backslashes, their
 * percent-encodings and those of slashes): `/%09/evil.example` or `/\evil.example` would leave the site.
 */
const UNSAFE_IN_TARGET = /[\p{Cc}\\]|%(?:[01][0-9a-f]|7f|2f|5c)/iu

/** 303 to a same-site path with a flash message (`msg.*` key) or error code shown by the layout. */
export function redirectWith(c: WebContext, path: string, flash: { msg?: MessageKey; err?: string } = {}) {
  const url = new URL(safeNext(path), SELF)
  if (flash.msg) url.searchParams.set('msg', flash.msg)
  if (flash.err) url.searchParams.set('err', flash.err)
  return c.redirect(`${url.pathname}${url.search}${url.hash}`, 303)
}

/**
 * A `next=` (or redirect) target that stays on this site: a path on this origin, as the URL parser reads it —
 * never `//host`, a scheme, a backslash, a control character or an encoded slash — else `/`. The answer is
 * what the parser serialises (ASCII, percent-encoded), so it is always a valid Location header.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || next.length > 2000 || !next.startsWith('/') || UNSAFE_IN_TARGET.test(next)) return '/'
  let url: URL
  try {
    url = new URL(next, SELF)
  } catch {
    return '/'
  }
  const path = `${url.pathname}${url.search}${url.hash}`
  // `/.//evil.example` is a path, but the parser resolves it to `//evil.example`: a host for the browser
  if (url.origin !== SELF || !path.startsWith('/') || path.startsWith('//')) return '/'
  return path
}
