import type { Institution, Instrument } from '../../../domain/types.js'
import { InstrumentStatusBadge } from '../../components/badges.js'
import type { Ui } from '../../env.js'
import { cityLabel, formatValue } from '../../format.js'

export type City = { code: string; name: string }

/** One instrument of the catalogue: what it is, what it is worth, where it stands and whose it is. */
export function Card(props: { ui: Ui; instrument: Instrument; institution?: Institution; city?: City }) {
  const { ui, instrument, institution, city } = props
  return (
    <li class="card">
      <h3>
        <a href={`/instruments/${instrument.id}`}>{instrument.name}</a>
      </h3>
      <p class="muted">
        {ui.t(`category.${instrument.category}`)} · {ui.t(`mode.${instrument.mode}`)}{' '}
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
