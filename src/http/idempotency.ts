import type { Context } from 'hono'
import { AppError } from '../errors.js'
import { claimKey, deleteKeysBefore, findKey, releaseKey, storeResponse } from '../repositories/idempotency.js'
import { sha256Hex } from '../security/tokens.js'
import type { AppEnv } from './env.js'
import { problemOf } from './problem.js'

const KEY_LIFETIME_MS = 24 * 3600_000

export interface JsonOutcome {
  status: 200 | 201
  body: unknown
}

/**
 * `Idempotency-Key` (API.md): a key belongs to one caller and lives 24 hours; a replay returns the
 * original status and body and creates nothing; the same key with another request is 422.
 * Client errors are stored and replayed too; an unexpected failure frees the key for a retry.
 */
export async function idempotent(
  c: Context<AppEnv>,
  userId: string,
  request: unknown,
  run: () => Promise<JsonOutcome>,
): Promise<Response> {
  const key = c.req.header('Idempotency-Key')
  if (key === undefined) {
    const outcome = await run()
    return c.json(outcome.body, outcome.status)
  }
  if (key.length < 1 || key.length > 200)
    throw new AppError('validation', 'Idempotency-Key must be 1 to 200 characters.', {
      errors: [{ path: 'Idempotency-Key', message: '1 to 200 characters' }],
    })
  const { db, clock } = c.var.deps
  const now = clock()
  const requestHash = await sha256Hex(JSON.stringify([c.req.method, c.req.path, request]))
  await deleteKeysBefore(db, now - KEY_LIFETIME_MS)
  if (!(await claimKey(db, userId, key, requestHash, now))) {
    const stored = await findKey(db, userId, key)
    if (!stored || stored.requestHash !== requestHash)
      throw new AppError('idempotency-mismatch', 'This Idempotency-Key was used for a different request.')
    if (stored.status === null || stored.body === null)
      throw new AppError('duplicate', 'The first request with this Idempotency-Key is still running.')
    const isProblem = stored.status >= 400
    return c.body(stored.body, stored.status as 200, {
      'Content-Type': isProblem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
      'Idempotent-Replayed': 'true',
    })
  }
  try {
    const outcome = await run()
    await storeResponse(db, userId, key, outcome.status, JSON.stringify(outcome.body))
    return c.json(outcome.body, outcome.status)
  } catch (error) {
    if (error instanceof AppError && error.code !== 'rate-limited') {
      const problem = problemOf(error)
      await storeResponse(db, userId, key, problem.status, JSON.stringify(problem))
    } else {
      await releaseKey(db, userId, key)
    }
    throw error
  }
}
