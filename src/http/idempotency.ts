import type { Context } from 'hono'
import { AppError } from '../errors.js'
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer } from '../services/idempotency.js'
import type { AppEnv } from './env.js'
import { problemOf } from './problem.js'

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
  const { deps } = c.var
  const claim = await claimIdempotencyKey(deps, userId, key, [c.req.method, c.req.path, request])
  if (claim.kind === 'replay') {
    const isProblem = claim.status >= 400
    return c.body(claim.body, claim.status as 200, {
      'Content-Type': isProblem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
      'Idempotent-Replayed': 'true',
    })
  }
  try {
    const outcome = await run()
    await storeIdempotentAnswer(deps, userId, key, outcome.status, JSON.stringify(outcome.body))
    return c.json(outcome.body, outcome.status)
  } catch (error) {
    if (error instanceof AppError && error.code !== 'rate-limited') {
      const problem = problemOf(error)
      await storeIdempotentAnswer(deps, userId, key, problem.status, JSON.stringify(problem))
    } else {
      await releaseIdempotencyKey(deps, userId, key)
    }
    throw error
  }
}
