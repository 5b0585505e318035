/**
 * `npm run seed:d1`: the demo data (seed/load-demo.ts, relative to now) as one SQL file for
 * `wrangler d1 execute DB --file`, locally or `--remote`. On a remote D1 the Worker's own seeding on
 * the first request would need more queries than one invocation may make; a file import has no such limit.
 * Prints the SQL on stdout.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import { loadDemoData } from '../../seed/load-demo.js'
import type { Database } from './database.js'

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`
  throw new Error(`demo-sql: cannot write ${typeof value} as SQL`)
}

/** One compiled statement with its parameters written in (the loader binds strings, numbers and nulls only). */
function inlineParameters(query: CompiledQuery): string {
  let next = 0
  const text = query.sql.replace(/\?/g, () => literal(query.parameters[next++]))
  if (next !== query.parameters.length) throw new Error('demo-sql: placeholders and parameters disagree')
  return `${text};`
}

/** The statements loadDemoData would run, recorded instead of run. */
async function demoDataSql(now: number): Promise<string[]> {
  const statements: string[] = []
  const connection: DatabaseConnection = {
    async executeQuery(query) {
      statements.push(inlineParameters(query))
      return { rows: [] }
    },
    // biome-ignore lint/correctness/useYield: never streams
    async *streamQuery() {
      throw new Error('demo-sql: no streaming')
    },
  }
  const unsupported = async () => {
    throw new Error('demo-sql: no transactions')
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: unsupported,
    commitTransaction: unsupported,
    rollbackTransaction: unsupported,
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new SqliteQueryCompiler(),
      createIntrospector: (kysely) => new SqliteIntrospector(kysely),
    },
  })
  await loadDemoData(db, now)
  return statements
}

console.log((await demoDataSql(Date.now())).join('\n'))
