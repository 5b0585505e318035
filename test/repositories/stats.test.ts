import type { Insertable } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqliteConnection } from '../../src/db/connect-sqlite.js'
import type { ReservationsTable } from '../../src/db/database.js'
import { CATEGORY_CODES } from '../../src/domain/categories.js'
import { aggregateUses, groupUses } from '../../src/domain/sharing/aggregation.js'
import { isUse, type UseRecord, yearBounds, yearOf } from '../../src/domain/sharing/counting.js'
import type { ReservationStatus } from '../../src/domain/types.js'
import {
  findTarget,
  listUseGroups,
  listUseRecords,
  loadInstitutionsAndCities,
  setTarget,
} from '../../src/repositories/stats.js'
import { sharingCsv } from '../../src/services/sharing-csv.js'
import { getSharingCsv, getSharingStats } from '../../src/services/sharing-stats.js'
import { testDatabase } from '../support/database.js'
import { generateOrders } from '../support/order-records.js'
import { allUseRecords } from '../support/use-records.js'

/** mulberry32: a small seeded PRNG, so every run inserts the same data. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T
  return { next, int, pick }
}

const MINUTE = 60_000
const NOW = Date.parse('2027-01-20T12:00:00+08:00')
const NEW_YEAR = yearBounds(2027).start // 2026-12-31T16:00:00Z
const STATUSES: ReservationStatus[] = [
  'pending',
  'confirmed',
  'in_use',
  'completed',
  'rejected',
  'cancelled',
  'expired',
  'no_show',
]
const INSTITUTIONS = [
  { id: 'nb-1', name: '宁波大学', city: 'ningbo', kind: 'university' },
  { id: 'nb-2', name: '中科院宁波材料所', city: 'ningbo', kind: 'institute' },
  { id: 'nb-3', name: '宁波市第一医院', city: 'ningbo', kind: 'hospital' },
  { id: 'zs-1', name: '浙江海洋大学', city: 'zhoushan', kind: 'university' },
  { id: 'zs-2', name: '舟山海洋研究中心', city: 'zhoushan', kind: 'institute' },
  { id: 'sh-1', name: '上海海洋研究所', city: 'shanghai', kind: 'institute' },
]
const PERSON = (i: number) => `Researcher Person-${i}`
const INSTRUMENT_NAMES = ['SEM', 'NMR 600 MHz', 'X-ray, diffractometer', '=HPLC-MS', 'Confocal "LSM"', '@CTD probe']

async function insertData(connection: SqliteConnection): Promise<void> {
  const { db } = connection
  const random = prng(20270101)
  await db
    .insertInto('cities')
    .values([
      { code: 'ningbo', name: '宁波' },
      { code: 'zhoushan', name: '舟山' },
      { code: 'shanghai', name: '上海' },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
  await db.insertInto('institutions').values(INSTITUTIONS).execute()
  await db
    .insertInto('users')
    .values(
      INSTITUTIONS.map((institution, i) => ({
        id: `u-${institution.id}`,
        email: `person${i}@example.org`,
        name: PERSON(i),
        password_hash: 'x',
        role: 'researcher',
        institution_id: institution.id,
        feed_key: `feed-${i}`,
        created_at: 0,
      })),
    )
    .execute()
  const instruments = Array.from({ length: 14 }, (_, i) => ({
    id: `ins-${String(i).padStart(2, '0')}`,
    institution_id: random.pick(INSTITUTIONS).id,
    name: `${random.pick(INSTRUMENT_NAMES)} ${i}`,
    category: random.pick(CATEGORY_CODES),
    opening_hours: '[]',
    slot_minutes: 30,
    min_minutes: 30,
    max_minutes: 480,
    buffer_minutes: 0,
    notice_minutes: 60,
    horizon_days: 30,
    requires_approval: 0,
    requires_qualification: 0,
    created_at: 0,
    updated_at: 0,
  }))
  await db.insertInto('instruments').values(instruments).execute()

  const windowStart = Date.parse('2026-11-01T00:00:00+08:00')
  const windowEnd = Date.parse('2027-02-28T00:00:00+08:00')
  const reservations: Insertable<ReservationsTable>[] = []
  for (let i = 0; i < 2000; i++) {
    let start: number
    const shape = random.next()
    if (i < 4) start = [NEW_YEAR, NEW_YEAR - 1, NEW_YEAR - 30 * MINUTE, NEW_YEAR + 1][i] as number
    else if (shape < 0.25)
      start = NEW_YEAR + random.int(-6 * 60, 6 * 60) * MINUTE // around New Year's midnight
    else if (shape < 0.3)
      start = NOW + random.int(-6 * 60, 6 * 60) * MINUTE // around now
    else start = windowStart + random.int(0, (windowEnd - windowStart) / MINUTE) * MINUTE
    if (random.next() < 0.1) start += random.int(1, 59_999) // off the minute grid
    const end = start + random.int(1, 40) * 15 * MINUTE
    let actualStart: number | null = null
    let actualEnd: number | null = null
    const checked = random.next()
    if (checked < 0.6) actualStart = start + random.int(-15 * 60, 30 * 60) * 1000 + random.int(0, 999)
    if (actualStart !== null && checked < 0.35)
      actualEnd = actualStart + random.int(1, (end - start) / 1000 + 1800) * 1000
    const userInstitution = random.pick(INSTITUTIONS)
    reservations.push({
      id: `res-${String(random.int(0, 9999)).padStart(4, '0')}-${i}`, // ids not in start order
      instrument_id: random.pick(instruments).id,
      user_id: `u-${userInstitution.id}`,
      user_institution_id: userInstitution.id,
      start_ms: start,
      end_ms: end,
      hold_end_ms: end + random.int(0, 2) * 15 * MINUTE,
      status: random.pick(STATUSES),
      recorded: 0,
      actual_start_ms: actualStart,
      actual_end_ms: actualEnd,
      ics_uid: `uid-${i}@test`,
      version: 1,
      created_at: 0,
      updated_at: 0,
    })
  }
  // Boundary cases, whatever the dice said: uses starting at and around New Year's midnight,
  // and confirmed / in-use reservations ending exactly at `now` (they count) or just after it.
  const boundaries: [number, ReservationStatus, number?][] = [
    [0, 'completed'],
    [1, 'completed'],
    [2, 'confirmed'],
    [3, 'in_use'],
    [4, 'confirmed', NOW],
    [5, 'in_use', NOW],
    [6, 'confirmed', NOW + 1],
    [7, 'in_use', NOW + 1],
  ]
  for (const [i, status, end] of boundaries) {
    const r = reservations[i]!
    r.status = status
    if (end !== undefined) Object.assign(r, { start_ms: end - 60 * MINUTE, end_ms: end, hold_end_ms: end })
  }
  // Sample orders in every status, reported around New Year's midnight, around now and anywhere in the window, each
  // with runs that are never uses of their own (test/support/order-records.ts).
  const { orders, runs } = generateOrders({
    random,
    count: 400,
    instrumentIds: instruments.map((i) => i.id),
    requesters: INSTITUTIONS.map((i) => ({ userId: `u-${i.id}`, institutionId: i.id })),
    reportedAt: (i, dice) => {
      const shape = dice.next()
      const reported =
        shape < 0.25
          ? NEW_YEAR + dice.int(-3 * 60, 3 * 60) * MINUTE
          : shape < 0.3
            ? NOW - dice.int(0, 6 * 60) * MINUTE
            : windowStart + dice.int(0, (NOW - windowStart) / MINUTE) * MINUTE
      return i < 2 ? ([NEW_YEAR, NEW_YEAR - 1][i] as number) : reported
    },
  })
  reservations.push(...runs)
  for (let i = 0; i < orders.length; i += 40)
    await db
      .insertInto('orders')
      .values(orders.slice(i, i + 40))
      .execute()
  for (let i = 0; i < reservations.length; i += 100) {
    await db
      .insertInto('reservations')
      .values(reservations.slice(i, i + 100))
      .execute()
  }
}

describe('sharing statistics: SQL and the pure rule agree', () => {
  let connection: SqliteConnection
  let records: UseRecord[]

  beforeAll(async () => {
    connection = testDatabase()
    await insertData(connection)
    records = await allUseRecords(connection.db)
  })
  afterAll(async () => {
    await connection.close()
  })

  const cases = [2026, 2027].flatMap((year) =>
    [undefined, 'zs-1', 'nb-2'].map((provider) => ({ year, provider: provider as string | undefined })),
  )

  it.each(cases)('year $year, provider $provider', async ({ year, provider }) => {
    const mine = records.filter((r) => provider === undefined || r.providerInstitutionId === provider)
    const { institutions, cities } = await loadInstitutionsAndCities(connection.db)
    const pureGroups = groupUses(mine, year, NOW, institutions)
    const sqlGroups = await listUseGroups(connection.db, year, NOW, provider)
    expect(sqlGroups).toEqual(pureGroups)

    const { start, end } = yearBounds(year)
    const pureRecords = mine
      .filter((r) => r.start >= start && r.start < end && isUse(r, NOW))
      .sort((a, b) => a.start - b.start || (a.reservationId < b.reservationId ? -1 : 1))
    const sqlRecords = await listUseRecords(connection.db, year, NOW, provider)
    expect(sqlRecords).toEqual(pureRecords)

    const ctx = { year, now: NOW, target: await findTarget(connection.db, year), cities, institutions }
    const pureStats = aggregateUses(pureGroups, ctx)
    expect(aggregateUses(sqlGroups, ctx)).toEqual(pureStats)
    expect(await getSharingStats(connection.db, { year, now: NOW, providerInstitutionId: provider })).toEqual(pureStats)

    // the data exercises what it should
    expect(pureStats.totalUses).toBe(pureRecords.length)
    expect(pureStats.totalUses).toBeGreaterThan(provider ? 20 : 150)
    expect(pureStats.crossCityUses).toBeGreaterThan(0)
    expect(pureStats.sharedUses).toBeGreaterThan(pureStats.crossCityUses)
    expect(pureStats.byDirection).toHaveLength(6)

    const csv = await getSharingCsv(connection.db, { year, now: NOW, providerInstitutionId: provider })
    expect(csv).toBe(sharingCsv(pureRecords, institutions))
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.split('\r\n').filter((line) => line.startsWith('res-') || line.startsWith('ord-'))
    expect(lines).toHaveLength(pureStats.totalUses)
    // orders are among the uses, and no run is
    expect(pureRecords.filter((r) => r.kind === 'order').length).toBeGreaterThan(provider ? 1 : 40)
    expect(lines.filter((line) => line.startsWith('ord-')).every((line) => line.split(',').at(-2) === 'order')).toBe(
      true,
    )
    expect(csv).not.toContain('run-')
    expect(csv).not.toContain('Person-')
    expect(csv).not.toContain('@example.org')
  })

  it('counts the uses around New Year by their start in Shanghai', async () => {
    const groups2026 = await listUseGroups(connection.db, 2026, NOW)
    const groups2027 = await listUseGroups(connection.db, 2027, NOW)
    expect(groups2026.some((g) => g.month === 12)).toBe(true)
    expect(groups2027.some((g) => g.month === 1)).toBe(true)
    const ids2026 = new Set((await listUseRecords(connection.db, 2026, NOW)).map((r) => r.reservationId))
    const ids2027 = new Set((await listUseRecords(connection.db, 2027, NOW)).map((r) => r.reservationId))
    const atBoundary = records.filter((r) => Math.abs(r.start - NEW_YEAR) <= 30 * MINUTE && isUse(r, NOW))
    expect(atBoundary.length).toBeGreaterThan(0)
    for (const r of atBoundary) {
      expect(ids2026.has(r.reservationId)).toBe(yearOf(r.start) === 2026)
      expect(ids2027.has(r.reservationId)).toBe(yearOf(r.start) === 2027)
    }
  })

  it('answers an empty year with zeros', async () => {
    expect(await listUseGroups(connection.db, 2030, NOW)).toEqual([])
    const stats = await getSharingStats(connection.db, { year: 2030, now: NOW })
    expect(stats.totalUses).toBe(0)
    expect(stats.byMonth).toHaveLength(12)
  })
})

describe('targets', () => {
  it('defaults to 500 and is set per year by an upsert', async () => {
    const connection = testDatabase()
    const { db } = connection
    await db
      .insertInto('institutions')
      .values({ id: 'gov', name: '宁波人才办', city: 'ningbo', kind: 'government' })
      .execute()
    await db
      .insertInto('users')
      .values({
        id: 'office',
        email: 'office@example.org',
        name: 'Office',
        password_hash: 'x',
        role: 'talent_office',
        institution_id: 'gov',
        feed_key: 'feed',
        created_at: 0,
      })
      .execute()
    expect(await findTarget(db, 2027)).toBe(500)
    await setTarget(db, 2027, 600, 'office', NOW)
    await setTarget(db, 2027, 650, 'office', NOW + 1)
    expect(await findTarget(db, 2027)).toBe(650)
    expect(await findTarget(db, 2028)).toBe(500)
    expect(await db.selectFrom('targets').selectAll().execute()).toEqual([
      { year: 2027, target: 650, set_by: 'office', set_at: NOW + 1 },
    ])
    const stats = await getSharingStats(db, { year: 2027, now: NOW })
    expect(stats.target).toBe(650)
    // both cities exist in every database (schema/0004), so both directions are listed, with zeros
    expect(stats.byDirection).toEqual([
      { from: 'ningbo', to: 'zhoushan', uses: 0 },
      { from: 'zhoushan', to: 'ningbo', uses: 0 },
    ])
    await connection.close()
  })
})
