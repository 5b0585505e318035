import { AppError } from '../errors.js'
import { claimKey, deleteKeysBefore, findKey, releaseKey, storeResponse } from '../repositories/idempotency.js'
import { sha256Hex } from '../security/tokens.js'
import type { Deps } from './deps.js'

/*
 * `Idempotency-Key` (API.md): a key belongs to one caller and lives 24 hours; a replay returns the original status
 * and body and creates nothing; the same key with another request is 422. The HTTP wrapper is http/idempotency.ts.
 */

const KEY_LIFETIME_MS = 24 * 3600_000

/** What a first request under a key finds: go ahead (the key is now held), or the stored answer to replay. */
export type KeyClaim = { kind: 'first' } | { kind: 'replay'; status: number; body: string }

/** Claims `key` for the caller's request (method, path and body), or finds the answer stored for it. */
export async function claimIdempotencyKey(
  { db, clock }: Deps,
  userId: string,
  key: string,
  request: unknown,
): Promise<KeyClaim> {
  const now = clock()
  const requestHash = await sha256Hex(JSON.stringify(request))
  await deleteKeysBefore(db, now - KEY_LIFETIME_MS)
  if (await claimKey(db, userId, key, requestHash, now)) return { kind: 'first' }
  const stored = await findKey(db, userId, key)
  if (!stored || stored.requestHash !== requestHash)
    throw new AppError('idempotency-mismatch', 'This Idempotency-Key was used for a different request.')
  if (stored.status === null || stored.body === null)
    throw new AppError('duplicate', 'The first request with this Idempotency-Key is still running.')
  return { kind: 'replay', status: stored.status, body: stored.body }
}

/** Keeps the answer of the first request, for its replays. */
export const storeIdempotentAnswer = ({ db }: Deps, userId: string, key: string, status: number, body: string) =>
  storeResponse(db, userId, key, status, body)

/** Frees the key after an unexpected failure, so that the client may retry. */
export const releaseIdempotencyKey = ({ db }: Deps, userId: string, key: string) => releaseKey(db, userId, key)
