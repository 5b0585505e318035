import { z } from '@hono/zod-openapi'
import { BUSY_KINDS } from '../domain/conflicts.js'
import type { ErrorCode } from '../errors.js'
import { statusOf } from './problem.js'

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

const problem = (description: string) =>
  ({ content: { 'application/problem+json': { schema: ProblemSchema } }, description }) as const

/** Anything an operation answers beyond its documented statuses is a bug of ours (a 5xx). */
const DEFAULT_PROBLEM = problem('Anything else is a bug of ours (5xx): an RFC 9457 problem')

/**
 * The error responses of what an operation's service can answer: `codes` are the problem codes (errors.ts) it
 * throws, grouped by their status (problem.ts); each status names its codes. What the operation's shape brings
 * (401 everywhere, 400 with input, 404 with a path parameter, 413 and 415 with a body) is added to the document
 * from the operation itself (openapi-document.ts). Plus a `default`.
 */
export function problems(...codes: ErrorCode[]) {
  const responses: Record<string, typeof DEFAULT_PROBLEM> = {}
  for (const [status, list] of groupByStatus(codes)) responses[String(status)] = problem(describeCodes(list))
  return { ...responses, default: DEFAULT_PROBLEM }
}

/** The codes by status, statuses in order. */
export function groupByStatus(codes: Iterable<ErrorCode>): [number, ErrorCode[]][] {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of new Set(codes)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code])
  return [...byStatus].sort(([a], [b]) => a - b)
}

export const describeCodes = (codes: readonly string[]) =>
  `A problem (RFC 9457) of type ${codes.map((code) => `\`/problems/${code}\``).join(', ')}`

export const bearer = [{ Bearer: [] }]
