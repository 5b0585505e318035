import { CATEGORY_CODES } from '../../domain/categories.js'
import type { Instrument } from '../../domain/types.js'
import type { Deps } from '../../http/env.js'
import { decodeCursor, encodeCursor } from '../../http/schemas.js'
import { type InstrumentFilter, listInstruments } from '../../repositories/instruments.js'
import { availability } from '../../services/instrument-calendar.js'

export const PAGE_SIZE = 20
/** With a free window each instrument costs an availability query: one request looks at this many at most. */
const MAX_SCANNED = 200
const BATCH = 50
export const MAX_WINDOW_MS = 62 * 24 * 3600_000

export interface CatalogueQuery {
  q?: string
  city?: string
  institutionId?: string
  category?: string
  mode?: string
  cursor?: string
  /** keep only instruments with a free interval of at least their minMinutes in [from, to) */
  free?: { from: number; to: number }
}

const decode = (cursor: string | undefined) => {
  const keys = cursor ? decodeCursor(cursor) : null
  return keys && typeof keys[0] === 'string' && typeof keys[1] === 'string' ? { name: keys[0], id: keys[1] } : undefined
}

async function hasFreeTime(deps: Deps, instrument: Instrument, window: { from: number; to: number }) {
  const { free } = await availability(deps, instrument.id, window.from, window.to)
  return free.some((interval) => interval.end - interval.start >= instrument.minMinutes * 60_000)
}

/** One page of the catalogue, sorted and paged like GET /api/v1/instruments (same keyset cursor). */
export async function searchCatalogue(
  deps: Deps,
  query: CatalogueQuery,
): Promise<{ items: Instrument[]; nextCursor: string | null }> {
  const filter: Omit<InstrumentFilter, 'limit' | 'after'> = {
    q: query.q || undefined,
    city: query.city || undefined,
    institutionId: query.institutionId || undefined,
    category: CATEGORY_CODES.includes(query.category as never) ? query.category : undefined,
    mode: query.mode === 'self' || query.mode === 'service' ? query.mode : undefined,
    statuses: ['active', 'maintenance'],
  }
  let after = decode(query.cursor)
  const cursorOf = (i: Instrument) => encodeCursor([i.name, i.id])
  if (!query.free) {
    const items = await listInstruments(deps.db, { ...filter, after, limit: PAGE_SIZE + 1 })
    const page = items.slice(0, PAGE_SIZE)
    const last = page.at(-1)
    return { items: page, nextCursor: items.length > PAGE_SIZE && last ? cursorOf(last) : null }
  }
  const found: Instrument[] = []
  let scanned = 0
  for (;;) {
    const batch = await listInstruments(deps.db, { ...filter, after, limit: BATCH })
    for (const instrument of batch) {
      scanned++
      if (await hasFreeTime(deps, instrument, query.free)) found.push(instrument)
      if (found.length === PAGE_SIZE || scanned === MAX_SCANNED)
        return { items: found, nextCursor: cursorOf(instrument) }
    }
    const last = batch.at(-1)
    if (batch.length < BATCH || !last) return { items: found, nextCursor: null }
    after = { name: last.name, id: last.id }
  }
}
