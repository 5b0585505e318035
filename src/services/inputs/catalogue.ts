import { z } from 'zod'
import { CATEGORY_CODES } from '../../domain/categories.js'
import { INSTRUMENT_MODES, INSTRUMENT_STATUSES } from '../../domain/types.js'
import { Id, Instant } from './instant.js'

/** The catalogue's filters (`GET /instruments` and the page `/`); `freeFrom`/`freeTo` go together. */
export const CatalogueFilters = z.object({
  city: z.string().max(40).optional(),
  institutionId: Id.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  mode: z.enum(INSTRUMENT_MODES).optional(),
  q: z.string().trim().max(200).optional().meta({ description: 'matches name, model and manufacturer' }),
  status: z.enum(INSTRUMENT_STATUSES).optional().meta({ description: 'default: active and maintenance' }),
  freeFrom: Instant.optional().meta({
    description:
      'with freeTo: only instruments with a free interval of at least their minMinutes in [freeFrom, freeTo)',
  }),
  freeTo: Instant.optional().meta({ description: 'with freeFrom; at most 62 days after it' }),
})
export type CatalogueFilters = z.infer<typeof CatalogueFilters>
