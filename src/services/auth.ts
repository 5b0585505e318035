import type { User } from '../domain/types.js'
import { AppError } from '../errors.js'
import {
  countRecentLoginFailures,
  deleteToken,
  deleteTokensOfUser,
  findSessionByTokenHash,
  insertToken,
  pruneLoginFailures,
  readAuthEpoch,
  recordLoginFailure,
} from '../repositories/tokens.js'
import { findCredentials, findPasswordHash, setPasswordHash } from '../repositories/users.js'
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../security/password.js'
import { randomSecret, sha256Hex } from '../security/tokens.js'
import type { Deps } from './deps.js'

export const TOKEN_LIFETIME_MS = 30 * 24 * 3600_000
const FAILURE_WINDOW_MS = 15 * 60_000
const MAX_FAILURES = 10
/** Failed sign-ins from one client address (any e-mail) within the window before it gets 429 too. */
export const MAX_FAILURES_PER_ADDRESS = 50
// Failures from an address share login_failures with those of an e-mail: the key starts with a space,
// which a trimmed e-mail never does, so no sign-in attempt can add to (or read) another address's count.
const addressKey = (address: string) => ` address ${address}`

/**
 * Signs in by e-mail and password. Failed attempts are limited per e-mail (10 in 15 minutes) and, when the
 * runtime knows the client's address, per address (50 in 15 minutes); either limit answers 429 with a
 * retry delay, even for the right password. Successful sign-ins are never counted or delayed.
 */
export async function signIn(
  { db, clock }: Deps,
  rawEmail: string,
  password: string,
  address: string | null = null,
): Promise<{ token: string; user: User }> {
  const email = rawEmail.trim()
  const now = clock()
  const since = now - FAILURE_WINDOW_MS
  const retryAfter = (oldest: number | null) =>
    Math.max(1, Math.ceil(((oldest ?? now) + FAILURE_WINDOW_MS - now) / 1000))
  if (address) {
    const fromAddress = await countRecentLoginFailures(db, addressKey(address), since)
    if (fromAddress.count >= MAX_FAILURES_PER_ADDRESS)
      throw new AppError('rate-limited', 'Too many failed sign-ins from this address. Try again later.', {
        retryAfter: retryAfter(fromAddress.oldest),
      })
  }
  const failures = await countRecentLoginFailures(db, email, since)
  if (failures.count >= MAX_FAILURES) {
    throw new AppError('rate-limited', 'Too many failed sign-ins for this account. Try again later.', {
      retryAfter: retryAfter(failures.oldest),
    })
  }
  const credentials = await findCredentials(db, email)
  const valid = await verifyPassword(password, credentials?.passwordHash ?? UNKNOWN_USER_HASH)
  if (!credentials || !valid || !credentials.user.active) {
    await recordLoginFailure(db, email, now)
    if (address) await recordLoginFailure(db, addressKey(address), now)
    await pruneLoginFailures(db, since)
    throw new AppError('unauthenticated', 'The e-mail or password is wrong, or the account is deactivated.')
  }
  return { token: await issueToken({ db, clock } as Deps, credentials.user.id), user: credentials.user }
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
