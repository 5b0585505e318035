import { createApp } from '../../src/app.js'
import { fixedClock } from '../../src/clock.js'
import type { Batch } from '../../src/db/batch.js'
import type { SqliteConnection } from '../../src/db/connect-sqlite.js'
import type { Db } from '../../src/db/database.js'
import type { Instrument, Role } from '../../src/domain/types.js'
import type { AssetLoader } from '../../src/http/routes/docs.js'
import { insertInstrument } from '../../src/repositories/instruments.js'
import { insertUser } from '../../src/repositories/users.js'
import { hashPassword } from '../../src/security/password.js'
import { newId } from '../../src/security/tokens.js'
import { issueToken } from '../../src/services/auth.js'
import { createIdentityCache } from '../../src/services/identity-cache.js'
import { INSTRUMENT_DEFAULTS } from '../../src/services/inputs/instrument.js'
import type { ReportStore } from '../../src/services/report-store.js'

export const PASSWORD = 'correct horse battery'
/** The PUBLIC_URL of every test world: absolute links must start with it, whatever the request's Host. */
export const PUBLIC_URL = 'http://yongzhou.test:8787'
let sharedHash: Promise<string> | null = null
// One real PBKDF2 hash for every test account: hashing is slow on purpose, and tests make many users.
const passwordHash = () => (sharedHash ??= hashPassword(PASSWORD))

export interface Account {
  id: string
  email: string
  token: string
  institutionId: string | null
  role: Role
}

/** Weekdays 08:00–18:00, 30-minute slots: the plainest instrument, overridable per test. */
export const weekdayHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1, open: '08:00', close: '18:00' }))

/**
 * What a world is built on: a fresh, migrated, empty database, the runtime's API reference assets and its report
 * store (a temporary folder on Node, the local R2 of miniflare in workerd).
 */
export interface WorldBackend {
  open(): Promise<{ db: Db; batch: Batch }>
  docsAssets: AssetLoader
  reports(): Promise<ReportStore>
}

// Node + an in-memory better-sqlite3 unless a vitest project says otherwise (test/worker/setup.ts sets D1
// inside workerd, so the same test files run on both runtimes). Loaded lazily: this module must load in
// workerd, where better-sqlite3 and node:fs do not exist.
let backend: WorldBackend | null = null
export function useWorldBackend(next: WorldBackend) {
  backend = next
}
async function sqliteBackend(): Promise<WorldBackend> {
  const [{ testDatabase }, { nodeDocsAssets }, { nodeReportStore }, { tmpdir }, { join }] = await Promise.all([
    import('./database.js'),
    import('../../src/docs-assets-node.js'),
    import('../../src/services/report-store-node.js'),
    import('node:os'),
    import('node:path'),
  ])
  return {
    open: async () => testDatabase(),
    docsAssets: nodeDocsAssets,
    // a folder of its own per world, made only when a report is stored
    reports: async () => nodeReportStore(join(tmpdir(), 'yz-test-reports', String(process.pid), newId())),
  }
}

/**
 * A small world on a fresh in-memory database: two cities, three institutions, one account of every
 * role, a fixed clock (Monday 2027-03-01 08:00 in Shanghai) and the app built on them.
 * `connection.sqlite` exists on the Node backend only; tests that use it run on Node only.
 */
export async function createWorld(now = '2027-03-01T08:00:00+08:00') {
  backend ??= await sqliteBackend()
  const connection = (await backend.open()) as SqliteConnection
  const clock = fixedClock(now)
  // the identity cache of the Node server, so that every revocation test also proves it safe
  const deps = { db: connection.db, batch: connection.batch, clock, identities: createIdentityCache() }
  const reports = await backend.reports()
  const app = createApp(deps, { docsAssets: backend.docsAssets, publicUrl: PUBLIC_URL, reports })
  const { db } = connection

  await db
    .insertInto('cities')
    .values([
      { code: 'ningbo', name: '宁波' },
      { code: 'zhoushan', name: '舟山' },
    ])
    // the migrations put them there already (schema/0004); a database emptied between tests has none
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
  const institutions = {
    nbu: { id: newId(), name: '宁波大学', city: 'ningbo', kind: 'university' },
    nimte: { id: newId(), name: '中国科学院宁波材料技术与工程研究所', city: 'ningbo', kind: 'institute' },
    zjou: { id: newId(), name: '浙江海洋大学', city: 'zhoushan', kind: 'university' },
    nbTalent: { id: newId(), name: '宁波市人才办', city: 'ningbo', kind: 'government' },
  }
  await db.insertInto('institutions').values(Object.values(institutions)).execute()

  const account = async (name: string, role: Role, institutionId: string | null): Promise<Account> => {
    const id = newId()
    const email = `${name}@test.yz`
    await insertUser(
      db,
      { id, email, name, role, institutionId, passwordHash: await passwordHash(), feedKey: `feed-${id}` },
      clock(),
    )
    return { id, email, role, institutionId, token: await issueToken(deps, id) }
  }
  const accounts = {
    researcherZs: await account('researcher-zs', 'researcher', institutions.zjou.id),
    researcherZs2: await account('researcher-zs2', 'researcher', institutions.zjou.id),
    researcherNb: await account('researcher-nb', 'researcher', institutions.nbu.id),
    adminNbu: await account('admin-nbu', 'institution_admin', institutions.nbu.id),
    adminZjou: await account('admin-zjou', 'institution_admin', institutions.zjou.id),
    talent: await account('talent', 'talent_office', institutions.nbTalent.id),
    platform: await account('platform', 'platform_admin', null),
  }

  const instrument = async (overrides: Partial<Instrument> = {}): Promise<Instrument> => {
    const value: Instrument = {
      ...INSTRUMENT_DEFAULTS,
      id: newId(),
      institutionId: institutions.nbu.id,
      name: '场发射扫描电子显微镜',
      model: 'Zeiss Sigma 300',
      manufacturer: '卡尔蔡司',
      category: 'electron-optics',
      openingHours: weekdayHours,
      minMinutes: 30,
      version: 1,
      ...overrides,
    }
    await insertInstrument(db, value, clock())
    return value
  }

  /** Calls the API like a client: JSON in, parsed JSON (or text) out. */
  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.Authorization = `Bearer ${options.token}`
    let body: string | FormData | undefined
    if (options.body instanceof FormData)
      body = options.body // multipart: the runtime sets its boundary
    else if (options.body !== undefined) {
      headers['Content-Type'] ??= 'application/json'
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    }
    const response = await app.request(`/api/v1${path}`, { method, headers, body })
    const text = await response.text()
    const type = response.headers.get('content-type') ?? ''
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
    const json: any = type.includes('json') && text ? JSON.parse(text) : undefined
    return { status: response.status, headers: response.headers, json, text }
  }

  return { app, db, deps, clock, connection, institutions, accounts, instrument, call, reports }
}

export type World = Awaited<ReturnType<typeof createWorld>>

/**
 * Many researcher accounts of one institution, made like createWorld's own (one shared password hash, a token
 * issued directly), for tests that need a crowd of different users — e.g. concurrent bookings.
 */
export async function createResearchers(world: World, count: number, institutionId: string, prefix = 'crowd') {
  const hash = await passwordHash()
  const researchers: Account[] = []
  for (let i = 0; i < count; i++) {
    const id = newId()
    const email = `${prefix}-${i}@test.yz`
    const inserted = await insertUser(
      world.db,
      {
        id,
        email,
        name: `${prefix} ${i}`,
        role: 'researcher',
        institutionId,
        passwordHash: hash,
        feedKey: `feed-${id}`,
      },
      world.clock(),
    )
    if (!inserted) throw new Error(`createResearchers: ${email} exists already`)
    researchers.push({ id, email, role: 'researcher', institutionId, token: await issueToken(world.deps, id) })
  }
  return researchers
}
