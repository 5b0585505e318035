import { createMiddleware } from 'hono/factory'
import type { Role, User } from '../domain/types.js'
import { AppError } from '../errors.js'
import { userOfToken } from '../services/auth.js'
import type { AppEnv } from './env.js'

/** Reads `Authorization: Bearer`; a token that is present but bad is a 401 even on public routes. */
export const identify = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', null)
  c.set('token', null)
  const header = c.req.header('Authorization')
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    const user = match?.[1] ? await userOfToken(c.var.deps, match[1]) : null
    if (!user) throw new AppError('unauthenticated', 'The token is missing, malformed, expired or revoked.')
    c.set('user', user)
    c.set('token', match![1]!)
  }
  await next()
})

/** Route middleware: runs before validation, so a missing sign-in answers 401 before a 400. */
export const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user) throw new AppError('unauthenticated', 'Sign in first: send Authorization: Bearer <token>.')
  await next()
})

export function currentUser(c: { var: AppEnv['Variables'] }): User {
  if (!c.var.user) throw new AppError('unauthenticated', 'Sign in first.')
  return c.var.user
}

export const hasRole = (user: User, ...roles: Role[]) => roles.includes(user.role)
