import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateBenchData } from '../../seed/bench-data.js'
import { createPrng } from '../../seed/prng.js'
import { connectSqlite, type SqliteConnection } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'
import { evaluate } from '../../src/domain/evaluation/figures.js'
import { groupEvaluationUses, groupIncome, type IncomeEntry } from '../../src/domain/evaluation/groups.js'
import { statusAt } from '../../src/domain/evaluation/status-history.js'
import { meansInForce } from '../../src/domain/evaluation-means.js'
import { monthOrdOf } from '../../src/domain/money/months.js'
import { type RatingSums, sumRatings } from '../../src/domain/ratings.js'
import { yearBounds } from '../../src/domain/sharing/counting.js'
import type { InstitutionKind, InstrumentStatus } from '../../src/domain/types.js'
import {
  listEvaluationRatingSums,
  listEvaluationUseGroups,
  listIncomeGroups,
  listInstrumentsForEvaluation,
  listStatusChanges,
} from '../../src/repositories/evaluation.js'
import { setNationalMeans } from '../../src/repositories/evaluation-means.js'
import { getEvaluation } from '../../src/services/evaluation.js'
import { generateOrders } from '../support/order-records.js'
import { allUseRecords } from '../support/use-records.js'

/*
 * The evaluation's SQL (schema/0007's per-instrument aggregate kept by triggers, the live uses, the sample orders
 * and their runs, the income of the billing entries, the ratings, the status changes of the audit trail) against the
 * pure module on generated data: whatever the writes, the SQL groups are those of the pure rule over every
 * reservation, order and entry, and the service's figures are the pure fold of the pure groups.
 */

const dir = mkdtempSync(join(tmpdir(), 'evaluation-test-'))
const NOW = Date.parse('2026-11-01T11:17:00+08:00')
const DAY = 24 * 3_600_000
const YEARS = [2025, 2026, 2027]

let connection: SqliteConnection
let institutionIds: string[]

/** Every billing entry, as the pure income grouping reads it. */
async function allIncomeEntries(): Promise<(IncomeEntry & { ownerId: string })[]> {
  const rows = await connection.db
    .selectFrom('billing_entries as e')
    .innerJoin('instruments as i', 'i.id', 'e.instrument_id')
    .select([
      'e.instrument_id',
      'e.provider_institution_id',
      'e.payer_institution_id',
      'e.month_ord',
      'e.charge_fen',
      'i.institution_id',
    ])
    .execute()
  return rows.map((row) => ({
    instrumentId: row.instrument_id,
    providerInstitutionId: row.provider_institution_id,
    payerInstitutionId: row.payer_institution_id,
    monthOrd: row.month_ord,
    chargeFen: row.charge_fen,
    ownerId: row.institution_id,
  }))
}

/** Every rating with its instrument's owner, as the pure sums read them. */
async function allRatings() {
  return connection.db
    .selectFrom('ratings as r')
    .innerJoin('instruments as i', 'i.id', 'r.instrument_id')
    .select(['r.instrument_id', 'r.timeliness', 'r.quality', 'r.staff', 'r.use_at', 'i.institution_id'])
    .execute()
}

/** The pure sums of the ratings of the uses of `year` (by the use's date), by instrument. */
function ratingSumsOfYear(
  ratings: Awaited<ReturnType<typeof allRatings>>,
  year: number,
  owner: string | undefined,
): Map<string, RatingSums> {
  const { start, end } = yearBounds(year)
  const byInstrument = new Map<string, { timeliness: number; quality: number; staff: number }[]>()
  for (const r of ratings)
    if (r.use_at >= start && r.use_at < end && (owner === undefined || r.institution_id === owner))
      byInstrument.set(r.instrument_id, [...(byInstrument.get(r.instrument_id) ?? []), r])
  return new Map([...byInstrument].map(([id, list]) => [id, sumRatings(list)]))
}

async function expectAgreement() {
  const { db } = connection
  const records = await allUseRecords(db)
  const entries = await allIncomeEntries()
  const ratings = await allRatings()
  let uses = 0
  let orders = 0
  let samples = 0
  let rated = 0
  for (const year of YEARS)
    for (const owner of [undefined, ...institutionIds.slice(0, 2)]) {
      const mine = records.filter((r) => owner === undefined || r.providerInstitutionId === owner)
      const expected = groupEvaluationUses(mine, year, NOW)
      expect(await listEvaluationUseGroups(db, year, NOW, owner)).toEqual(expected)
      uses += expected.reduce((n, g) => n + g.uses, 0)
      samples += expected.reduce((n, g) => n + g.samples, 0)
      orders += mine.filter(
        (r) => r.kind === 'order' && r.start >= yearBounds(year).start && r.start < yearBounds(year).end,
      ).length
      const ratingSums = ratingSumsOfYear(ratings, year, owner)
      expect(await listEvaluationRatingSums(db, year, owner)).toEqual(ratingSums)
      rated += [...ratingSums.values()].reduce((n, sums) => n + sums.count, 0)
      const income = groupIncome(
        entries.filter((e) => owner === undefined || e.ownerId === owner),
        year,
      )
      expect(await listIncomeGroups(db, year, owner)).toEqual(income)
    }
  // the data exercises what it should: orders (reported or not) with samples, ratings in every year
  expect(uses).toBeGreaterThan(1000)
  expect(orders).toBeGreaterThan(100)
  expect(samples).toBeGreaterThan(500)
  expect(rated).toBeGreaterThan(100)
}

describe('the evaluation’s SQL and the pure module agree', () => {
  beforeAll(async () => {
    const { path } = await generateBenchData(join(dir, 'evaluation.db'), {
      reservations: 3000,
      instruments: 30,
      researchers: 80,
      firstYear: 2025,
      asOf: NOW - 7 * DAY,
      seed: 'evaluation-test',
    })
    connection = connectSqlite(path)
    const { sqlite } = connection
    // an enterprise among the users: some uses move to it (and the triggers follow the update)
    sqlite
      .prepare(
        `INSERT INTO institutions (id, name, city, kind) VALUES ('co-zs', '舟山某科技有限公司', 'zhoushan', 'enterprise')`,
      )
      .run()
    sqlite.exec(`UPDATE reservations SET user_institution_id = 'co-zs' WHERE id IN
      (SELECT id FROM reservations WHERE status = 'completed' ORDER BY id LIMIT 120)`)
    institutionIds = (
      sqlite.prepare('SELECT DISTINCT institution_id AS id FROM instruments ORDER BY id').all() as { id: string }[]
    ).map((row) => row.id)

    // sample orders with their runs, reported around the New Years' midnights, around now and anywhere in 2025–2026
    const requesters = (
      sqlite.prepare(`SELECT id, institution_id FROM users WHERE role = 'researcher' ORDER BY id`).all() as {
        id: string
        institution_id: string
      }[]
    ).map((u) => ({ userId: u.id, institutionId: u.institution_id }))
    const instrumentIds = (sqlite.prepare('SELECT id FROM instruments ORDER BY id').all() as { id: string }[]).map(
      (row) => row.id,
    )
    const { orders, runs } = generateOrders({
      random: createPrng('evaluation-orders'),
      count: 600,
      instrumentIds,
      requesters,
      reportedAt: (i, dice) => {
        const newYear = yearBounds(dice.pick(YEARS)).start
        const shape = dice.next()
        if (i < 2) return newYear - i // at New Year's midnight in Shanghai, and a millisecond before
        if (shape < 0.25) return newYear + dice.int(-3 * 60, 3 * 60) * 60_000
        if (shape < 0.3) return NOW - dice.int(0, 6 * 60) * 60_000
        return yearBounds(2025).start + dice.int(0, (NOW - yearBounds(2025).start) / 60_000) * 60_000
      },
    })
    for (let i = 0; i < orders.length; i += 40)
      await connection.db
        .insertInto('orders')
        .values(orders.slice(i, i + 40))
        .execute()
    for (let i = 0; i < runs.length; i += 60)
      await connection.db
        .insertInto('reservations')
        .values(runs.slice(i, i + 60))
        .execute()

    // ratings of uses and of orders (and of a few things that are no uses: the SQL reads ratings as they are)
    const rateRandom = createPrng('evaluation-ratings')
    const insertRating = sqlite.prepare(
      `INSERT INTO ratings (id, instrument_id, user_id, reservation_id, order_id, timeliness, quality, staff, use_at,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    )
    const score = () => rateRandom.int(1, 5)
    sqlite.transaction(() => {
      const rated = sqlite
        .prepare(`SELECT id, instrument_id, user_id, start_ms FROM reservations WHERE status = 'completed'
          AND order_id IS NULL ORDER BY id`)
        .all() as { id: string; instrument_id: string; user_id: string; start_ms: number }[]
      for (const r of rated)
        if (rateRandom.chance(0.15))
          insertRating.run(`rt-${r.id}`, r.instrument_id, r.user_id, r.id, null, score(), score(), score(), r.start_ms)
      for (const o of orders)
        if (o.reported_at != null && rateRandom.chance(0.5))
          insertRating.run(
            `ro-${o.id}`,
            o.instrument_id,
            o.user_id,
            null,
            o.id,
            score(),
            score(),
            score(),
            o.reported_at,
          )
    })()

    // billing entries: charges, fees and reversals of random reservations, months around the years' edges
    const random = createPrng('evaluation-income')
    const reservations = sqlite
      .prepare(
        `SELECT r.id, r.instrument_id, r.user_id, r.user_institution_id, r.start_ms, i.institution_id AS provider
         FROM reservations r JOIN instruments i ON i.id = r.instrument_id ORDER BY r.id`,
      )
      .all() as {
      id: string
      instrument_id: string
      user_id: string
      user_institution_id: string
      start_ms: number
      provider: string
    }[]
    const insert = sqlite.prepare(
      `INSERT INTO billing_entries (kind, reservation_id, provider_institution_id, payer_institution_id, instrument_id,
         user_id, use_start_ms, month_ord, price_class, unit, quantity_units, unit_price_fen, charge_fen, deduction_fen,
         payable_fen, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'hour', 60, 10000, ?, ?, ?, 0)`,
    )
    sqlite.transaction(() => {
      for (let n = 0; n < 1500; n++) {
        const r = random.pick(reservations)
        const kind = random.pick(['charge', 'charge', 'charge', 'fee', 'reversal'] as const)
        const charge = random.int(0, 200_000) * (kind === 'reversal' ? -1 : 1)
        const deduction = kind === 'charge' ? Math.min(charge, random.int(0, 50_000)) : 0
        const internal = r.user_institution_id === r.provider
        insert.run(
          kind,
          r.id,
          r.provider,
          r.user_institution_id,
          r.instrument_id,
          r.user_id,
          r.start_ms,
          monthOrdOf(r.start_ms),
          internal ? 'internal' : 'academic',
          charge,
          deduction,
          charge - deduction,
        )
      }
    })()

    // status changes: one instrument retired before 2026 began, one retired in 2026, one back from maintenance
    const [a, b, c] = institutionIds.length > 0 ? listIds(sqlite) : []
    const event = sqlite.prepare(
      `INSERT INTO instrument_events (instrument_id, actor_id, at, changes) VALUES (?, NULL, ?, ?)`,
    )
    const change = (from: InstrumentStatus, to: InstrumentStatus) => JSON.stringify({ status: { from, to } })
    event.run(a, Date.parse('2025-06-30T10:00:00+08:00'), change('active', 'retired'))
    event.run(b, Date.parse('2026-03-01T10:00:00+08:00'), change('active', 'retired'))
    event.run(c, Date.parse('2025-03-01T10:00:00+08:00'), change('active', 'maintenance'))
    event.run(c, Date.parse('2025-03-09T10:00:00+08:00'), change('maintenance', 'active'))
    event.run(c, Date.parse('2025-04-01T10:00:00+08:00'), JSON.stringify({ name: { from: 'x', to: 'y' } }))
    sqlite.prepare(`UPDATE instruments SET status = 'retired' WHERE id IN (?, ?)`).run(a, b)

    await setNationalMeans(connection.db, { year: 2025, effectiveHours: 1599, externalHours: 273 }, null, NOW)
  })
  afterAll(async () => {
    await connection.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('agrees after inserts', async () => {
    await expectAgreement()
  })

  it('reads the status changes of the audit trail, and only those', async () => {
    const [a, , c] = listIds(connection.sqlite)
    const changes = await listStatusChanges(connection.db)
    expect(changes.get(c!)).toEqual([
      { at: Date.parse('2025-03-01T10:00:00+08:00'), from: 'active', to: 'maintenance' },
      { at: Date.parse('2025-03-09T10:00:00+08:00'), from: 'maintenance', to: 'active' },
    ])
    expect(statusAt('retired', changes.get(a!) ?? [], yearBounds(2026).start)).toBe('retired')
    expect(statusAt('retired', changes.get(a!) ?? [], yearBounds(2025).start)).toBe('active')
  })

  it('gives the figures of the pure fold over the pure groups', async () => {
    const { db } = connection
    const records = await allUseRecords(db)
    const entries = await allIncomeEntries()
    const ratings = await allRatings()
    const institutions = connection.sqlite.prepare('SELECT id, name, kind FROM institutions').all() as {
      id: string
      name: string
      kind: InstitutionKind
    }[]
    const instruments = await listInstrumentsForEvaluation(db)
    const changes = await listStatusChanges(db)
    for (const year of YEARS)
      for (const owner of [undefined, institutionIds[0]!]) {
        const mine = instruments.filter((i) => owner === undefined || i.institutionId === owner)
        const expected = evaluate({
          year,
          now: NOW,
          means: meansInForce([{ year: 2025, effectiveHours: 1599, externalHours: 273 }], year),
          instruments: mine.map((i) => ({
            ...i,
            retiredBeforeYear: statusAt(i.status, changes.get(i.id) ?? [], yearBounds(year).start) === 'retired',
          })),
          institutionIds: owner ? [owner] : [...new Set(mine.map((i) => i.institutionId))],
          institutionKinds: new Map(institutions.map((i) => [i.id, i.kind])),
          institutionNames: new Map(institutions.map((i) => [i.id, i.name])),
          uses: groupEvaluationUses(
            records.filter((r) => owner === undefined || r.providerInstitutionId === owner),
            year,
            NOW,
          ),
          income: groupIncome(
            entries.filter((e) => owner === undefined || e.ownerId === owner),
            year,
          ),
          ratings: ratingSumsOfYear(ratings, year, owner),
        })
        const figures = await getEvaluation(db, { year, now: NOW, institutionId: owner })
        expect(figures).toEqual(expected)
        if (year === 2026 && owner === undefined) {
          // the data exercises what it should
          expect(figures.thresholds).toMatchObject({ daysCounted: 305 })
          expect(figures.nationalMeans).toMatchObject({ year: 2025 })
          expect(figures.instruments.some((f) => f.enterprises > 0)).toBe(true)
          expect(figures.instruments.some((f) => f.incomeFen.internal !== 0 && f.incomeFen.external !== 0)).toBe(true)
          expect(figures.instruments.some((f) => f.flags.length > 0)).toBe(true)
          expect(figures.instruments.some((f) => !f.large)).toBe(true)
          expect(figures.instruments.some((f) => f.samples > 0)).toBe(true)
          expect(figures.instruments.some((f) => f.rating.count > 1 && f.rating.average !== null)).toBe(true)
          expect(figures.institutions.length).toBeGreaterThan(5)
        }
      }
  })

  it('is filled from existing reservations when the migration runs', async () => {
    const { sqlite } = connection
    sqlite.exec(`DROP TRIGGER use_instrument_years_insert; DROP TRIGGER use_instrument_years_update;
      DROP TRIGGER use_instrument_years_delete; DROP TABLE use_instrument_years;
      DELETE FROM d1_migrations WHERE name LIKE '0007%';`)
    expect(migrateSqlite(sqlite, readMigrations())).toContain('0007_evaluation.sql')
    await expectAgreement()
  })

  it('follows status changes, new times and actual times, moved users and deletions', async () => {
    const { sqlite } = connection
    const pick = (query: string) => (sqlite.prepare(query).all() as { id: string }[]).map((row) => row.id)
    const confirmed = pick(
      `SELECT id FROM reservations WHERE status = 'confirmed' AND end_ms < ${NOW} ORDER BY id LIMIT 40`,
    )
    const completed = pick(
      `SELECT id FROM reservations WHERE status = 'completed' AND id NOT IN (SELECT reservation_id FROM billing_entries)
         AND id NOT IN (SELECT reservation_id FROM ratings WHERE reservation_id IS NOT NULL)
       ORDER BY id LIMIT 105`,
    )
    expect(confirmed.length).toBe(40)
    expect(completed.length).toBe(105)
    const update = (query: string, ids: string[]) => {
      const statement = sqlite.prepare(query)
      for (const id of ids) statement.run(id)
    }
    update(
      `UPDATE reservations SET status = 'completed', actual_start_ms = start_ms + 60000, actual_end_ms = end_ms - 60000
       WHERE id = ?`,
      confirmed.slice(0, 20),
    )
    update(`UPDATE reservations SET status = 'completed', actual_start_ms = start_ms WHERE id = ?`, confirmed.slice(20))
    update(`UPDATE reservations SET status = 'no_show' WHERE id = ?`, completed.slice(0, 15))
    update(`UPDATE reservations SET actual_end_ms = NULL WHERE id = ?`, completed.slice(15, 30))
    // a start moved across New Year's midnight: the use changes years
    update(
      `UPDATE reservations SET start_ms = start_ms + ${200 * DAY}, end_ms = end_ms + ${200 * DAY},
         hold_end_ms = hold_end_ms + ${200 * DAY} WHERE id = ?`,
      completed.slice(30, 45),
    )
    update(`UPDATE reservations SET user_institution_id = 'co-zs' WHERE id = ?`, completed.slice(45, 60))
    // a write that touches none of the figures' columns (a charge made final) fires nothing and changes nothing
    update(`UPDATE reservations SET charge_fen = 100, charged_at = 1 WHERE id = ?`, completed.slice(60, 75))
    update(`UPDATE reservations SET purpose = 'only the purpose' WHERE id = ?`, completed.slice(75, 90))
    update(`DELETE FROM reservations WHERE id = ?`, completed.slice(90))
    // new completed uses (recorded after the fact), one of them starting at New Year's midnight in Shanghai
    sqlite.exec(`INSERT INTO reservations (id, instrument_id, user_id, user_institution_id, start_ms, end_ms, hold_end_ms,
        status, recorded, actual_start_ms, actual_end_ms, ics_uid, created_at, updated_at)
      SELECT 'new-' || id, instrument_id, user_id, user_institution_id, start_ms + ${3 * DAY}, end_ms + ${3 * DAY},
        end_ms + ${3 * DAY}, 'completed', 1, NULL, NULL, 'new-' || ics_uid, 0, 0
      FROM reservations WHERE status = 'cancelled' ORDER BY id LIMIT 60`)
    sqlite.exec(`INSERT INTO reservations (id, instrument_id, user_id, user_institution_id, start_ms, end_ms, hold_end_ms,
        status, recorded, ics_uid, created_at, updated_at)
      SELECT 'new-year', instrument_id, user_id, user_institution_id, ${yearBounds(2026).start},
        ${yearBounds(2026).start + 3_600_000}, ${yearBounds(2026).start + 3_600_000}, 'completed', 1, 'new-year', 0, 0
      FROM reservations ORDER BY id LIMIT 1`)
    // orders move on: reported (a use from now on), confirmed, cancelled; runs cancelled, moved, added
    const orderIds = (status: string, limit: number) =>
      pick(`SELECT id FROM orders WHERE status = '${status}' ORDER BY id LIMIT ${limit}`)
    update(
      `UPDATE orders SET status = 'reported', reported_at = created_at + ${5 * DAY} WHERE id = ?`,
      orderIds('in_progress', 20),
    )
    update(`UPDATE orders SET status = 'completed', received_samples = 1 WHERE id = ?`, orderIds('reported', 20))
    update(`UPDATE orders SET status = 'cancelled' WHERE id = ?`, orderIds('reported', 10))
    const runs = pick(`SELECT id FROM reservations WHERE order_id IS NOT NULL AND status = 'confirmed' ORDER BY id`)
    expect(runs.length).toBeGreaterThan(60)
    update(`UPDATE reservations SET status = 'cancelled' WHERE id = ?`, runs.slice(0, 20))
    update(
      `UPDATE reservations SET end_ms = end_ms + 3600000, hold_end_ms = hold_end_ms + 3600000 WHERE id = ?`,
      runs.slice(20, 40),
    )
    update(
      `UPDATE reservations SET actual_start_ms = start_ms, actual_end_ms = end_ms - 60000 WHERE id = ?`,
      runs.slice(40, 60),
    )
    await expectAgreement()
    const [newYear] = await allUseRecords(connection.db).then((all) =>
      all.filter((r) => r.reservationId === 'new-year'),
    )
    const in2026 = await listEvaluationUseGroups(connection.db, 2026, NOW)
    expect(in2026.some((g) => g.instrumentId === newYear!.instrumentId)).toBe(true)
  })

  it('answers an empty year with nothing, and refuses years before the aggregate', async () => {
    expect(await listEvaluationUseGroups(connection.db, 2030, NOW)).toEqual([])
    expect(await listIncomeGroups(connection.db, 2030)).toEqual([])
    await expect(listEvaluationUseGroups(connection.db, 1991, NOW)).rejects.toThrow(RangeError)
  })
})

function listIds(sqlite: SqliteConnection['sqlite']): string[] {
  return (sqlite.prepare('SELECT id FROM instruments ORDER BY id LIMIT 3').all() as { id: string }[]).map((r) => r.id)
}
