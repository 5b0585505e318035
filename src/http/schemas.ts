import { z } from '@hono/zod-openapi'
import { BUSY_KINDS } from '../domain/conflicts.js'

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/time-taken' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
      .optional()
      .openapi({ description: 'every invalid field; `code` names the rule where one applies' }),
    conflicts: z.array(z.object({ start: z.string(), end: z.string(), kind: z.enum(BUSY_KINDS) })).optional(),
    alternatives: z
      .array(z.object({ start: z.string(), end: z.string() }))
      .optional()
      .openapi({ description: 'with time-taken: the nearest free slots of the same length, in time order' }),
    rule: z.string().optional(),
    reason: z.string().optional().openapi({
      description:
        'with voucher-not-applicable: other-holder, internal, holder-kind, provider-city, outside-validity, expired',
    }),
  })
  .openapi('Problem')

export const Pagination = {
  limit: z.coerce.number().int().min(1).optional().openapi({ description: 'default 50; above 200 is taken as 200' }),
  cursor: z.string().max(500).optional(),
}

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

/** Every route documents its errors as problem+json; the codes are in API.md. */
export const problemResponses = {
  default: { content: { 'application/problem+json': { schema: ProblemSchema } }, description: 'An RFC 9457 problem' },
} as const

const PROBLEM_STATUS = {
  400: 'Invalid input (`validation`, `malformed-json`)',
  401: 'Not signed in, or a bad token (`unauthenticated`)',
  403: 'Not allowed to do this (`forbidden`)',
  404: 'Unknown, or not visible to the caller (`not-found`)',
  409: 'Not possible in the current state (`invalid-transition`, `time-taken`, `duplicate`)',
  413: 'The body is over 1 MB (`too-large`)',
  415: 'The body is not JSON (`unsupported-media-type`)',
  422: 'Valid, but breaks a rule (`month-open`, `voucher-not-applicable`, `voucher-exhausted`, `rule-violation`)',
} as const

/** Each status an operation answers besides success, documented as problem+json, plus the default. */
export const problems = (...statuses: (keyof typeof PROBLEM_STATUS)[]) => ({
  ...Object.fromEntries(
    statuses.map((status) => [
      status,
      { content: { 'application/problem+json': { schema: ProblemSchema } }, description: PROBLEM_STATUS[status] },
    ]),
  ),
  ...problemResponses,
})

export const bearer = [{ Bearer: [] }]
