import { applyD1Migrations, createExecutionContext, env } from 'cloudflare:test'
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../seed/data/accounts.js'
import { EVERY_DEMO_INSTITUTION } from '../../seed/data/institutions.js'
import { DEMO_USERS } from '../../seed/demo-catalogue.js'
import { connectD1 } from '../../src/db/connect-d1.js'
import { createWorkerHandler } from '../../src/worker.js'
import { createWorld } from '../support/world.js'
import { emptyDatabase } from './d1.js'

/** What only the Workers runtime has to prove: D1's batch, and the Worker entry around createApp. */

const quiet = () => {}

describe('the workers project', () => {
  it('runs in workerd, and createWorld() there is built on the D1 binding', async () => {
    expect((globalThis as { navigator?: { userAgent: string } }).navigator?.userAgent).toBe('Cloudflare-Workers')
    const world = await createWorld()
    const sem = await world.instrument()
    const row = await env.DB.prepare('SELECT name FROM instruments WHERE id = ?').bind(sem.id).first<{ name: string }>()
    expect(row).toEqual({ name: sem.name })
  })
})

describe('batch on D1 (src/db/connect-d1.ts)', () => {
  const { db, batch } = connectD1(env.DB)
  const cityCodes = async () =>
    (await db.selectFrom('cities').select('code').orderBy('code').execute()).map((row) => row.code)
  beforeEach(async () => {
    await emptyDatabase(env.DB)
    await db
      .insertInto('cities')
      .values([
        { code: 'ningbo', name: '宁波' },
        { code: 'zhoushan', name: '舟山' },
      ])
      .execute()
  })

  it('gives changes() inside a statement the row count of the statement just before it, as SQLite does', async () => {
    const results = await batch([
      sql`UPDATE cities SET name = 'x' WHERE code = 'nowhere'`.compile(db),
      sql`INSERT INTO cities (code, name) SELECT 'after-nothing', '-' WHERE changes() = 1`.compile(db),
      sql`UPDATE cities SET name = '宁波市' WHERE code = 'ningbo'`.compile(db),
      sql`INSERT INTO cities (code, name) SELECT 'after-one', '-' WHERE changes() = 1`.compile(db),
    ])
    expect(results.map((result) => result.changes)).toEqual([0, 0, 1, 1])
    expect(await cityCodes()).toEqual(['after-one', 'ningbo', 'zhoushan'])
  })

  it('counts only the rows a statement changes itself, never those its triggers change (as SQLite does)', async () => {
    await env.DB.batch([
      env.DB.prepare('CREATE TABLE IF NOT EXISTS city_renames (code TEXT, at INTEGER)'),
      env.DB.prepare(`CREATE TRIGGER IF NOT EXISTS city_renamed AFTER UPDATE OF name ON cities
        BEGIN INSERT INTO city_renames (code, at) VALUES (NEW.code, 1), (NEW.code, 2); END`),
    ])
    const results = await batch([
      sql`UPDATE cities SET name = name || '市' WHERE code = 'ningbo'`.compile(db),
      sql`INSERT INTO cities (code, name) SELECT 'after-one', '-' WHERE changes() = 1`.compile(db),
    ])
    expect(results.map((result) => result.changes)).toEqual([1, 1])
    expect(await cityCodes()).toEqual(['after-one', 'ningbo', 'zhoushan'])
    const direct = await db
      .updateTable('cities')
      .set({ name: '舟山市' })
      .where('code', '=', 'zhoushan')
      .executeTakeFirst()
    expect(direct.numUpdatedRows).toBe(1n)
    expect((await env.DB.prepare('SELECT count(*) AS n FROM city_renames').first())?.n).toBe(4)
  })

  it('is all or nothing: a failing statement undoes the statements before it', async () => {
    await expect(
      batch([
        sql`INSERT INTO cities (code, name) VALUES ('hangzhou', '杭州')`.compile(db),
        sql`UPDATE cities SET name = '?' WHERE code = 'zhoushan'`.compile(db),
        sql`INSERT INTO cities (code, name) VALUES ('ningbo', 'again')`.compile(db),
      ]),
    ).rejects.toThrow(/UNIQUE/)
    expect(await db.selectFrom('cities').selectAll().orderBy('code').execute()).toEqual([
      { code: 'ningbo', name: '宁波' },
      { code: 'zhoushan', name: '舟山' },
    ])
  })

  it('answers the rows of RETURNING and SELECT, counting them as the SQLite batch does', async () => {
    const [update, select] = await batch([
      sql`UPDATE cities SET name = name || '市' RETURNING code`.compile(db),
      sql`SELECT code, name FROM cities WHERE code = 'ningbo'`.compile(db),
    ])
    expect(update).toEqual({ rows: expect.arrayContaining([{ code: 'ningbo' }, { code: 'zhoushan' }]), changes: 2 })
    expect(select).toEqual({ rows: [{ code: 'ningbo', name: '宁波市' }], changes: 1 })
  })
})

describe('the Worker entry (src/worker.ts)', () => {
  beforeEach(async () => {
    await emptyDatabase(env.DB)
  })
  const request = (
    handler: ReturnType<typeof createWorkerHandler>,
    path: string,
    settings: Record<string, string> = {},
    init?: RequestInit,
  ) =>
    handler.fetch(new Request(`http://yongzhou.test${path}`, init), { ...env, ...settings }, createExecutionContext())
  const login = (handler: ReturnType<typeof createWorkerHandler>, email: string, password: string) =>
    request(
      handler,
      '/api/v1/auth/login',
      {},
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) },
    )
  const count = async (query: string) => (await env.DB.prepare(query).first<{ n: number }>())?.n

  it('answers /healthz and serves the API reference UI from the assets binding, never from a CDN', async () => {
    const worker = createWorkerHandler(quiet)
    expect(await (await request(worker, '/healthz')).json()).toEqual({ ok: true })
    const script = await request(worker, '/docs/assets/swagger-ui-bundle.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toContain('javascript')
    expect((await script.text()).length).toBeGreaterThan(100_000)
    const style = await request(worker, '/docs/assets/swagger-ui.css')
    expect(style.status).toBe(200)
    // only the two files of the page: the rest of the package is not reachable
    expect((await request(worker, '/docs/assets/package.json')).status).toBe(404)
    expect((await request(worker, '/swagger-ui-bundle.js')).status).toBe(404)
    expect(await count('SELECT count(*) AS n FROM institutions')).toBe(0) // SEED=none in the tests
  })

  it('creates the bootstrap admin from its secrets once, even when two isolates start on one database', async () => {
    const secrets = { BOOTSTRAP_ADMIN_EMAIL: 'root@platform.yz', BOOTSTRAP_ADMIN_PASSWORD: 'a long secret' }
    const isolates = [createWorkerHandler(quiet), createWorkerHandler(quiet)]
    const answers = await Promise.all(
      isolates.flatMap((worker) => [1, 2, 3].map(() => request(worker, '/healthz', secrets))),
    )
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(await count(`SELECT count(*) AS n FROM users WHERE role = 'platform_admin'`)).toBe(1)
    const signedIn = await login(isolates[1]!, 'root@platform.yz', 'a long secret')
    expect(signedIn.status).toBe(200)
    expect(((await signedIn.json()) as { user: { role: string } }).user.role).toBe('platform_admin')
  })

  it('loads the demo data into an empty database once, when concurrent first requests reach two isolates', async () => {
    const isolates = [createWorkerHandler(quiet), createWorkerHandler(quiet)]
    const answers = await Promise.all(
      isolates.flatMap((worker) => [1, 2].map(() => request(worker, '/healthz', { SEED: 'demo' }))),
    )
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200])
    expect(await count('SELECT count(*) AS n FROM institutions')).toBe(EVERY_DEMO_INSTITUTION.length)
    expect(await count('SELECT count(*) AS n FROM users')).toBe(DEMO_USERS.length)
    expect(await count('SELECT count(*) AS n FROM reservations')).toBeGreaterThan(100)
    expect((await login(isolates[0]!, 'researcher.zs@demo.yz', DEMO_PASSWORD)).status).toBe(200)
  })
})

describe('a deployment: migrations on an untouched D1 database, SEED=none', () => {
  it('has the two cities before anything else is written, as on Node', async () => {
    await applyD1Migrations(env.FRESH_DB, env.TEST_MIGRATIONS)
    const worker = createWorkerHandler(quiet)
    const answer = await worker.fetch(
      new Request('http://yongzhou.test/api/v1/cities'),
      { ...env, DB: env.FRESH_DB, SEED: 'none' },
      createExecutionContext(),
    )
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { items: unknown[] }).items).toEqual([
      { code: 'ningbo', name: '宁波' },
      { code: 'zhoushan', name: '舟山' },
    ])
    const institutions = await env.FRESH_DB.prepare('SELECT count(*) AS n FROM institutions').first<{ n: number }>()
    expect(institutions?.n).toBe(0)
  })
})
