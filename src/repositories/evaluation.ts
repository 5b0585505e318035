import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { compareUseGroups, type EvaluationUseGroup, type IncomeGroup } from '../domain/evaluation/groups.js'
import type { StatusChange } from '../domain/evaluation/status-history.js'
import type { RatingSums } from '../domain/ratings.js'
import { compareText, yearBounds } from '../domain/sharing/counting.js'
import type { InstrumentStatus } from '../domain/types.js'
import { sumsByInstrument } from './ratings.js'
import { orderRunsMsExpression, ordersOf } from './stats.js'

/*
 * The queries behind `GET /evaluation`. They run on SQLite and on D1: plain SQL, no transactions, no date
 * functions at read time (calendar bounds come from the domain). test/repositories/evaluation.test.ts checks each
 * against its pure twin in src/domain/evaluation/groups.ts on generated data.
 */

/** Asia/Shanghai has kept UTC+8 since 1991: from 1992 on, the year a trigger computes (schema/0007) is the domain's. */
const FIRST_AGGREGATED_YEAR = 1992

interface UseGroupRow {
  instrument_id: string
  user_institution_id: string
  uses: number | bigint
  machine_ms: number | bigint
  samples: number | bigint
}

/**
 * The uses of `year` at `now` by instrument and researcher's institution (as `groupEvaluationUses`), optionally of
 * one institution's instruments. Completed uses come from `use_instrument_years`, kept by triggers in the same
 * statement as every write; the uses that depend on `now` (confirmed or in use, ended) are read live through the
 * partial index `reservations_unfinished`, so the cost follows the number of groups, not of uses. Runs of sample
 * orders are never uses: the live part skips them, and the aggregate never sees one (the app leaves a run confirmed
 * or cancelled, never completed, as `use_months` relies on: src/repositories/stats.ts). Sample orders are read live
 * by the sharing statistics' own query (`ordersOf`: reported or completed, dated by the report, through the partial
 * index orders_counted; there are far fewer of them), one use each with its runs' machine time and its samples.
 */
export async function listEvaluationUseGroups(
  db: Db,
  year: number,
  now: number,
  institutionId?: string,
): Promise<EvaluationUseGroup[]> {
  if (year < FIRST_AGGREGATED_YEAR) throw new RangeError(`the evaluation starts in ${FIRST_AGGREGATED_YEAR}`)
  const ofInstitution =
    institutionId === undefined
      ? sql``
      : sql`AND u.instrument_id IN (SELECT i.id FROM instruments i WHERE i.institution_id = ${institutionId})`
  // use_instrument_years is not in the Kysely types (src/db/database.ts): a typed raw query, parameters bound
  const completed = sql<UseGroupRow>`SELECT u.instrument_id, u.user_institution_id, u.uses, u.machine_ms, 0 AS samples
    FROM use_instrument_years u
    WHERE u.year = ${year} AND u.uses > 0 ${ofInstitution}`
  const { start, end } = yearBounds(year)
  let ended = db
    .selectFrom('reservations as r')
    .where('r.start_ms', '>=', start)
    .where('r.start_ms', '<', Math.min(end, now)) // start < end <= now
    // literal statuses, so that SQLite may read the partial index reservations_unfinished
    .where(sql<boolean>`r.status IN ('confirmed', 'in_use')`)
    .where('r.end_ms', '<=', now)
    .where('r.order_id', 'is', null)
  if (institutionId !== undefined)
    ended = ended.where('r.instrument_id', 'in', (eb) =>
      eb.selectFrom('instruments as i').select('i.id').where('i.institution_id', '=', institutionId),
    )
  const live = ended
    .select((eb) => [
      'r.instrument_id',
      'r.user_institution_id',
      eb.fn.countAll<number>().as('uses'),
      eb.fn.sum<number>(machineMsExpression).as('machine_ms'),
      sql<number>`0`.as('samples'),
    ])
    .groupBy(['r.instrument_id', 'r.user_institution_id'])
  const orders = db
    .selectFrom(
      ordersOf(db, year, institutionId)
        .select([
          'o.instrument_id',
          'o.user_institution_id',
          orderRunsMsExpression.as('machine_ms'),
          sql<number>`COALESCE(o.received_samples, o.samples)`.as('samples'),
        ])
        .as('o'),
    )
    .select((eb) => [
      'o.instrument_id',
      'o.user_institution_id',
      eb.fn.countAll<number>().as('uses'),
      eb.fn.sum<number>('o.machine_ms').as('machine_ms'),
      eb.fn.sum<number>('o.samples').as('samples'),
    ])
    .groupBy(['o.instrument_id', 'o.user_institution_id'])
  const [fromAggregate, fromLive, fromOrders] = await Promise.all([
    completed.execute(db),
    live.execute(),
    orders.execute(),
  ])
  const groups = new Map<string, EvaluationUseGroup>()
  for (const row of [...fromAggregate.rows, ...fromLive, ...fromOrders] as UseGroupRow[]) {
    const key = `${row.instrument_id}\u0000${row.user_institution_id}`
    const group = groups.get(key) ?? {
      instrumentId: row.instrument_id,
      userInstitutionId: row.user_institution_id,
      uses: 0,
      machineMs: 0,
      samples: 0,
    }
    group.uses += Number(row.uses)
    group.machineMs += Number(row.machine_ms)
    group.samples += Number(row.samples)
    groups.set(key, group)
  }
  return [...groups.values()].sort(compareUseGroups)
}

/**
 * The sums of the ratings of the uses of `year` (by the use's date, `use_at`: a reservation's booked start, an
 * order's reported time) by instrument, optionally of one institution's instruments; an instrument nobody rated is
 * absent. The pure twin is `sumRatings` over the ratings of the year.
 */
export async function listEvaluationRatingSums(
  db: Db,
  year: number,
  institutionId?: string,
): Promise<Map<string, RatingSums>> {
  const { start, end } = yearBounds(year)
  let query = db.selectFrom('ratings as r').where('r.use_at', '>=', start).where('r.use_at', '<', end)
  if (institutionId !== undefined)
    query = query.where('r.instrument_id', 'in', (eb) =>
      eb.selectFrom('instruments as i').select('i.id').where('i.institution_id', '=', institutionId),
    )
  const rows = await query
    .select((eb) => [
      'r.instrument_id',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('r.timeliness').as('timeliness'),
      eb.fn.sum<number>('r.quality').as('quality'),
      eb.fn.sum<number>('r.staff').as('staff'),
    ])
    .groupBy('r.instrument_id')
    .execute()
  return sumsByInstrument(rows)
}

/** Machine time in ms, as `machineMillis` of the domain. */
const machineMsExpression = sql<number>`CASE
  WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
  WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
  ELSE r.end_ms - r.start_ms
END`

/**
 * Each instrument's final charges and fees of `year` (by the month of the use) before deductions, internal (the
 * payer is the provider) and external apart, as `groupIncome`; optionally of one institution's instruments.
 */
export async function listIncomeGroups(db: Db, year: number, institutionId?: string): Promise<IncomeGroup[]> {
  let query = db
    .selectFrom('billing_entries as e')
    .where('e.month_ord', '>=', year * 12)
    .where('e.month_ord', '<', year * 12 + 12)
  if (institutionId !== undefined)
    query = query.where('e.instrument_id', 'in', (eb) =>
      eb.selectFrom('instruments as i').select('i.id').where('i.institution_id', '=', institutionId),
    )
  const rows = await query
    .select((eb) => [
      'e.instrument_id',
      eb.fn
        .sum<number>(sql`CASE WHEN e.payer_institution_id = e.provider_institution_id THEN e.charge_fen ELSE 0 END`)
        .as('internal_fen'),
      eb.fn
        .sum<number>(sql`CASE WHEN e.payer_institution_id = e.provider_institution_id THEN 0 ELSE e.charge_fen END`)
        .as('external_fen'),
    ])
    .groupBy('e.instrument_id')
    .execute()
  return rows
    .map((row) => ({
      instrumentId: row.instrument_id,
      internalFen: Number(row.internal_fen),
      externalFen: Number(row.external_fen),
    }))
    .sort((a, b) => compareText(a.instrumentId, b.instrumentId))
}

/** An instrument's fields as the evaluation lists it, with its status today. */
export interface InstrumentForEvaluation {
  id: string
  institutionId: string
  name: string
  model: string
  assetNumber: string | null
  originalValue: number | null
  status: InstrumentStatus
}

/** Every instrument (any status), optionally of one institution, by name then id. */
export async function listInstrumentsForEvaluation(db: Db, institutionId?: string): Promise<InstrumentForEvaluation[]> {
  let query = db
    .selectFrom('instruments')
    .select(['id', 'institution_id', 'name', 'model', 'asset_number', 'original_value', 'status'])
  if (institutionId !== undefined) query = query.where('institution_id', '=', institutionId)
  const rows = await query.orderBy('name').orderBy('id').execute()
  return rows.map((row) => ({
    id: row.id,
    institutionId: row.institution_id,
    name: row.name,
    model: row.model,
    assetNumber: row.asset_number,
    originalValue: row.original_value,
    status: row.status as InstrumentStatus,
  }))
}

/** Every change of status in the instruments' audit trail (optionally of one institution), by instrument, in order. */
export async function listStatusChanges(db: Db, institutionId?: string): Promise<Map<string, StatusChange[]>> {
  let query = db
    .selectFrom('instrument_events as e')
    .where(sql<boolean>`json_extract(e.changes, '$.status.to') IS NOT NULL`)
    .select([
      'e.instrument_id',
      'e.at',
      sql<string>`json_extract(e.changes, '$.status.from')`.as('from_status'),
      sql<string>`json_extract(e.changes, '$.status.to')`.as('to_status'),
    ])
  if (institutionId !== undefined)
    query = query.where('e.instrument_id', 'in', (eb) =>
      eb.selectFrom('instruments as i').select('i.id').where('i.institution_id', '=', institutionId),
    )
  const rows = await query.orderBy('e.id').execute()
  const changes = new Map<string, StatusChange[]>()
  for (const row of rows) {
    const list = changes.get(row.instrument_id) ?? []
    list.push({ at: row.at, from: row.from_status as InstrumentStatus, to: row.to_status as InstrumentStatus })
    changes.set(row.instrument_id, list)
  }
  return changes
}
