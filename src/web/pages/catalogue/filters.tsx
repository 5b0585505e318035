import { CATEGORY_CODES } from '../../../domain/categories.js'
import { INSTRUMENT_MODES, type Institution } from '../../../domain/types.js'
import { Field, type Option, type OptionGroup } from '../../components/field.js'
import type { Ui } from '../../env.js'
import { cityLabel } from '../../format.js'
import type { City } from './card.js'

export const FILTERS = ['q', 'city', 'institution', 'category', 'mode', 'freeFrom', 'freeTo'] as const
export type Params = Partial<Record<(typeof FILTERS)[number] | 'cursor', string>>

/** The search form (GET, so a search is a link): words, city, institution, category, mode and a free window. */
export function Filters(props: { ui: Ui; params: Params; cities: City[]; institutions: Institution[] }) {
  const { ui, params, cities } = props
  const institutionsIn = (city: City) =>
    props.institutions
      .filter((i) => i.city === city.code && i.kind !== 'government')
      .map((i) => ({ value: i.id, label: i.name }))
  /** A filter chosen from a list, "any" first. */
  const choice = (id: string, name: keyof Params, label: string, options: (Option | OptionGroup)[]) => (
    <Field
      id={id}
      name={name}
      type="select"
      label={label}
      value={params[name] ?? ''}
      options={[{ value: '', label: ui.t('common.any') }, ...options]}
    />
  )
  const when = (id: string, name: 'freeFrom' | 'freeTo') => (
    <Field id={id} name={name} type="datetime-local" label={ui.t(`catalogue.${name}`)} value={params[name] ?? ''} />
  )
  return (
    <search>
      <form method="get" action="/">
        <fieldset>
          <legend>{ui.t('catalogue.searchLegend')}</legend>
          <div class="filters">
            <Field
              id="f-q"
              name="q"
              type="search"
              label={ui.t('catalogue.q')}
              value={params.q ?? ''}
              class="wide"
              attrs={{ placeholder: ui.t('catalogue.qHint') }}
            />
            {choice(
              'f-city',
              'city',
              ui.t('catalogue.city'),
              cities.map((city) => ({ value: city.code, label: cityLabel(city, ui.lang) })),
            )}
            {choice(
              'f-institution',
              'institution',
              ui.t('catalogue.institution'),
              cities.map((city) => ({ group: cityLabel(city, ui.lang), options: institutionsIn(city) })),
            )}
            {choice(
              'f-category',
              'category',
              ui.t('catalogue.category'),
              CATEGORY_CODES.map((code) => ({ value: code, label: ui.t(`category.${code}`) })),
            )}
            {choice(
              'f-mode',
              'mode',
              ui.t('catalogue.mode'),
              INSTRUMENT_MODES.map((mode) => ({ value: mode, label: ui.t(`mode.${mode}`) })),
            )}
            {when('f-from', 'freeFrom')}
            {when('f-to', 'freeTo')}
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
