import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { User } from '../domain/types.js'
import { randomSecret } from '../security/tokens.js'
import { SIGN_IN_DEVICE_LIFETIME_MS, TOKEN_LIFETIME_MS, userOfToken } from '../services/auth.js'
import type { Deps } from '../services/deps.js'

export const SESSION_COOKIE = 'yz_session'
/** A random value for visitors without a session: the CSRF token of the sign-in form derives from it. */
export const PRE_SESSION_COOKIE = 'yz_pre'
/**
 * The sign-in device token of a browser that signed in before (services/auth.ts `signIn`): with it, the account's
 * owner is limited on its own count, so failures made by others cannot lock them out. Sent to /login only.
 */
export const SIGN_IN_DEVICE_COOKIE = 'yz_device'

/** Secure when users reach us over https (PUBLIC_URL says so) or this visitor did (directly or through a proxy). */
export function isHttps(c: Context): boolean {
  if ((c.var as { publicUrl?: string }).publicUrl?.startsWith('https:')) return true
  const forwarded = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase()
  return forwarded === 'https' || new URL(c.req.url).protocol === 'https:'
}

const cookieOptions = (c: Context, maxAgeSeconds: number) =>
  ({ httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c), maxAge: maxAgeSeconds }) as const

/** The user of the session cookie, or null (a stale cookie is cleared). */
export async function readSession(c: Context, deps: Deps): Promise<{ user: User; token: string } | null> {
  const token = getCookie(c, SESSION_COOKIE)
  if (!token) return null
  const user = await userOfToken(deps, token)
  if (user) return { user, token }
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
  return null
}

/** Starts the session; `device` is the new sign-in device token `signIn` gave, if any, for the browser to keep. */
export function startSession(c: Context, token: string, device: string | null = null) {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, Math.floor(TOKEN_LIFETIME_MS / 1000)))
  if (device)
    setCookie(c, SIGN_IN_DEVICE_COOKIE, device, {
      ...cookieOptions(c, Math.floor(SIGN_IN_DEVICE_LIFETIME_MS / 1000)),
      path: '/login',
    })
}

/** The browser's sign-in device token, if it holds one that looks like ours. */
export function signInDevice(c: Context): string | null {
  const value = getCookie(c, SIGN_IN_DEVICE_COOKIE)
  return value && /^[\w-]{20,100}$/.test(value) ? value : null
}

export function endSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) })
}

/** The visitor's pre-session secret, created (and set as a cookie) when missing. */
export function preSessionSecret(c: Context): string {
  const existing = getCookie(c, PRE_SESSION_COOKIE)
  if (existing && /^[\w-]{16,200}$/.test(existing)) return existing
  const secret = randomSecret(24)
  setCookie(c, PRE_SESSION_COOKIE, secret, cookieOptions(c, 24 * 3600))
  return secret
}
