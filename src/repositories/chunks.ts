/** D1 binds at most 100 parameters per query: `IN (…)` lists are sent in chunks below that. */
const CHUNK = 90

/** Runs `query` once per chunk of the distinct `ids` and concatenates the rows. */
export async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const distinct = [...new Set(ids)]
  const rows: T[] = []
  for (let i = 0; i < distinct.length; i += CHUNK) rows.push(...(await query(distinct.slice(i, i + CHUNK))))
  return rows
}
