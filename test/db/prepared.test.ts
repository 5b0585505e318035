import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { fragmentAt, type Params, prepared, preparedByShape, withFragments } from '../../src/db/prepared.js'
import { testDatabase } from '../support/database.js'

/** Queries compiled once and bound by name (src/db/prepared.ts): the same SQL text, each call's own values. */

describe('prepared queries', () => {
  it('binds each named value wherever it appears, and keeps constants compiled into the template', async () => {
    const { db } = testDatabase()
    let builds = 0
    const query = prepared((db, p: Params<{ a: number; b: string }>) => {
      builds++
      return sql<{ x: number; y: string; z: number; k: string }>`SELECT ${p.a} AS x, ${p.b} AS y, ${p.a} + 1 AS z,
        ${'constant'} AS k`.compile(db)
    })
    const first = query(db, { a: 1, b: 'one' })
    const second = query(db, { a: 41, b: 'two' })
    expect(builds).toBe(1)
    expect(second.sql).toBe(first.sql)
    expect(first.parameters).toEqual([1, 'one', 1, 'constant'])
    expect((await db.executeQuery(second)).rows).toEqual([{ x: 41, y: 'two', z: 42, k: 'constant' }])
  })

  it('works with the query builder and is compiled once per database', async () => {
    const one = testDatabase()
    const two = testDatabase()
    let builds = 0
    const cities = prepared((db, p: Params<{ code: string }>) => {
      builds++
      return db.selectFrom('cities').select(['code', 'name']).where('code', '=', p.code).compile()
    })
    // every database has both cities (schema/0004): each keeps one
    await one.db.deleteFrom('cities').where('code', '=', 'zhoushan').execute()
    await two.db.deleteFrom('cities').where('code', '=', 'ningbo').execute()
    expect((await one.db.executeQuery(cities(one.db, { code: 'ningbo' }))).rows).toEqual([
      { code: 'ningbo', name: '宁波' },
    ])
    expect((await two.db.executeQuery(cities(two.db, { code: 'ningbo' }))).rows).toEqual([])
    expect((await two.db.executeQuery(cities(two.db, { code: 'zhoushan' }))).rows).toHaveLength(1)
    expect(builds).toBe(2)
  })

  it('refuses a call that lacks a value instead of binding NULL', () => {
    const { db } = testDatabase()
    const query = prepared((db, p: Params<{ a: number }>) => sql`SELECT ${p.a}`.compile(db))
    expect(() => query(db, {} as { a: number })).toThrow(/"a"/)
    // null is a value
    expect(query(db, { a: null as unknown as number }).parameters).toEqual([null])
  })

  it('keeps one template per shape', async () => {
    const { db } = testDatabase()
    const shapes: number[] = []
    const query = preparedByShape(
      (count: number) => String(count),
      (db, p: Params<Record<`v${number}`, number>>, count) => {
        shapes.push(count)
        const values = Array.from({ length: count }, (_, i) => p[`v${i}`])
        return sql<{ n: number }>`SELECT ${sql.join(values, sql` + `)} AS n`.compile(db)
      },
    )
    const run = async (...values: number[]) =>
      (
        await db.executeQuery(
          query(
            db,
            values.length,
            Object.fromEntries(values.map((v, i) => [`v${i}`, v])) as Record<`v${number}`, number>,
          ),
        )
      ).rows[0]?.n
    expect(await run(1, 2)).toBe(3)
    expect(await run(1, 2, 3)).toBe(6)
    expect(await run(10, 20)).toBe(30)
    expect(shapes).toEqual([2, 3])
  })

  it("splices a fragment of each call in, its values among the template's in order", async () => {
    const { db } = testDatabase()
    const query = prepared((db, p: Params<{ a: number; b: number }>) =>
      sql<Record<string, number>>`SELECT ${p.a} AS a${fragmentAt('more')}, ${p.b} AS b${fragmentAt('last')}`.compile(
        db,
      ),
    )
    const run = async (fragments: Parameters<typeof withFragments>[2]) =>
      (await db.executeQuery(withFragments(db, query(db, { a: 1, b: 2 }), fragments))).rows[0]
    expect(await run({})).toEqual({ a: 1, b: 2 })
    expect(await run({ more: sql`, ${10} AS x, ${'y'} AS y`, last: sql`, ${3} AS c` })).toEqual({
      a: 1,
      x: 10,
      y: 'y',
      b: 2,
      c: 3,
    })
    // the template is untouched by a call's fragments
    expect(await run({ last: sql`, ${4} AS d` })).toEqual({ a: 1, b: 2, d: 4 })
  })
})
