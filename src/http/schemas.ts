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
  })
  .openapi('Problem')

export const Pagination = {
  limit: z.coerce.number().int().min(1).optional().openapi({ description: 'default 50; above 200 is taken as 200' }),
  cursor: z.string().max(500).optional(),
}

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

/**
 * A shared input schema (src/services/inputs) under a component name of the OpenAPI document. A fresh copy made
 * here, after @hono/zod-openapi has extended zod, so that it works whatever module created the schema first.
 */
export const named = <T extends z.ZodObject>(schema: T, name: string) => schema.extend({}).openapi(name) as T

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

export const bearer = [{ Bearer: [] }]

const PROBLEM_WHEN: Record<number, string> = {
  400: 'Invalid input (`validation`, with `errors`)',
  401: 'Not signed in (`unauthenticated`)',
  403: 'Not allowed for the caller (`forbidden`)',
  404: 'Unknown, or not visible to the caller (`not-found`)',
  409: 'Conflicts with the current state (`duplicate`, `invalid-transition`)',
  412: 'Changed by someone else meanwhile (`precondition-failed`)',
  413: 'The body is larger than allowed (`too-large`)',
  415: 'The body is of a type this operation does not read (`unsupported-media-type`)',
  422: 'Valid input that breaks a rule (`rule-violation`, with `rule`)',
}

/** The problem+json responses of an operation, one per status it answers (API.md), besides `default`. */
export function problemsOf<const S extends readonly (keyof typeof PROBLEM_WHEN & number)[]>(...statuses: S) {
  const responses: Record<
    string,
    { content: { 'application/problem+json': { schema: typeof ProblemSchema } }; description: string }
  > = {}
  for (const status of statuses)
    responses[status] = {
      content: { 'application/problem+json': { schema: ProblemSchema } },
      description: PROBLEM_WHEN[status]!,
    }
  return { ...responses, ...problemResponses }
}
