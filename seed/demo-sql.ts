/**
 * `npm run seed:d1`: the demo data (seed/load-demo.ts, relative to now) as one SQL file for
 * `wrangler d1 execute DB --file`, locally or `--remote`. On a remote D1 the Worker's own seeding on
 * the first request would need more queries than one invocation may make; a file import has no such limit.
 * Run as a script, it prints the SQL on stdout.
 */
import { pathToFileURL } from 'node:url'
import { type CompiledQuery, DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely'
import type { Database } from '../src/db/database.js'
import { loadDemoData } from './load-demo.js'

/**
 * A bound value written as an SQLite literal. The loader binds strings, numbers and nulls only; anything
 * else (a boolean, a date, a buffer) has no single obvious spelling, so it is refused rather than guessed.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`
  throw new Error(`demo-sql: cannot write ${typeof value} as SQL`)
}

/** One compiled statement with its parameters written in, ended by `;`. */
export function inlineParameters(query: CompiledQuery): string {
  let next = 0
  // Kysely binds every value, so the only `?` in the compiled text are its placeholders.
  const text = query.sql.replace(/\?/g, () => sqlLiteral(query.parameters[next++]))
  if (next !== query.parameters.length) throw new Error('demo-sql: placeholders and parameters disagree')
  return `${text};`
}

/**
 * The statements `loadDemoData` would run at `now`, compiled and recorded instead of run: Kysely's
 * own compile-only `DummyDriver` answers every query with no rows (the loader only inserts), and
 * the `log` hook hands over each compiled query.
 */
export async function demoDataSql(now: number): Promise<string[]> {
  const statements: string[] = []
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new SqliteIntrospector(kysely),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') statements.push(inlineParameters(event.query))
    },
  })
  await loadDemoData(db, now)
  return statements
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log((await demoDataSql(Date.now())).join('\n'))
}
