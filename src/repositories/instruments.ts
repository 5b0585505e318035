import type { Db } from '../db/database.js'
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
