import type { Context } from 'hono'
import type { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, type ErrorCode } from '../errors.js'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation: 400,
  'malformed-json': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-qualified': 403,
  'not-found': 404,
  'time-taken': 409,
  'invalid-transition': 409,
  duplicate: 409,
  'precondition-failed': 412,
  'precondition-required': 428,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rule-violation': 422,
  'idempotency-mismatch': 422,
  'rate-limited': 429,
  'last-admin': 409,
  'month-open': 422,
  'voucher-not-applicable': 422,
  'voucher-exhausted': 422,
}

const TITLE: Record<ErrorCode, string> = {
  validation: 'The request is invalid',
  'malformed-json': 'The body is not valid JSON',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  'not-qualified': 'Qualification required',
  'not-found': 'Not found',
  'time-taken': 'The time is taken',
  'invalid-transition': 'Not possible in the current state',
  duplicate: 'Already exists',
  'precondition-failed': 'The resource has changed',
  'precondition-required': 'If-Match required',
  'too-large': 'The body is too large',
  'unsupported-media-type': 'The body is of a type this operation does not read',
  'rule-violation': 'The request breaks a booking rule',
  'idempotency-mismatch': 'Idempotency key reused with a different request',
  'rate-limited': 'Too many attempts',
  'last-admin': 'The last active platform admin',
  'month-open': 'The month has not ended yet',
  'voucher-not-applicable': 'The voucher does not apply to this use',
  'voucher-exhausted': 'The voucher is used up',
}

export const statusOf = (code: ErrorCode) => STATUS[code]

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  [extra: string]: unknown
}

export function problemOf(error: AppError): Problem {
  return {
    ...error.extra,
    type: `/problems/${error.code}`,
    title: TITLE[error.code],
    status: STATUS[error.code],
    detail: error.message,
  }
}

export function problemResponse(c: Context, error: AppError, headers: Record<string, string> = {}): Response {
  const problem = problemOf(error)
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    ...headers,
  })
}

/** Turns Hono's own exceptions (malformed JSON, unsupported media type) into our problem codes. */
export function appErrorFromHttpException(exception: HTTPException): AppError | null {
  if (exception.status === 400 && /json/i.test(exception.message))
    return new AppError('malformed-json', 'The request body is not valid JSON.')
  if (exception.status === 400) return new AppError('validation', exception.message || 'The request is invalid.')
  if (exception.status === 401) return new AppError('unauthenticated', exception.message || 'Sign in first.')
  if (exception.status === 413) return new AppError('too-large', 'The request body is larger than 1 MB.')
  if (exception.status === 415)
    return new AppError('unsupported-media-type', 'Send the body as application/json (see the OpenAPI document).')
  return null
}

/**
 * A constraint the database enforced is the client's conflict, not our crash. Every write path is
 * guarded, so these only surface in races; the texts are SQLite's, which D1 passes on in its messages.
 */
export function appErrorFromDatabaseError(error: unknown): AppError | null {
  const message = error instanceof Error ? error.message : ''
  if (/UNIQUE constraint failed|PRIMARY KEY constraint failed/i.test(message))
    return new AppError('duplicate', 'This already exists: it was created at the same time by another request.')
  if (/FOREIGN KEY constraint failed/i.test(message))
    return new AppError('not-found', 'Something this request refers to does not exist (any more).')
  if (/(CHECK|NOT NULL) constraint failed/i.test(message))
    return new AppError('validation', 'The request breaks a rule of the stored data.', {
      errors: [{ path: '(body)', message: 'violates a database constraint' }],
    })
  return null
}
