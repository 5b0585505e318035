import { type CompiledQuery, sql } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import { type InstrumentField, instrumentColumnValues } from '../db/instrument-columns.js'
import { type Params, prepared, readRows } from '../db/prepared.js'
import { instrumentFromRow, instrumentToRow } from '../db/rows.js'
import type { Instrument, InstrumentStatus } from '../domain/types.js'
import { inChunks } from './chunks.js'
import { contains } from './like.js'

export interface InstrumentFilter {
  city?: string
  institutionId?: string
  category?: string
  mode?: string
  q?: string
  statuses: InstrumentStatus[]
  after?: { name: string; id: string }
  limit: number
}

/** The catalogue, sorted by name then id (keyset paging). */
export async function listInstruments(db: Db, filter: InstrumentFilter): Promise<Instrument[]> {
  let query = db
    .selectFrom('instruments')
    .innerJoin('institutions', 'institutions.id', 'instruments.institution_id')
    .selectAll('instruments')
    .where('instruments.status', 'in', filter.statuses)
  if (filter.city) query = query.where('institutions.city', '=', filter.city)
  if (filter.institutionId) query = query.where('instruments.institution_id', '=', filter.institutionId)
  if (filter.category) query = query.where('instruments.category', '=', filter.category)
  if (filter.mode) query = query.where('instruments.mode', '=', filter.mode)
  if (filter.q) {
    const q = filter.q
    // LIKE is case-insensitive for Latin letters in SQLite and D1; Chinese matches as written.
    query = query.where((eb) =>
      eb.or(
        (['instruments.name', 'instruments.model', 'instruments.manufacturer'] as const).map((column) =>
          contains(eb.ref(column), q),
        ),
      ),
    )
  }
  if (filter.after) {
    const { name, id } = filter.after
    query = query.where((eb) =>
      eb.or([
        eb('instruments.name', '>', name),
        eb.and([eb('instruments.name', '=', name), eb('instruments.id', '>', id)]),
      ]),
    )
  }
  const rows = await query.orderBy('instruments.name').orderBy('instruments.id').limit(filter.limit).execute()
  return rows.map(instrumentFromRow)
}

const instrumentQuery = prepared((db, p: Params<{ id: string }>) =>
  db.selectFrom('instruments').selectAll().where('id', '=', p.id).compile(),
)

/** One instrument by id: on every booking and availability request, so a prepared query. */
export async function findInstrument(db: Db, id: string): Promise<Instrument | null> {
  const [row] = await readRows(db, instrumentQuery(db, { id }))
  return row ? instrumentFromRow(row) : null
}

/** The institution's instrument with this asset number (资产编号), if any. */
export async function findInstrumentByAssetNumber(
  db: Db,
  institutionId: string,
  assetNumber: string,
): Promise<Instrument | null> {
  const row = await db
    .selectFrom('instruments')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('asset_number', '=', assetNumber)
    .executeTakeFirst()
  return row ? instrumentFromRow(row) : null
}

/** The instruments of `ids` in one query (unknown ids are left out). */
export async function listInstrumentsByIds(db: Db, ids: readonly string[]): Promise<Instrument[]> {
  const rows = await inChunks(ids, (chunk) =>
    db.selectFrom('instruments').selectAll().where('id', 'in', chunk).execute(),
  )
  return rows.map(instrumentFromRow)
}

export async function insertInstrument(db: Db, instrument: Instrument, now: number): Promise<void> {
  await db.insertInto('instruments').values(instrumentToRow(instrument, now)).execute()
}

/**
 * Writes the changed fields if the instrument is still at `version`, with its audit event in the same atomic batch
 * (written only when the update happened); false when someone else changed it first.
 */
export async function updateInstrumentIfVersion(
  db: Db,
  batch: Batch,
  change: InstrumentChange,
  actorId: string,
  now: number,
): Promise<boolean> {
  const [update] = await batch(instrumentUpdateStatements(db, change, actorId, now, 'skip-event'))
  return update?.changes === 1
}

export interface InstrumentChange {
  id: string
  version: number
  changes: Partial<Pick<Instrument, InstrumentField>>
  diff: Record<string, { from: unknown; to: unknown }>
}

/**
 * The guarded update of an instrument and its audit event. changes() is the row count of the UPDATE just before:
 * when the instrument was changed by someone else first, `skip-event` writes no event, and `fail-batch` makes the
 * event's NOT NULL column refuse the row, which undoes the whole batch (an import writes all rows or none).
 */
function instrumentUpdateStatements(
  db: Db,
  change: InstrumentChange,
  actorId: string | null,
  now: number,
  whenChangedFirst: 'skip-event' | 'fail-batch',
): CompiledQuery[] {
  const diff = JSON.stringify(change.diff)
  return [
    db
      .updateTable('instruments')
      .set({ ...instrumentColumnValues(change.changes), version: change.version + 1, updated_at: now })
      .where('id', '=', change.id)
      .where('version', '=', change.version)
      .compile(),
    whenChangedFirst === 'skip-event'
      ? sql`INSERT INTO instrument_events (instrument_id, actor_id, at, changes)
          SELECT ${change.id}, ${actorId}, ${now}, ${diff} WHERE changes() = 1`.compile(db)
      : sql`INSERT INTO instrument_events (instrument_id, actor_id, at, changes)
          SELECT ${change.id}, ${actorId}, ${now}, CASE WHEN changes() = 1 THEN ${diff} END`.compile(db),
  ]
}

/** Raised when an instrument of an import changed between the check and the write: nothing was written. */
export const IMPORT_RACE = /NOT NULL constraint failed: instrument_events\.changes/

/**
 * Writes a whole import in one atomic batch: every new instrument and every guarded update with its audit event.
 * If any instrument changed since it was read, the batch fails as a whole (IMPORT_RACE) and nothing is written.
 * Each statement binds at most one instrument's columns (well under D1's 100 parameters).
 */
export async function writeInstrumentImport(
  db: Db,
  batch: Batch,
  write: { created: Instrument[]; updated: InstrumentChange[] },
  actorId: string | null,
  now: number,
): Promise<void> {
  await batch([
    ...write.created.map((instrument) =>
      db.insertInto('instruments').values(instrumentToRow(instrument, now)).compile(),
    ),
    ...write.updated.flatMap((change) => instrumentUpdateStatements(db, change, actorId, now, 'fail-batch')),
  ])
}

/** Every instrument of an institution, retired ones included (what an import matches its rows against). */
export async function listAllInstrumentsOf(db: Db, institutionId: string): Promise<Instrument[]> {
  const rows = await db
    .selectFrom('instruments')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(instrumentFromRow)
}

export async function listInstrumentEvents(db: Db, instrumentId: string) {
  const rows = await db
    .selectFrom('instrument_events')
    .select(['actor_id', 'at', 'changes'])
    .where('instrument_id', '=', instrumentId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    actorId: row.actor_id,
    at: row.at,
    changes: JSON.parse(row.changes) as Record<string, { from: unknown; to: unknown }>,
  }))
}
