import { z } from '@hono/zod-openapi'
import { DateTime } from 'luxon'
import { invalid } from '../errors.js'

/** RFC 3339 with a mandatory offset: an instant without one is ambiguous and rejected. */
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i

export const Instant = z
  .string()
  .regex(RFC3339_WITH_OFFSET, 'must be an RFC 3339 instant with an offset, e.g. 2027-03-01T09:00:00+08:00')
  .refine((text) => DateTime.fromISO(text, { setZone: true }).isValid, 'is not a real date and time')
  .openapi({ format: 'date-time', example: '2027-03-01T09:00:00+08:00' })

export const toMs = (instant: string): number => DateTime.fromISO(instant, { setZone: true }).toMillis()
export const toIso = (ms: number): string => new Date(ms).toISOString()
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms))

export const Id = z.string().min(1).max(100)

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
    conflicts: z
      .array(z.object({ start: z.string(), end: z.string(), kind: z.enum(['reservation', 'buffer', 'blackout']) }))
      .optional(),
    rule: z.string().optional(),
  })
  .openapi('Problem')

export const Pagination = {
  limit: z.coerce.number().int().min(1).optional().openapi({ description: 'default 50; above 200 is taken as 200' }),
  cursor: z.string().max(500).optional(),
}

export const pageLimit = (limit: number | undefined) => Math.min(limit ?? 50, 200)

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

/** A list that always fits one page (cities, a reservation's history) still answers the list shape. */
export const onePage = <T>(items: T[]) => ({ items, nextCursor: null })

/** Keyset cursors: opaque to clients, a JSON array of the sort keys of the last item. */
export const encodeCursor = (keys: readonly (string | number)[]) =>
  btoa(unescape(encodeURIComponent(JSON.stringify(keys))))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

export function decodeCursor(cursor: string): unknown[] | null {
  try {
    const text = decodeURIComponent(escape(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))))
    const keys: unknown = JSON.parse(text)
    return Array.isArray(keys) ? keys : null
  } catch {
    return null
  }
}

type SortKey = string | number

/**
 * Keyset paging for every list: decodes the cursor into sort keys of the expected types (else 400),
 * asks for one row more than the page to learn whether another page follows.
 */
export async function keysetPage<T, K extends readonly [SortKey, string]>(
  query: { cursor?: string; limit?: number },
  firstKeyType: 'string' | 'number',
  keysOf: (item: T) => K,
  fetch: (after: K | undefined, limit: number) => Promise<T[]>,
): Promise<{ page: T[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  if (after === null || (after && (typeof after[0] !== firstKeyType || typeof after[1] !== 'string')))
    throw invalid('cursor', 'not a cursor of this list')
  const limit = pageLimit(query.limit)
  const items = await fetch(after as K | undefined, limit + 1)
  const page = items.slice(0, limit)
  const last = page.at(-1)
  return { page, nextCursor: items.length > limit && last ? encodeCursor(keysOf(last)) : null }
}

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
