import { invalid } from '../errors.js'

/*
 * Keyset paging for every list of API.md (`?limit=&cursor=` → `{items, nextCursor}`), shared by the API and the
 * pages: the cursor is opaque to clients, a JSON array of the sort keys of the last item, base64url-encoded.
 */

export const pageLimit = (limit: number | undefined) => Math.min(limit ?? 50, 200)

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

/** The sort keys of a cursor (none without one); a cursor of another list, or garbage, is 400. */
export function cursorKeys<K extends readonly [SortKey, string]>(
  cursor: string | undefined,
  firstKeyType: 'string' | 'number',
): K | undefined {
  if (cursor === undefined) return undefined
  const keys = decodeCursor(cursor)
  if (keys === null || typeof keys[0] !== firstKeyType || typeof keys[1] !== 'string')
    throw invalid('cursor', 'not a cursor of this list')
  return keys as unknown as K
}

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
  const after = cursorKeys<K>(query.cursor, firstKeyType)
  const limit = pageLimit(query.limit)
  const items = await fetch(after, limit + 1)
  const page = items.slice(0, limit)
  const last = page.at(-1)
  return { page, nextCursor: items.length > limit && last ? encodeCursor(keysOf(last)) : null }
}
