import type { searchInstruments } from '../../../services/catalogue.js'
import { listCities, listInstitutions } from '../../../services/directory.js'
import { Notice } from '../../components/notice.js'
import type { WebContext } from '../../env.js'
import { page } from '../../layout.js'
import { Card } from './card.js'
import { FILTERS, Filters, type Params } from './filters.js'

type SearchResult = Awaited<ReturnType<typeof searchInstruments>>

const queryString = (params: Params, cursor?: string) => {
  const search = new URLSearchParams()
  for (const name of FILTERS) if (params[name]) search.set(name, params[name])
  if (cursor) search.set('cursor', cursor)
  const text = search.toString()
  return text ? `/?${text}` : '/'
}

/**
 * The catalogue with the results of `search`; null when its free window was refused (incomplete, reversed or longer
 * than the API allows): then the page says so, with a 400.
 */
export async function renderCatalogue(c: WebContext, params: Params, search: Promise<SearchResult> | null) {
  const { ui, deps } = c.var
  const [cities, institutions, found] = await Promise.all([listCities(deps), listInstitutions(deps), search])
  const result = found ?? { items: [], nextCursor: null }
  const institutionOf = new Map(institutions.map((i) => [i.id, i]))
  const cityOf = new Map(cities.map((city) => [city.code, city]))
  return page(c, {
    title: ui.t('catalogue.title'),
    status: found === null ? 400 : 200,
    body: (
      <>
        <h1>{ui.t('catalogue.title')}</h1>
        <Filters ui={ui} params={params} cities={cities} institutions={institutions} />
        {found === null ? <Notice kind="error">{ui.t('catalogue.freeWindowInvalid')}</Notice> : null}
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{ui.t('catalogue.shown', { n: result.items.length })}</h2>
          {result.items.length === 0 ? <p>{ui.t('catalogue.none')}</p> : null}
          <ul class="cards">
            {result.items.map((instrument) => {
              const institution = institutionOf.get(instrument.institutionId)
              const city = institution ? cityOf.get(institution.city) : undefined
              return <Card ui={ui} instrument={instrument} institution={institution} city={city} />
            })}
          </ul>
          <nav class="actions" aria-label={ui.t('catalogue.next')}>
            {params.cursor ? <a href={queryString(params)}>{ui.t('catalogue.first')}</a> : null}
            {result.nextCursor ? (
              <a class="button" href={queryString(params, result.nextCursor)} rel="next">
                {ui.t('catalogue.next')}
              </a>
            ) : null}
          </nav>
        </section>
      </>
    ),
  })
}
