import type { CompiledQuery } from 'kysely'

export interface BatchResult {
  rows: Record<string, unknown>[]
  changes: number
}

/**
 * Runs compiled queries as one atomic unit: all or none. SQLite uses a transaction, D1 its
 * batch(), because D1 has no interactive transactions: shared code never calls db.transaction().
 */
export type Batch = (queries: CompiledQuery[]) => Promise<BatchResult[]>
