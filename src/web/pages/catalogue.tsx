import { Hono } from 'hono'
import { CATEGORY_CODES } from '../../domain/categories.js'
import type { Institution, Instrument } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { searchInstruments } from '../../services/catalogue.js'
import { listCities, listInstitutions } from '../../services/directory.js'
import { CatalogueFilters } from '../../services/inputs/catalogue.js'
import { toIso } from '../../services/inputs/instant.js'
import type { Ui, WebContext, WebEnv } from '../env.js'
import { cityLabel, DEFAULT_ZONE, formatValue, fromLocalInput } from '../format.js'
import { InstrumentStatusBadge, Notice, page } from '../layout.js'

const PAGE_SIZE = 20

type City = { code: string; name: string }
const FILTERS = ['q', 'city', 'institution', 'category', 'mode', 'freeFrom', 'freeTo'] as const
type Params = Partial<Record<(typeof FILTERS)[number] | 'cursor', string>>

function Card({
  ui,
  instrument,
  institution,
  city,
}: {
  ui: Ui
  instrument: Instrument
  institution?: Institution
  city?: City
}) {
  return (
    <li class="card">
      <h3>
        <a href={`/instruments/${instrument.id}`}>{instrument.name}</a>
      </h3>
      <p class="muted">
        {ui.t(`category.${instrument.category}` as 'category.other')} · {ui.t(`mode.${instrument.mode}`)}{' '}
        {instrument.status !== 'active' ? <InstrumentStatusBadge ui={ui} status={instrument.status} /> : null}
      </p>
      <dl class="facts">
        <dt>{ui.t('catalogue.model')}</dt>
        <dd>{[instrument.manufacturer, instrument.model].filter(Boolean).join(' ') || '—'}</dd>
        <dt>{ui.t('catalogue.value')}</dt>
        <dd>{formatValue(instrument.originalValue, ui.t)}</dd>
        <dt>{ui.t('catalogue.location')}</dt>
        <dd>{instrument.location || '—'}</dd>
        <dt>{ui.t('catalogue.owner')}</dt>
        <dd>
          {institution?.name ?? '—'}
          {city ? ` · ${cityLabel(city, ui.lang)}` : ''}
        </dd>
      </dl>
    </li>
  )
}

function Filters({
  ui,
  params,
  cities,
  institutions,
}: {
  ui: Ui
  params: Params
  cities: City[]
  institutions: Institution[]
}) {
  const option = (value: string, label: string, current?: string) => (
    <option value={value} selected={value === (current ?? '')}>
      {label}
    </option>
  )
  return (
    <search>
      <form method="get" action="/">
        <fieldset>
          <legend>{ui.t('catalogue.searchLegend')}</legend>
          <div class="filters">
            <div class="wide">
              <label for="f-q">{ui.t('catalogue.q')}</label>
              <input id="f-q" name="q" type="search" value={params.q ?? ''} placeholder={ui.t('catalogue.qHint')} />
            </div>
            <div>
              <label for="f-city">{ui.t('catalogue.city')}</label>
              <select id="f-city" name="city">
                {option('', ui.t('common.any'), params.city)}
                {cities.map((city) => option(city.code, cityLabel(city, ui.lang), params.city))}
              </select>
            </div>
            <div>
              <label for="f-institution">{ui.t('catalogue.institution')}</label>
              <select id="f-institution" name="institution">
                {option('', ui.t('common.any'), params.institution)}
                {cities.map((city) => (
                  <optgroup label={cityLabel(city, ui.lang)}>
                    {institutions
                      .filter((i) => i.city === city.code && i.kind !== 'government')
                      .map((i) => option(i.id, i.name, params.institution))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div>
              <label for="f-category">{ui.t('catalogue.category')}</label>
              <select id="f-category" name="category">
                {option('', ui.t('common.any'), params.category)}
                {CATEGORY_CODES.map((code) => option(code, ui.t(`category.${code}`), params.category))}
              </select>
            </div>
            <div>
              <label for="f-mode">{ui.t('catalogue.mode')}</label>
              <select id="f-mode" name="mode">
                {option('', ui.t('common.any'), params.mode)}
                {option('self', ui.t('mode.self'), params.mode)}
                {option('service', ui.t('mode.service'), params.mode)}
              </select>
            </div>
            <div>
              <label for="f-from">{ui.t('catalogue.freeFrom')}</label>
              <input id="f-from" name="freeFrom" type="datetime-local" value={params.freeFrom ?? ''} />
            </div>
            <div>
              <label for="f-to">{ui.t('catalogue.freeTo')}</label>
              <input id="f-to" name="freeTo" type="datetime-local" value={params.freeTo ?? ''} />
            </div>
            <p class="hint wide">{ui.t('catalogue.freeHint')}</p>
          </div>
          <div class="actions">
            <button type="submit">{ui.t('catalogue.search')}</button>
            <a href="/">{ui.t('catalogue.reset')}</a>
          </div>
        </fieldset>
      </form>
    </search>
  )
}

const queryString = (params: Params, cursor?: string) => {
  const search = new URLSearchParams()
  for (const name of FILTERS) if (params[name]) search.set(name, params[name])
  if (cursor) search.set('cursor', cursor)
  const text = search.toString()
  return text ? `/?${text}` : '/'
}

const fieldOf = (error: AppError) => String((error.extra.errors as { path?: string }[] | undefined)?.[0]?.path ?? '')

/**
 * The page's search: the same service as `GET /instruments`, with the free window typed in Asia/Shanghai local time.
 * null when the window is refused (incomplete, reversed or longer than 62 days): the page says so with a 400.
 */
async function searchOrRefusal(c: WebContext, params: Params) {
  const wantsWindow = Boolean(params.freeFrom || params.freeTo)
  const from = fromLocalInput(params.freeFrom, DEFAULT_ZONE)
  const to = fromLocalInput(params.freeTo, DEFAULT_ZONE)
  if (wantsWindow && (from === null || to === null)) return null
  try {
    return await searchInstruments(c.var.deps, {
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
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation' && /^free/.test(fieldOf(error))) return null
    throw error
  }
}

export const cataloguePages = new Hono<WebEnv>().get('/', async (c) => {
  const ui = c.var.ui
  const { deps } = c.var
  const params: Params = {}
  for (const name of [...FILTERS, 'cursor'] as const) {
    const value = c.req.query(name)?.trim()
    if (value) params[name] = value.slice(0, 200)
  }
  const [cities, institutions, search] = await Promise.all([
    listCities(deps),
    listInstitutions(deps),
    searchOrRefusal(c, params),
  ])
  const result = search ?? { items: [], nextCursor: null }
  const windowRefused = search === null
  const institutionOf = new Map(institutions.map((i) => [i.id, i]))
  const cityOf = new Map(cities.map((city) => [city.code, city]))
  return page(c, {
    title: ui.t('catalogue.title'),
    status: windowRefused ? 400 : 200,
    body: (
      <>
        <h1>{ui.t('catalogue.title')}</h1>
        <Filters ui={ui} params={params} cities={cities} institutions={institutions} />
        {windowRefused ? <Notice kind="error">{ui.t('catalogue.freeWindowInvalid')}</Notice> : null}
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
})
