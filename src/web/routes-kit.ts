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

/** The fields of a posted form (urlencoded or multipart) as strings; files are ignored. */
export async function formFields(c: WebContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody()
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value
  return fields
}

/** 303 to a same-site path with a flash message (`msg.*` key) or error code shown by the layout. */
export function redirectWith(c: WebContext, path: string, flash: { msg?: MessageKey; err?: string } = {}) {
  const url = new URL(path, 'http://x')
  if (flash.msg) url.searchParams.set('msg', flash.msg)
  if (flash.err) url.searchParams.set('err', flash.err)
  return c.redirect(`${url.pathname}${url.search}${url.hash}`, 303)
}

/** A `next=` target that stays on this site (a path, never `//host` or a scheme). */
export function safeNext(next: string | undefined | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  return next
}
