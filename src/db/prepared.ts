import { type CompiledQuery, type RawBuilder, sql } from 'kysely'
import type { Db } from './database.js'

/**
 * Queries of the hot paths, built and compiled by Kysely ONCE and then bound anew with each call's values:
 * building and compiling a query on every request was ≈ 10 % of a booking's CPU. The SQL text is the same
 * string every time, so the SQLite driver's prepared-statement cache (src/db/connect-sqlite.ts) finds it at
 * once, and D1 receives the same statement it always did.
 *
 * A template names its parameters: `p.start` stands for the value called `start`, wherever it appears (as
 * often as needed). To add a column, add it to the SQL with its `${p.name}` and pass `name` in the values —
 * a missing value throws instead of binding NULL.
 */

/** Where a named value goes: compiled by Kysely as a parameter, recognised afterwards by its identity. */
class Slot {
  constructor(readonly name: string) {}
}

export type Params<P> = { readonly [K in keyof P]: RawBuilder<P[K]> }

interface Template {
  sql: string
  query: CompiledQuery['query']
  queryId: CompiledQuery['queryId']
  /** for each `?`: the name of the value to bind, or a constant compiled into the template */
  slots: readonly (Slot | { constant: unknown })[]
}

const params = new Proxy({} as Record<string, RawBuilder<unknown>>, {
  get: (_, name) => (typeof name === 'string' ? sql`${new Slot(name)}` : undefined),
})

function compileTemplate<O>(compiled: CompiledQuery<O>): Template {
  return {
    sql: compiled.sql,
    query: compiled.query,
    queryId: compiled.queryId,
    slots: compiled.parameters.map((value) => (value instanceof Slot ? value : { constant: value })),
  }
}

function bind<O>(template: Template, values: Record<string, unknown>): CompiledQuery<O> {
  const parameters = template.slots.map((slot) => {
    if (!(slot instanceof Slot)) return slot.constant
    const value = values[slot.name]
    if (value === undefined) throw new TypeError(`No value for the query parameter "${slot.name}"`)
    return value
  })
  return { sql: template.sql, query: template.query, queryId: template.queryId, parameters }
}

/**
 * A query compiled once per database (the SQLite and D1 dialects compile alike, but nothing here relies on
 * it). `build` writes the query with Kysely, using `p.<name>` wherever a value of the call goes.
 */
export function prepared<P extends Record<string, unknown>, O = unknown>(
  build: (db: Db, p: Params<P>) => CompiledQuery<O>,
): (db: Db, values: P) => CompiledQuery<O> {
  const templates = new WeakMap<Db, Template>()
  return (db, values) => {
    let template = templates.get(db)
    if (!template) {
      template = compileTemplate(build(db, params as unknown as Params<P>))
      templates.set(db, template)
    }
    return bind<O>(template, values)
  }
}

/**
 * Like `prepared`, for a query whose SQL takes a few shapes (an `IN` list of 1–3 statuses, a time window
 * with or without an opening bound): one template per shape, keyed by `keyOf(shape)`; the values of the
 * shape that `keyOf` covers may be compiled into the template as constants.
 */
export function preparedByShape<S, P extends Record<string, unknown>, O = unknown>(
  keyOf: (shape: S) => string,
  build: (db: Db, p: Params<P>, shape: S) => CompiledQuery<O>,
): (db: Db, shape: S, values: P) => CompiledQuery<O> {
  const templates = new WeakMap<Db, Map<string, Template>>()
  return (db, shape, values) => {
    let ofDb = templates.get(db)
    if (!ofDb) {
      ofDb = new Map()
      templates.set(db, ofDb)
    }
    const key = keyOf(shape)
    let template = ofDb.get(key)
    if (!template) {
      template = compileTemplate(build(db, params as unknown as Params<P>, shape))
      ofDb.set(key, template)
    }
    return bind<O>(template, values)
  }
}

/**
 * Runs the reads that a driver can answer directly (connect-sqlite.ts registers better-sqlite3's, which uses the
 * same statement cache as the batch): the same SQL and rows, without Kysely's per-query connection mutex and
 * chain of promises (≈ 5 µs a query — a booking reads three). Safe because shared code never holds a Kysely
 * transaction open (src/db/batch.ts), and better-sqlite3 runs each statement to completion at once.
 * Elsewhere (D1) the query goes through Kysely as usual.
 */
const directReaders = new WeakMap<Db, (query: CompiledQuery) => unknown[]>()

export function registerDirectReader(db: Db, read: (query: CompiledQuery) => unknown[]) {
  directReaders.set(db, read)
}

export async function readRows<O>(db: Db, query: CompiledQuery<O>): Promise<O[]> {
  const direct = directReaders.get(db)
  return direct ? (direct(query) as O[]) : (await db.executeQuery(query)).rows
}

/** Where a fragment goes: compiled as a parameter of the template, recognised afterwards by its identity. */
class FragmentSlot {
  constructor(readonly name: string) {}
}

/**
 * Where a fragment that changes from call to call goes in a prepared query: the columns and statements that another
 * module adds to a write (repositories/reservations.ts `WriteExtras`, the money of a booking). The template stays
 * compiled once; `withFragments` compiles only the fragment (a few values) and splices it in.
 */
export const fragmentAt = (name: string) => sql`${new FragmentSlot(name)}`

/**
 * The bound query with each `fragmentAt(name)` replaced by that fragment (nothing where none is given), its
 * parameters in its place among the template's. The templates hold no `?` inside a literal, so the n-th `?` of the
 * text is the n-th parameter.
 */
export function withFragments<O>(
  db: Db,
  query: CompiledQuery<O>,
  fragments: Readonly<Record<string, RawBuilder<unknown> | undefined>>,
): CompiledQuery<O> {
  const pieces = query.sql.split('?')
  let text = pieces[0] ?? ''
  const parameters: unknown[] = []
  query.parameters.forEach((value, i) => {
    if (value instanceof FragmentSlot) {
      const fragment = fragments[value.name]
      if (fragment) {
        const compiled = fragment.compile(db)
        text += compiled.sql
        parameters.push(...compiled.parameters)
      }
    } else {
      text += '?'
      parameters.push(value)
    }
    text += pieces[i + 1] ?? ''
  })
  return { ...query, sql: text, parameters }
}
