import { sha256Hex } from '../security/tokens.js'

/** The form field every POST carries. */
export const CSRF_FIELD = '_csrf'

/**
 * A CSRF token bound to a secret only this browser holds in an HttpOnly cookie: the session token when signed
 * in, else the pre-session cookie. Another site can neither read the cookie nor compute the token.
 */
export const csrfTokenFor = (secret: string) => sha256Hex(`csrf:${secret}`)

/** Constant-time comparison of two strings. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
