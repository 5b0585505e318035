import { type Instrument, LISTED_INSTRUMENT_STATUSES } from '../domain/types.js'
import { invalid } from '../errors.js'
import { cityExists } from '../repositories/institutions.js'
import { type InstrumentFilter, listInstruments } from '../repositories/instruments.js'
import type { Deps } from './deps.js'
import type { CatalogueFilters } from './inputs/catalogue.js'
import { toMs } from './inputs/instant.js'
import { availabilityOf, MAX_WINDOW_DAYS } from './instrument-calendar.js'
import { cursorKeys, encodeCursor, keysetPage, pageLimit } from './paging.js'

/*
 * The catalogue (`GET /instruments`, the page `/`): filters, search, and "free between … and …". A free window
 * costs an availability query per instrument, so one request looks at a bounded number of instruments and hands
 * back a cursor to go on from there.
 */

/** With a free window, one request looks at this many instruments at most, reading them in batches. */
const MAX_SCANNED = 200
const BATCH = 50

export interface CatalogueSearch extends CatalogueFilters {
  cursor?: string
  limit?: number
}

const keysOf = (instrument: Instrument) => [instrument.name, instrument.id] as const

/** `[from, to)` of the free filter, or none; both bounds or neither, at most 62 days apart (else 400). */
function freeWindowOf(search: CatalogueSearch): { from: number; to: number } | null {
  if (search.freeFrom === undefined && search.freeTo === undefined) return null
  if (search.freeFrom === undefined) throw invalid('freeFrom', 'give freeFrom together with freeTo')
  if (search.freeTo === undefined) throw invalid('freeTo', 'give freeTo together with freeFrom')
  const from = toMs(search.freeFrom)
  const to = toMs(search.freeTo)
  if (to <= from) throw invalid('freeTo', 'must be after freeFrom')
  if (to - from > MAX_WINDOW_DAYS * 24 * 3600_000)
    throw invalid('freeTo', `at most ${MAX_WINDOW_DAYS} days after freeFrom`)
  return { from, to }
}

async function hasFreeTime(deps: Deps, instrument: Instrument, window: { from: number; to: number }) {
  const { free } = await availabilityOf(deps, instrument, window.from, window.to)
  return free.some((interval) => interval.end - interval.start >= instrument.minMinutes * 60_000)
}

/** One page of the catalogue, sorted by name then id (keyset paging); retired instruments only when asked for. */
export async function searchInstruments(
  deps: Deps,
  search: CatalogueSearch,
): Promise<{ items: Instrument[]; nextCursor: string | null }> {
  if (search.city && !(await cityExists(deps.db, search.city))) throw invalid('city', `unknown city ${search.city}`)
  const window = freeWindowOf(search)
  const filter: Omit<InstrumentFilter, 'limit' | 'after'> = {
    city: search.city,
    institutionId: search.institutionId,
    category: search.category,
    mode: search.mode,
    q: search.q || undefined,
    statuses: search.status ? [search.status] : [...LISTED_INSTRUMENT_STATUSES],
  }
  if (!window) {
    const { page, nextCursor } = await keysetPage(search, 'string', keysOf, (after, limit) =>
      listInstruments(deps.db, { ...filter, after: after && { name: after[0], id: after[1] }, limit }),
    )
    return { items: page, nextCursor }
  }
  const limit = pageLimit(search.limit)
  const keys = cursorKeys<readonly [string, string]>(search.cursor, 'string')
  let after = keys && { name: keys[0], id: keys[1] }
  const found: Instrument[] = []
  let scanned = 0
  for (;;) {
    const batch = await listInstruments(deps.db, { ...filter, after, limit: BATCH })
    for (const instrument of batch) {
      scanned++
      if (await hasFreeTime(deps, instrument, window)) found.push(instrument)
      if (found.length === limit || scanned === MAX_SCANNED)
        return { items: found, nextCursor: encodeCursor(keysOf(instrument)) }
    }
    const last = batch.at(-1)
    if (batch.length < BATCH || !last) return { items: found, nextCursor: null }
    after = { name: last.name, id: last.id }
  }
}
