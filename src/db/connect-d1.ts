import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
} from 'kysely'
import { D1Dialect } from 'kysely-d1'
import type { Batch, BatchResult } from './batch.js'
import type { Database, Db } from './database.js'

export interface D1Connection {
  db: Db
  batch: Batch
}

/**
 * D1's `meta.changes` counts the rows a statement's triggers write too (schema/0002's use_months
 * triggers fire on every completed reservation), unlike SQLite's changes(), which the shared code's
 * guards rely on. So every write is followed, in the same D1 batch, by this: a SELECT leaves
 * changes() as the write left it, so a `… WHERE changes() = 1` after it still sees the write.
 */
const DIRECT_CHANGES = 'SELECT changes() AS n'

/** Statements that only read: their row count is the number of rows they answer, as on SQLite. */
const onlyReads = (sql: string) =>
  /^\s*(select|values|pragma|explain)\b/i.test(sql) ||
  (/^\s*with\b/i.test(sql) && !/\b(insert|update|delete|replace)\s/i.test(sql))

/**
 * kysely-d1's dialect, with writes counted as SQLite counts them (see DIRECT_CHANGES), without the
 * deprecated `numUpdatedOrDeletedRows` (Kysely warns about it) and without `insertId`, which D1 does
 * not report reliably (nothing here reads it: success is told by RETURNING or by the row count).
 * kysely-d1 throws on db.transaction(): D1 has no interactive transactions, so shared code uses `batch`.
 */
function d1Dialect(d1: D1Database): Dialect {
  const dialect = new D1Dialect({ database: d1 })
  const counted = (connection: DatabaseConnection): DatabaseConnection => ({
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      if (onlyReads(query.sql)) return { rows: (await connection.executeQuery<R>(query)).rows }
      const [write, changes] = await d1.batch([
        d1.prepare(query.sql).bind(...(query.parameters as unknown[])),
        d1.prepare(DIRECT_CHANGES),
      ])
      return {
        rows: (write?.results ?? []) as R[],
        numAffectedRows: BigInt((changes?.results[0] as { n: number } | undefined)?.n ?? 0),
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  })
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = dialect.createDriver()
      return {
        init: () => driver.init(),
        acquireConnection: async () => counted(await driver.acquireConnection()),
        beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
        commitTransaction: (connection) => driver.commitTransaction(connection),
        rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
        releaseConnection: (connection) => driver.releaseConnection(connection),
        destroy: () => driver.destroy(),
      }
    },
  }
}

/**
 * Kysely on a D1 binding, and the atomic `batch` of src/db/batch.ts on D1's own batch(): D1 runs the
 * statements of one batch in order, in one transaction, on one connection, so `changes()` inside a
 * statement sees the statement just before it, exactly as in the SQLite transaction.
 */
export function connectD1(d1: D1Database): D1Connection {
  const db: Db = new Kysely<Database>({ dialect: d1Dialect(d1) })
  const batch: Batch = async (queries) => {
    if (queries.length === 0) return []
    const statements = queries.flatMap((query) => {
      const statement = d1.prepare(query.sql).bind(...(query.parameters as unknown[]))
      return onlyReads(query.sql) ? [statement] : [statement, d1.prepare(DIRECT_CHANGES)]
    })
    const results = await d1.batch<Record<string, unknown>>(statements)
    let next = 0
    return queries.map((query): BatchResult => {
      const rows = results[next++]?.results ?? []
      if (onlyReads(query.sql)) return { rows, changes: rows.length }
      const changes = Number(results[next++]?.results[0]?.n ?? 0)
      return { rows, changes }
    })
  }
  return { db, batch }
}
