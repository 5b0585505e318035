import type { User } from '../domain/types.js'
import { AppError } from '../errors.js'
import type { Deps } from '../http/env.js'
import {
  countRecentLoginFailures,
  deleteToken,
  deleteTokensOfUser,
  findUserByTokenHash,
  insertToken,
  pruneLoginFailures,
  recordLoginFailure,
} from '../repositories/tokens.js'
import { findCredentials, findPasswordHash, setPasswordHash } from '../repositories/users.js'
import { hashPassword, verifyPassword } from '../security/password.js'
import { randomSecret, sha256Hex } from '../security/tokens.js'

export const TOKEN_LIFETIME_MS = 30 * 24 * 3600_000
const FAILURE_WINDOW_MS = 15 * 60_000
const MAX_FAILURES = 10
// Verifying against a fixed hash when the e-mail is unknown keeps both answers equally slow.
const UNKNOWN_USER_HASH = 'pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

export async function signIn(
  { db, clock }: Deps,
  email: string,
  password: string,
): Promise<{ token: string; user: User }> {
  const now = clock()
  const failures = await countRecentLoginFailures(db, email, now - FAILURE_WINDOW_MS)
  if (failures.count >= MAX_FAILURES) {
    const retryAfter = Math.max(1, Math.ceil(((failures.oldest ?? now) + FAILURE_WINDOW_MS - now) / 1000))
    throw new AppError('rate-limited', 'Too many failed sign-ins for this account. Try again later.', { retryAfter })
  }
  const credentials = await findCredentials(db, email)
  const valid = await verifyPassword(password, credentials?.passwordHash ?? UNKNOWN_USER_HASH)
  if (!credentials || !valid || !credentials.user.active) {
    await recordLoginFailure(db, email, now)
    await pruneLoginFailures(db, now - FAILURE_WINDOW_MS)
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

export async function userOfToken({ db, clock }: Pick<Deps, 'db' | 'clock'>, token: string): Promise<User | null> {
  return findUserByTokenHash(db, await sha256Hex(token), clock())
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
