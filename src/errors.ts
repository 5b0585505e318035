/** Stable problem codes of API.md; the HTTP layer maps each to a status. */
export type ErrorCode =
  | 'validation'
  | 'malformed-json'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-qualified'
  | 'not-found'
  | 'time-taken'
  | 'invalid-transition'
  | 'duplicate'
  | 'precondition-failed'
  | 'precondition-required'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rule-violation'
  | 'idempotency-mismatch'
  | 'rate-limited'
  | 'last-admin'
  | 'month-open'
  | 'voucher-not-applicable'
  | 'voucher-exhausted'

/** The one error type of the application: services throw it, the HTTP layer renders it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail)
    this.name = 'AppError'
  }
}

export const notFound = (what: string) => new AppError('not-found', `${what} not found`)
export const forbidden = (detail: string) => new AppError('forbidden', detail)

/** A 400 about one field; used where validity depends on data (a city code that does not exist). */
export const invalid = (path: string, message: string) =>
  new AppError('validation', `${path}: ${message}`, { errors: [{ path, message }] })
