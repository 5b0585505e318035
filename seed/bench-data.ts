import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { DateTime } from 'luxon'
import { migrateSqlite } from '../src/db/migrate.js'
import { readMigrations } from '../src/db/migrations-fs.js'
import { CATEGORIES } from '../src/domain/categories.js'
import type { OpeningPeriod, ReservationStatus, Weekday } from '../src/domain/types.js'
import { hashPassword } from '../src/security/password.js'
import { DEMO_CITIES, DEMO_INSTITUTIONS } from './data/institutions.js'
import { createPrng, type Prng } from './prng.js'

/*
 * The benchmark volume (issue 5): many instruments and reservations over three calendar years,
 * generated deterministically (seeded PRNG, ids derived from counters, a fixed "as of" instant),
 * written with better-sqlite3 prepared statements in one transaction. A bench tool, not demo data:
 * no audit events and one shared password hash, so a million rows take seconds, not minutes.
 */

/** Bump when the generated data changes, so cached files of an older shape are not reused. */
export const BENCH_DATA_VERSION = 3
export const BENCH_PASSWORD = 'bench1234'
export const BENCH_ZONE = 'Asia/Shanghai'

export interface BenchDataOptions {
  reservations: number
  instruments?: number
  researchers?: number
  /** The first of the three years (in Asia/Shanghai) the reservations are spread over. */
  firstYear: number
  /** Reservations ending before this are past (completed, cancelled…), those after it future. */
  asOf: number
  seed?: string
}

export interface BenchDataSummary {
  path: string
  reservations: number
  instruments: number
  /** Instruments open every day 00:00–24:00, 30-minute grid, no notice, 365-day horizon, no approval or qualification. */
  openInstrumentIds: string[]
  researcherIds: string[]
  firstYear: number
  asOf: number
  statusCounts: Record<string, number>
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const SLOT = 30 * MINUTE

/** Counter-based ids in the UUID shape: appends to the primary-key index instead of random inserts. */
export const benchId = (kind: number, n: number) =>
  `00000000-0000-4${kind.toString(16).padStart(3, '0')}-8000-${n.toString(16).padStart(12, '0')}`

const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]
const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5]
const ALWAYS_OPEN: OpeningPeriod[] = ALL_DAYS.map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))
const OFFICE: OpeningPeriod[] = WEEKDAYS.flatMap((weekday) => [
  { weekday, open: '08:30', close: '12:00' },
  { weekday, open: '13:30', close: '17:30' },
])

const DURATIONS_MIN = [30, 60, 60, 90, 120, 120, 180, 240, 360, 480] as const

interface InstrumentPlan {
  id: string
  institutionIndex: number
  open: boolean
  bufferMinutes: number
  requiresApproval: boolean
}

/** Writes a fresh database at `path` (replacing any file there) and returns what the benches need. */
export async function generateBenchData(path: string, options: BenchDataOptions): Promise<BenchDataSummary> {
  const instrumentCount = options.instruments ?? 1000
  const researcherCount = options.researchers ?? 2000
  const prng = createPrng(options.seed ?? 'yongzhou-bench')
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true })
  mkdirSync(dirname(path), { recursive: true })

  const sqlite = new SQLite(path)
  try {
    sqlite.pragma('journal_mode = OFF')
    sqlite.pragma('synchronous = OFF')
    sqlite.pragma('cache_size = -262144') // 256 MB while generating
    sqlite.pragma('temp_store = MEMORY')
    // The tables first, later migrations (indexes, the use_months triggers) after the rows are in:
    // one backfill is much faster than a trigger per row, and it exercises the migration on volume.
    const migrations = readMigrations()
    migrateSqlite(
      sqlite,
      migrations.filter((migration) => migration.name.startsWith('0001_')),
    )

    const created = Date.UTC(options.firstYear - 1, 11, 1)
    const passwordHash = await hashPassword(BENCH_PASSWORD)
    const institutions = DEMO_INSTITUTIONS.map((institution, i) => ({ ...institution, id: benchId(1, i + 1) }))
    const providers = institutions.filter((institution) => institution.kind !== 'government')

    const insertCity = sqlite.prepare('INSERT OR IGNORE INTO cities (code, name) VALUES (?, ?)')
    const insertInstitution = sqlite.prepare('INSERT INTO institutions (id, name, city, kind) VALUES (?, ?, ?, ?)')
    const insertUser = sqlite.prepare(
      `INSERT INTO users (id, email, name, password_hash, role, institution_id, active, feed_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    const insertInstrument = sqlite.prepare(
      `INSERT INTO instruments (id, institution_id, name, model, manufacturer, category, original_value, location, status,
         mode, timezone, opening_hours, slot_minutes, min_minutes, max_minutes, buffer_minutes, notice_minutes, horizon_days,
         requires_approval, requires_qualification, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', 'self', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    const insertReservation = sqlite.prepare(
      `INSERT INTO reservations (id, instrument_id, user_id, user_institution_id, start_ms, end_ms, hold_end_ms, status,
         purpose, recorded, actual_start_ms, actual_end_ms, status_reason, ics_uid, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
    )

    // Researchers: spread over the providing institutions; indexed by institution and by city.
    const researcherIds: string[] = []
    const researchersOf = providers.map(() => [] as number[])
    const researcherInstitution: number[] = []
    let userCounter = 0
    const statusCounts: Record<string, number> = {}
    const openInstrumentIds: string[] = []

    sqlite.transaction(() => {
      for (const city of DEMO_CITIES) insertCity.run(city.code, city.name)
      for (const institution of institutions)
        insertInstitution.run(institution.id, institution.name, institution.city, institution.kind)
      const addUser = (role: string, institutionId: string | null, email: string, name: string) => {
        userCounter++
        const id = benchId(2, userCounter)
        insertUser.run(id, email, name, passwordHash, role, institutionId, `bench-feed-${userCounter}`, created)
        return id
      }
      addUser('platform_admin', null, 'admin@bench.yz', '平台管理员')
      for (const institution of institutions) {
        if (institution.kind === 'government')
          addUser('talent_office', institution.id, `talent.${institution.short}@bench.yz`, `${institution.name}`)
        else
          addUser(
            'institution_admin',
            institution.id,
            `admin.${institution.short}@bench.yz`,
            `${institution.name}管理员`,
          )
      }
      const people = prng.fork('researchers')
      for (let n = 0; n < researcherCount; n++) {
        const p = people.int(0, providers.length - 1)
        const provider = providers[p]!
        researcherIds.push(addUser('researcher', provider.id, `r${n}@${provider.short}.bench.yz`, `研究员${n}`))
        researchersOf[p]!.push(n)
        researcherInstitution.push(p)
      }
    })()

    // Instruments: four in five are the bench's "open" ones, the rest keep office hours, approval and training.
    const plans: InstrumentPlan[] = []
    const shapes = prng.fork('instruments')
    sqlite.transaction(() => {
      for (let n = 0; n < instrumentCount; n++) {
        const open = n % 5 !== 4
        const institutionIndex = n % providers.length
        const category = CATEGORIES[n % CATEGORIES.length]!
        const plan: InstrumentPlan = {
          id: benchId(3, n + 1),
          institutionIndex,
          open,
          bufferMinutes: shapes.chance(0.3) ? 15 : 0,
          requiresApproval: !open && shapes.chance(0.6),
        }
        plans.push(plan)
        if (open) openInstrumentIds.push(plan.id)
        insertInstrument.run(
          plan.id,
          providers[institutionIndex]!.id,
          `${category.name} ${String(n + 1).padStart(4, '0')}`,
          `BX-${shapes.int(100, 999)}`,
          shapes.pick(['Thermo Fisher', 'ZEISS', 'Bruker', 'Agilent', 'Shimadzu', 'JEOL', 'Hitachi', '聚光科技']),
          category.code,
          shapes.int(20, 3000) * 10_000,
          `${providers[institutionIndex]!.campus} ${shapes.int(1, 9)}号楼`,
          BENCH_ZONE,
          JSON.stringify(open ? ALWAYS_OPEN : OFFICE),
          30,
          30,
          open ? 480 : 240,
          plan.bufferMinutes,
          open ? 0 : 1440,
          open ? 365 : 60,
          plan.requiresApproval ? 1 : 0,
          open ? 0 : 1,
          created,
          created,
        )
      }
    })()

    // Reservations: each instrument's timeline is cut into equal cells and each reservation lies in
    // its own cell, buffer included, so no two reservations of an instrument overlap whatever their status.
    const spanStart = DateTime.fromObject({ year: options.firstYear }, { zone: BENCH_ZONE }).toMillis()
    const spanEnd = DateTime.fromObject({ year: options.firstYear + 3 }, { zone: BENCH_ZONE }).toMillis()
    const asOf = options.asOf
    const bookings = prng.fork('reservations')
    const pickResearcher = (rng: Prng, providerIndex: number): number => {
      const roll = rng.next()
      const own = researchersOf[providerIndex]!
      if (roll < 0.45 && own.length > 0) return rng.pick(own)
      const city = providers[providerIndex]!.city
      for (let tries = 0; tries < 20; tries++) {
        const candidate = rng.int(0, researcherCount - 1)
        const sameCity = providers[researcherInstitution[candidate]!]!.city === city
        if (roll < 0.8 ? sameCity : !sameCity) return candidate
      }
      return rng.int(0, researcherCount - 1)
    }
    let reservationCounter = 0
    const purposes = ['', '', '样品形貌观察', '成分分析', '课题组例行测试', '学位论文实验', '企业委托检测']
    const count = (status: string) => {
      statusCounts[status] = (statusCounts[status] ?? 0) + 1
    }
    sqlite.transaction(() => {
      for (let n = 0; n < instrumentCount; n++) {
        const plan = plans[n]!
        const perInstrument =
          Math.floor(options.reservations / instrumentCount) + (n < options.reservations % instrumentCount ? 1 : 0)
        if (perInstrument === 0) continue
        const cellSlots = Math.max(2, Math.floor((spanEnd - spanStart) / SLOT / perInstrument))
        const buffer = plan.bufferMinutes * MINUTE
        for (let k = 0; k < perInstrument; k++) {
          const cellStart = spanStart + k * cellSlots * SLOT
          const cellEnd = cellStart + cellSlots * SLOT
          let duration = Math.min(bookings.pick(DURATIONS_MIN), plan.open ? 480 : 240) * MINUTE
          const room = cellEnd - cellStart - buffer
          if (duration > room) duration = Math.max(SLOT, Math.floor(room / SLOT) * SLOT)
          if (duration + buffer > cellEnd - cellStart) duration = SLOT // tiny cells: hold just fits (buffer ≤ 15 min)
          const lastStartSlot = Math.floor((cellEnd - cellStart - buffer - duration) / SLOT)
          const start = cellStart + bookings.int(0, Math.max(0, lastStartSlot)) * SLOT
          const end = start + duration
          const holdEnd = end + buffer
          const researcher = pickResearcher(bookings, plan.institutionIndex)
          const createdAt = Math.max(spanStart - 30 * 24 * HOUR, start - bookings.int(1, 21 * 24) * HOUR)
          let status: ReservationStatus
          let actualStart: number | null = null
          let actualEnd: number | null = null
          let reason: string | null = null
          let updatedAt = createdAt
          const roll = bookings.next()
          if (end <= asOf) {
            updatedAt = end
            if (roll < 0.78) {
              status = 'completed'
              actualStart = start + bookings.int(-10, 10) * MINUTE
              actualEnd = Math.max(actualStart + MINUTE, end + bookings.int(-20, 10) * MINUTE)
            } else if (roll < 0.81)
              status = 'confirmed' // took place, never checked out: still a use
            else if (roll < 0.85) status = 'no_show'
            else if (roll < 0.88 && plan.requiresApproval) status = 'rejected'
            else if (roll < 0.9 && plan.requiresApproval) status = 'expired'
            else status = 'cancelled'
            if (status === 'cancelled' || status === 'rejected') reason = '时间冲突，改期'
            if (status === 'expired') reason = 'still undecided when its start arrived'
          } else if (start <= asOf) {
            status = 'in_use'
            actualStart = start
          } else if (roll < 0.12) {
            status = 'cancelled'
            reason = '计划调整'
          } else if (plan.requiresApproval && roll < 0.4) status = 'pending'
          else if (plan.requiresApproval && roll < 0.43) status = 'rejected'
          else status = 'confirmed'
          count(status)
          reservationCounter++
          insertReservation.run(
            benchId(4, reservationCounter),
            plan.id,
            researcherIds[researcher],
            providers[researcherInstitution[researcher]!]!.id,
            start,
            end,
            holdEnd,
            status,
            bookings.pick(purposes),
            actualStart,
            actualEnd,
            reason,
            `bench-${reservationCounter}@yongzhou`,
            status === 'confirmed' && end > asOf ? 1 : 2,
            createdAt,
            updatedAt,
          )
        }
      }
    })()
    migrateSqlite(sqlite, migrations)
    sqlite.pragma('journal_mode = WAL')
    return {
      path,
      reservations: reservationCounter,
      instruments: instrumentCount,
      openInstrumentIds,
      researcherIds,
      firstYear: options.firstYear,
      asOf,
      statusCounts,
    }
  } finally {
    sqlite.close()
  }
}

export const BENCH_DIR = fileURLToPath(new URL('../data/bench/', import.meta.url))

/**
 * The bench database of `reservations` rows for the month of `now`, generated once and reused:
 * the file name carries the size, the month and the generator version. The three years are the
 * previous, the current and the next calendar year; "as of" is the first of the current month (UTC).
 */
export async function cachedBenchData(
  reservations: number,
  now = Date.now(),
): Promise<{ summary: BenchDataSummary; generated: boolean; ms: number }> {
  const today = new Date(now)
  const asOf = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)
  const firstYear = today.getUTCFullYear() - 1
  const month = `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`
  const path = join(BENCH_DIR, `bench-v${BENCH_DATA_VERSION}-${reservations}-${month}.db`)
  const options = { reservations, firstYear, asOf }
  const started = performance.now()
  if (existsSync(path)) {
    // The summary is cheap to rebuild: generate into memory-free bookkeeping only when needed.
    const summary = summarise(path, options)
    return { summary, generated: false, ms: performance.now() - started }
  }
  const temporary = `${path}.tmp-${process.pid}`
  const summary = await generateBenchData(temporary, options)
  // WAL was switched on at the end; fold it in so the cached file is complete on its own.
  const sqlite = new SQLite(temporary)
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.pragma('journal_mode = DELETE')
  sqlite.close()
  renameSync(temporary, path)
  return { summary: { ...summary, path }, generated: true, ms: performance.now() - started }
}

/** The summary of an already generated file, read back from it. */
function summarise(path: string, options: { reservations: number; firstYear: number; asOf: number }): BenchDataSummary {
  const sqlite = new SQLite(path, { readonly: true })
  try {
    const openInstrumentIds = (
      sqlite
        .prepare(
          `SELECT id FROM instruments WHERE requires_approval = 0 AND requires_qualification = 0 AND notice_minutes = 0
           ORDER BY id`,
        )
        .all() as { id: string }[]
    ).map((row) => row.id)
    const researcherIds = (
      sqlite.prepare(`SELECT id FROM users WHERE role = 'researcher' ORDER BY id`).all() as { id: string }[]
    ).map((row) => row.id)
    const statusCounts = Object.fromEntries(
      (
        sqlite.prepare('SELECT status, COUNT(*) AS n FROM reservations GROUP BY status').all() as {
          status: string
          n: number
        }[]
      ).map((row) => [row.status, row.n]),
    )
    const instruments = (sqlite.prepare('SELECT COUNT(*) AS n FROM instruments').get() as { n: number }).n
    return {
      path,
      reservations: options.reservations,
      instruments,
      openInstrumentIds,
      researcherIds,
      firstYear: options.firstYear,
      asOf: options.asOf,
      statusCounts,
    }
  } finally {
    sqlite.close()
  }
}
