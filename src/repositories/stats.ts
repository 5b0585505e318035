import { type AliasedSelectQueryBuilder, sql } from 'kysely'
import type { Db } from '../db/database.js'
import { COUNTED_ORDER_STATUSES, type OrderStatus } from '../domain/orders.js'
import { compareUseGroups, type UseGroup } from '../domain/sharing/aggregation.js'
import {
  COMPLETED_STATUS,
  COUNTED_RUN_STATUSES,
  compareText,
  DEFAULT_YEARLY_TARGET,
  type InstitutionInfo,
  type Institutions,
  machineMillis,
  monthBounds,
  USE_WHEN_ENDED_STATUSES,
  type UseRecord,
  yearBounds,
} from '../domain/sharing/counting.js'
import type { ReservationStatus } from '../domain/types.js'

/*
 * The queries behind `GET /stats/sharing`. They run on SQLite and on D1: plain SQL only, no
 * transactions, no date functions (instants are epoch-ms integers and every calendar boundary
 * is computed by the domain with luxon and bound as a parameter). A use is a reservation that took
 * place (never a run of a sample order) or a reported sample order (`domain/sharing/counting.ts`).
 */

/**
 * The reservations that are uses of `year` (booked start in Asia/Shanghai) at `now`, as in `isUse`, optionally of one
 * provider. Runs of sample orders never are.
 */
function usesOf(db: Db, year: number, now: number, providerInstitutionId?: string) {
  const { start, end } = yearBounds(year)
  let query = db
    .selectFrom('reservations as r')
    .innerJoin('instruments as i', 'i.id', 'r.instrument_id')
    .where('r.start_ms', '>=', start)
    .where('r.start_ms', '<', end)
    .where('r.order_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('r.status', '=', COMPLETED_STATUS),
        eb.and([eb('r.status', 'in', USE_WHEN_ENDED_STATUSES), eb('r.end_ms', '<=', now)]),
      ]),
    )
  if (providerInstitutionId !== undefined) query = query.where('i.institution_id', '=', providerInstitutionId)
  return query
}

/** Machine time in ms, as `machineMillis` of the domain. */
const machineMsExpression = sql<number>`CASE
  WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
  WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
  ELSE r.end_ms - r.start_ms
END`

/** 1 when the researcher's institution is not the instrument's (a shared use), else 0. */
const sharedExpression = sql<number>`(r.user_institution_id != i.institution_id)`

/**
 * The month (1..12) of an instant column (the booked start; an order's reported time): a CASE over the precomputed
 * local month boundaries.
 */
function monthExpression(year: number, column = sql`r.start_ms`) {
  const bounds = monthBounds(year)
  // bounds[0] and bounds[12] are the year's own bounds, already applied in WHERE.
  const whens = bounds.slice(1, 12).map((bound, i) => sql`WHEN ${column} < ${bound} THEN ${sql.lit(i + 1)}`)
  return sql<number>`CASE ${sql.join(whens, sql` `)} ELSE 12 END`
}

/** An order's machine time in ms, as `runsMillis` of the domain: its runs in a counted status, each `machineMillis`. */
export const orderRunsMsExpression = sql<number>`(SELECT COALESCE(SUM(CASE
    WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
    WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
    ELSE r.end_ms - r.start_ms
  END), 0) FROM reservations r
  WHERE r.order_id = o.id AND r.status IN (${sql.join(COUNTED_RUN_STATUSES.map((s) => sql.lit(s)))}))`

/** The orders that are uses of `year` (reported time in Asia/Shanghai), optionally of one provider. */
export function ordersOf(db: Db, year: number, providerInstitutionId?: string) {
  const { start, end } = yearBounds(year)
  let query = db
    .selectFrom('orders as o')
    .innerJoin('instruments as i', 'i.id', 'o.instrument_id')
    // literal statuses, so that SQLite may read the partial index orders_counted
    .where(sql<boolean>`o.status IN (${sql.join(COUNTED_ORDER_STATUSES.map((s) => sql.lit(s)))})`)
    .where('o.reported_at', '>=', start)
    .where('o.reported_at', '<', end)
  if (providerInstitutionId !== undefined) query = query.where('i.institution_id', '=', providerInstitutionId)
  return query
}

/** The counted orders of `year` grouped as uses: one use each, their runs' machine time, by the requester's city. */
function listOrderGroups(db: Db, year: number, providerInstitutionId?: string): Promise<GroupRow[]> {
  return groupUseRows(
    db,
    ordersOf(db, year, providerInstitutionId)
      .innerJoin('institutions as ui', 'ui.id', 'o.user_institution_id')
      .select([
        'i.institution_id as provider_institution_id',
        'ui.city as user_city',
        sql<number>`(o.user_institution_id != i.institution_id)`.as('shared'),
        'i.category as category',
        monthExpression(year, sql`o.reported_at`).as('month'),
        orderRunsMsExpression.as('machine_ms'),
      ])
      .as('u'),
  )
}

/**
 * Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so from 1992 on the month a
 * trigger computes for `use_months` (schema/0002) is the domain's month; older years are scanned.
 */
const FIRST_AGGREGATED_YEAR = 1992

interface GroupRow {
  provider_institution_id: string
  user_city: string
  shared: number | bigint
  category: string
  month: number | bigint
  uses: number | bigint
  machine_ms: number | bigint
}

/**
 * The uses of `year` at `now` grouped by providing institution, researcher institution, category
 * and month; in `compareUseGroups` order. With `providerInstitutionId`, only the uses of that
 * institution's instruments. Completed uses come from `use_months`, kept by triggers in the same
 * statement as every write; the uses that depend on `now` (confirmed or in use, ended) are read
 * live through a partial index, so the cost follows the number of groups, not of uses. Sample
 * orders are read live through their own partial index (orders_counted): there are far fewer of them.
 * (`use_months` counts completed reservations; a run of an order is only ever confirmed or cancelled,
 * see services/order-runs.ts, so it never reaches the aggregate.)
 */
export async function listUseGroups(
  db: Db,
  year: number,
  now: number,
  providerInstitutionId?: string,
): Promise<UseGroup[]> {
  const [reservationGroups, orderGroups] = await Promise.all([
    listReservationGroups(db, year, now, providerInstitutionId),
    listOrderGroups(db, year, providerInstitutionId),
  ])
  return mergeGroups([...reservationGroups, ...orderGroups])
}

/** The reservation uses' groups of one year, as rows. */
async function listReservationGroups(
  db: Db,
  year: number,
  now: number,
  providerInstitutionId?: string,
): Promise<GroupRow[]> {
  if (year < FIRST_AGGREGATED_YEAR) return scanUseGroups(db, year, now, providerInstitutionId)
  // use_months is not in the Kysely types (src/db/database.ts): a typed raw query, parameters bound. Its rows
  // are already the groups (schema/0003): no join, no GROUP BY, only the year's months.
  const ofProvider =
    providerInstitutionId === undefined ? sql`` : sql`AND um.provider_institution_id = ${providerInstitutionId}`
  const completed = sql<GroupRow>`SELECT um.provider_institution_id, um.user_city, um.shared, um.category,
      um.month % 100 AS month, um.uses, um.machine_ms
    FROM use_months um
    WHERE um.month >= ${year * 100 + 1} AND um.month <= ${year * 100 + 12} AND um.uses > 0 ${ofProvider}`
  // The live part: the reservations still confirmed or in use whose end has passed, read from the covering
  // partial index reservations_unfinished (schema/0003) and grouped here — SQLite's join to instruments and
  // institutions and GROUP BY over them cost more than the rest of the statistics together.
  const { start, end } = yearBounds(year)
  let ended = db
    .selectFrom('reservations as r')
    .select([
      'r.start_ms',
      'r.end_ms',
      'r.actual_start_ms',
      'r.actual_end_ms',
      'r.instrument_id',
      'r.user_institution_id',
    ])
    .where('r.start_ms', '>=', start)
    .where('r.start_ms', '<', Math.min(end, now)) // start < end <= now
    // literal statuses, so that SQLite may read the partial index reservations_unfinished
    .where(sql<boolean>`r.status IN ('confirmed', 'in_use')`)
    .where('r.end_ms', '<=', now)
    // a run of a sample order is never a use of its own (its order is, in listOrderGroups)
    .where('r.order_id', 'is', null)
  if (providerInstitutionId !== undefined)
    ended = ended.where('r.instrument_id', 'in', (eb) =>
      eb.selectFrom('instruments').select('id').where('institution_id', '=', providerInstitutionId),
    )
  const [fromAggregate, fromLive, instruments, institutions] = await Promise.all([
    completed.execute(db),
    ended.execute(),
    db.selectFrom('instruments').select(['id', 'institution_id', 'category']).execute(),
    db.selectFrom('institutions').select(['id', 'city']).execute(),
  ])
  const instrumentById = new Map(instruments.map((i) => [i.id, i]))
  const cityOf = new Map(institutions.map((i) => [i.id, i.city]))
  const bounds = monthBounds(year)
  const rows: GroupRow[] = [...fromAggregate.rows]
  for (const r of fromLive) {
    const instrument = instrumentById.get(r.instrument_id)
    const city = cityOf.get(r.user_institution_id)
    if (!instrument || city === undefined) continue // foreign keys make this impossible; the inner join skipped it too
    let month = 1
    while (month < 12 && r.start_ms >= bounds[month]!) month++
    rows.push({
      provider_institution_id: instrument.institution_id,
      user_city: city,
      shared: r.user_institution_id !== instrument.institution_id ? 1 : 0,
      category: instrument.category,
      month,
      uses: 1,
      machine_ms: machineMillis({
        start: r.start_ms,
        end: r.end_ms,
        actualStart: r.actual_start_ms,
        actualEnd: r.actual_end_ms,
      }),
    })
  }
  return rows
}

/** Rows of groups (the aggregate, the live part, the orders) summed into `UseGroup`s, in `compareUseGroups` order. */
function mergeGroups(rows: readonly GroupRow[]): UseGroup[] {
  const groups = new Map<string, UseGroup & { machineMs: number }>()
  for (const row of rows) {
    const month = Number(row.month)
    const shared = Number(row.shared) === 1
    const key = `${row.provider_institution_id}\u0000${row.user_city}\u0000${shared}\u0000${row.category}\u0000${month}`
    let group = groups.get(key)
    if (!group) {
      group = {
        providerInstitutionId: row.provider_institution_id,
        userCity: row.user_city,
        shared,
        category: row.category,
        month,
        uses: 0,
        machineMinutes: 0,
        machineMs: 0,
      }
      groups.set(key, group)
    }
    group.uses += Number(row.uses)
    group.machineMs += Number(row.machine_ms)
  }
  return [...groups.values()]
    .map(
      ({ machineMs, ...group }): UseGroup => ({
        ...group,
        // Summed in whole ms (exact) and divided once, as `groupUses` does.
        machineMinutes: machineMs / 60_000,
      }),
    )
    .sort(compareUseGroups)
}

/** The same groups by scanning the year's reservations (years the aggregate does not cover). */
function scanUseGroups(db: Db, year: number, now: number, providerInstitutionId?: string): Promise<GroupRow[]> {
  const uses = usesOf(db, year, now, providerInstitutionId)
    .innerJoin('institutions as ui', 'ui.id', 'r.user_institution_id')
    .select([
      'i.institution_id as provider_institution_id',
      'ui.city as user_city',
      sharedExpression.as('shared'),
      'i.category as category',
      monthExpression(year).as('month'),
      machineMsExpression.as('machine_ms'),
    ])
  return groupUseRows(db, uses.as('u'))
}

/** One row per use (`u`, every column of a GroupRow but `uses`) grouped: the count and the machine time of each group. */
async function groupUseRows(db: Db, uses: AliasedSelectQueryBuilder<Omit<GroupRow, 'uses'>, 'u'>): Promise<GroupRow[]> {
  const rows = await db
    .selectFrom(uses)
    .select((eb) => [
      'u.provider_institution_id',
      'u.user_city',
      'u.shared',
      'u.category',
      'u.month',
      eb.fn.countAll<number>().as('uses'),
      eb.fn.sum<number>('u.machine_ms').as('machine_ms'),
    ])
    .groupBy(['u.provider_institution_id', 'u.user_city', 'u.shared', 'u.category', 'u.month'])
    .execute()
  return rows as GroupRow[]
}

/**
 * The uses of `year` at `now`, one record each, by start then id (the CSV's rows; the evaluation's uses): the
 * reservations that took place and the reported orders, each with its `kind`, an order with its samples and its runs'
 * machine time.
 */
export async function listUseRecords(
  db: Db,
  year: number,
  now: number,
  providerInstitutionId?: string,
): Promise<UseRecord[]> {
  const [reservations, orders] = await Promise.all([
    listReservationUseRecords(db, year, now, providerInstitutionId),
    listOrderUseRecords(db, year, providerInstitutionId),
  ])
  return [...reservations, ...orders].sort((a, b) => a.start - b.start || compareText(a.reservationId, b.reservationId))
}

async function listOrderUseRecords(db: Db, year: number, providerInstitutionId?: string): Promise<UseRecord[]> {
  const rows = await ordersOf(db, year, providerInstitutionId)
    .select([
      'o.id',
      'o.status',
      'o.reported_at',
      'o.samples',
      'o.received_samples',
      'o.user_institution_id',
      'i.id as instrument_id',
      'i.name as instrument_name',
      'i.category',
      'i.institution_id as provider_institution_id',
      orderRunsMsExpression.as('run_ms'),
    ])
    .execute()
  return rows.map(
    (row): UseRecord => ({
      kind: 'order',
      reservationId: row.id,
      start: row.reported_at!,
      end: row.reported_at!,
      status: row.status as OrderStatus,
      actualStart: null,
      actualEnd: null,
      runOf: null,
      runMillis: Number(row.run_ms),
      samples: row.received_samples ?? row.samples,
      instrumentId: row.instrument_id,
      instrumentName: row.instrument_name,
      category: row.category,
      providerInstitutionId: row.provider_institution_id,
      userInstitutionId: row.user_institution_id,
    }),
  )
}

async function listReservationUseRecords(
  db: Db,
  year: number,
  now: number,
  providerInstitutionId?: string,
): Promise<UseRecord[]> {
  const rows = await usesOf(db, year, now, providerInstitutionId)
    .select([
      'r.id',
      'r.start_ms',
      'r.end_ms',
      'r.status',
      'r.actual_start_ms',
      'r.actual_end_ms',
      'r.user_institution_id',
      'r.recorded',
      'i.id as instrument_id',
      'i.name as instrument_name',
      'i.category',
      'i.institution_id as provider_institution_id',
    ])
    .orderBy('r.start_ms')
    .orderBy('r.id')
    .execute()
  return rows.map(
    (row): UseRecord => ({
      kind: row.recorded === 1 ? 'recorded' : 'reservation',
      reservationId: row.id,
      start: row.start_ms,
      end: row.end_ms,
      status: row.status as ReservationStatus,
      actualStart: row.actual_start_ms,
      actualEnd: row.actual_end_ms,
      runOf: null,
      runMillis: 0,
      samples: null,
      instrumentId: row.instrument_id,
      instrumentName: row.instrument_name,
      category: row.category,
      providerInstitutionId: row.provider_institution_id,
      userInstitutionId: row.user_institution_id,
    }),
  )
}

/** How many uses of `year` at `now` were made under a recognition (资格互认), by the same rule as every use. */
export async function countUsesUnderRecognition(
  db: Db,
  year: number,
  now: number,
  providerInstitutionId?: string,
): Promise<number> {
  const row = await usesOf(db, year, now, providerInstitutionId)
    .where('r.recognition_id', 'is not', null)
    .select((eb) => eb.fn.countAll<number>().as('uses'))
    .executeTakeFirst()
  return Number(row?.uses ?? 0)
}

/** The joint cross-city target of `year`; `DEFAULT_YEARLY_TARGET` (500) when none was set. */
export async function findTarget(db: Db, year: number): Promise<number> {
  const row = await db.selectFrom('targets').select('target').where('year', '=', year).executeTakeFirst()
  return row?.target ?? DEFAULT_YEARLY_TARGET
}

/** Sets the target of `year` (insert or replace, in one statement). */
export async function setTarget(db: Db, year: number, target: number, userId: string | null, now: number) {
  await db
    .insertInto('targets')
    .values({ year, target, set_by: userId, set_at: now })
    .onConflict((oc) => oc.column('year').doUpdateSet({ target, set_by: userId, set_at: now }))
    .execute()
}

/** What `aggregateUses` and `sharingCsv` need: every institution's name and city, and the city codes in code order. */
export async function loadInstitutionsAndCities(db: Db): Promise<{ institutions: Institutions; cities: string[] }> {
  const [institutionRows, cityRows] = await Promise.all([
    db.selectFrom('institutions').select(['id', 'name', 'city']).execute(),
    db.selectFrom('cities').select('code').orderBy('code').execute(),
  ])
  const institutions = new Map<string, InstitutionInfo>(
    institutionRows.map((row) => [row.id, { name: row.name, city: row.city }]),
  )
  return { institutions, cities: cityRows.map((row) => row.code) }
}
