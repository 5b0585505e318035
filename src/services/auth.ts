import type { User } from '../domain/types.js'
import { AppError } from '../errors.js'
import {
  type AttemptLimit,
  countSignInAttempts,
  isKnownSignInDevice,
  pruneSignInAttempts,
  releaseSignInAttempt,
  rememberSignInDevice,
  reserveSignInAttempt,
} from '../repositories/sign-in-attempts.js'
import {
  deleteToken,
  deleteTokensOfUser,
  findSessionByTokenHash,
  insertToken,
  readAuthEpoch,
} from '../repositories/tokens.js'
import { findCredentials, findPasswordHash, setPasswordHash } from '../repositories/users.js'
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../security/password.js'
import { randomSecret, sha256Hex } from '../security/tokens.js'
import type { Deps } from './deps.js'

export const TOKEN_LIFETIME_MS = 30 * 24 * 3600_000
const FAILURE_WINDOW_MS = 15 * 60_000
/** Sign-ins that may fail for one e-mail within the window (API.md). */
export const MAX_FAILURES = 10
/** Failed sign-ins from one client address (any e-mail) within the window before it gets 429 too. */
export const MAX_FAILURES_PER_ADDRESS = 50
/** Failed sign-ins from one remembered device within the window (it has its own count, see signIn). */
export const MAX_FAILURES_PER_DEVICE = 10
/** How long a browser that signed in is remembered as that account's device. */
export const SIGN_IN_DEVICE_LIFETIME_MS = 180 * 24 * 3600_000
// The limits share login_failures with the e-mails: their keys start with a space, which a trimmed e-mail never
// does, so no sign-in attempt can add to (or read) another address's or device's count.
const addressKey = (address: string) => ` address ${address}`
const deviceKey = (deviceHash: string) => ` device ${deviceHash}`

/** What the runtime knows of the client that signs in. */
export interface SignInClient {
  /** its network address, when the runtime can tell (the per-address limit) */
  address?: string | null
  /** the device token it kept from an earlier sign-in, if any */
  device?: string | null
  /** whether it can keep a device token (a browser's cookie); API clients do not get one */
  keepsDevice?: boolean
}

export interface SignedIn {
  token: string
  user: User
  /** a new device token for the client to keep (web: an HttpOnly cookie); null when it keeps none or has one */
  device: string | null
}

/**
 * Signs in by e-mail and password, within limits that hold under any concurrency (README "Sign-in limits"): every
 * attempt is counted BEFORE the slow password check, in one atomic write, and a success takes its count back.
 *  - A client that shows a device token from an earlier sign-in to this very account (`device`) is counted on its
 *    own: 10 failures in 15 minutes. Nobody else's failures can lock it out, neither the account's nor its address's.
 *  - Any other client is counted per e-mail (10 in 15 minutes) and, when the runtime knows the client's address,
 *    per address (50 in 15 minutes, any e-mails).
 * A full limit answers 429 with a retry delay, even for the right password, and checks nothing.
 */
export async function signIn(
  { db, batch, clock }: Deps,
  rawEmail: string,
  password: string,
  { address = null, device = null, keepsDevice = false }: SignInClient = {},
): Promise<SignedIn> {
  const email = rawEmail.trim()
  const now = clock()
  const since = now - FAILURE_WINDOW_MS
  const deviceHash = device ? await sha256Hex(device) : null
  const known = deviceHash !== null && (await isKnownSignInDevice(db, deviceHash, email, now))
  const limits: (AttemptLimit & { refusal: string })[] = known
    ? [{ key: deviceKey(deviceHash), max: MAX_FAILURES_PER_DEVICE, refusal: 'from this device for this account' }]
    : [
        { key: email, max: MAX_FAILURES, refusal: 'for this account' },
        ...(address ? [{ key: addressKey(address), max: MAX_FAILURES_PER_ADDRESS, refusal: 'from this address' }] : []),
      ]
  const attempt = await reserveSignInAttempt(db, batch, limits, now, since)
  if (!attempt) {
    for (const limit of limits) {
      const { count, oldest } = await countSignInAttempts(db, limit.key, since)
      if (count < limit.max) continue
      const retryAfter = Math.max(1, Math.ceil(((oldest ?? now) + FAILURE_WINDOW_MS - now) / 1000))
      throw new AppError('rate-limited', `Too many failed sign-ins ${limit.refusal}. Try again later.`, { retryAfter })
    }
    // the count went down between the refusal and this read (a success or the window): say so all the same
    throw new AppError('rate-limited', 'Too many sign-ins at once. Try again in a moment.', { retryAfter: 1 })
  }
  const credentials = await findCredentials(db, email)
  const valid = await verifyPassword(password, credentials?.passwordHash ?? UNKNOWN_USER_HASH)
  if (!credentials || !valid || !credentials.user.active) {
    await pruneSignInAttempts(db, since)
    throw new AppError('unauthenticated', 'The e-mail or password is wrong, or the account is deactivated.')
  }
  await releaseSignInAttempt(db, attempt)
  const token = await issueToken({ db, clock }, credentials.user.id)
  if (known || !keepsDevice) return { token, user: credentials.user, device: null }
  const fresh = randomSecret()
  await rememberSignInDevice(db, batch, await sha256Hex(fresh), email, now, now + SIGN_IN_DEVICE_LIFETIME_MS)
  return { token, user: credentials.user, device: fresh }
}

export async function issueToken({ db, clock }: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<string> {
  const token = randomSecret()
  const now = clock()
  await insertToken(db, await sha256Hex(token), userId, now, now + TOKEN_LIFETIME_MS)
  return token
}

/**
 * The user a bearer token (or session cookie) signs in, or null. With an identity cache (the Node server's), a
 * token seen before is answered from memory as long as no sign-in was revoked since (services/identity-cache.ts).
 */
export async function userOfToken(
  { db, clock, identities }: Pick<Deps, 'db' | 'clock' | 'identities'>,
  token: string,
): Promise<User | null> {
  const now = clock()
  // read BEFORE the look-up: a revocation committed after this read moves the counter, and the entry made
  // below with the older value is not used again
  const epoch = identities ? await readAuthEpoch(db) : null
  if (!identities || epoch === null)
    return (await findSessionByTokenHash(db, await sha256Hex(token), now))?.user ?? null
  const cached = identities.get(token)
  if (cached && cached.epoch === epoch && cached.expiresAt > now) return cached.user
  const found = await findSessionByTokenHash(db, await sha256Hex(token), now)
  if (found) identities.set(token, { ...found, epoch })
  else identities.delete(token)
  return found?.user ?? null
}

export async function signOut({ db }: Pick<Deps, 'db'>, token: string): Promise<void> {
  await deleteToken(db, await sha256Hex(token))
}

/** Changes the password and ends every other token of the user; the caller's own stays valid. */
export async function changePassword(
  { db }: Pick<Deps, 'db'>,
  user: User,
  currentToken: string | null,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const stored = await findPasswordHash(db, user.id)
  if (!stored || !(await verifyPassword(currentPassword, stored)))
    throw new AppError('forbidden', 'The current password is wrong.')
  await setPasswordHash(db, user.id, await hashPassword(newPassword))
  await deleteTokensOfUser(db, user.id, currentToken ? await sha256Hex(currentToken) : undefined)
}
