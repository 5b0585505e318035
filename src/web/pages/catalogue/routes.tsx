import type { AppError } from '../../../errors.js'
import { searchInstruments } from '../../../services/catalogue.js'
import { CatalogueFilters } from '../../../services/inputs/catalogue.js'
import { toIso } from '../../../services/inputs/instant.js'
import { DEFAULT_ZONE, fromLocalInput } from '../../format.js'
import { onRefusal, pagesApp } from '../../refusals.js'
import { renderCatalogue } from './catalogue-page.js'
import { FILTERS, type Params } from './filters.js'

// 仪器目录 /: the same search as `GET /instruments`, the free window typed in Asia/Shanghai local time.

const PAGE_SIZE = 20

/** The service refused the free window (`freeFrom`/`freeTo`): reversed, or longer than it allows. */
const refusesWindow = (error: AppError) =>
  error.code === 'validation' &&
  /^free/.test(String((error.extra.errors as { path?: string }[] | undefined)?.[0]?.path ?? ''))

export const catalogueRoutes = pagesApp().get('/', (c) => {
  const params: Params = {}
  for (const name of [...FILTERS, 'cursor'] as const) {
    const value = c.req.query(name)?.trim()
    if (value) params[name] = value.slice(0, 200)
  }
  const from = fromLocalInput(params.freeFrom, DEFAULT_ZONE)
  const to = fromLocalInput(params.freeTo, DEFAULT_ZONE)
  if ((params.freeFrom || params.freeTo) && (from === null || to === null)) return renderCatalogue(c, params, null)
  onRefusal(c, (error) => (refusesWindow(error) ? renderCatalogue(c, params, null) : null))
  const search = searchInstruments(c.var.deps, {
    q: params.q,
    city: params.city,
    institutionId: params.institution,
    // a category or mode the API's schema refuses is left out, as if not chosen
    category: CatalogueFilters.shape.category.safeParse(params.category).data,
    mode: CatalogueFilters.shape.mode.safeParse(params.mode).data,
    freeFrom: from === null ? undefined : toIso(from),
    freeTo: to === null ? undefined : toIso(to),
    cursor: params.cursor,
    limit: PAGE_SIZE,
  })
  return renderCatalogue(c, params, search)
})
