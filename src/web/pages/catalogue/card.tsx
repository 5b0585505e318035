import type { RatingSummary } from '../../../domain/ratings.js'
import type { Institution, Instrument } from '../../../domain/types.js'
import type { ViewerPrice } from '../../../services/price-list.js'
import { InstrumentStatusBadge } from '../../components/badges.js'
import type { Ui } from '../../env.js'
import { cityLabel, formatValue } from '../../format.js'
import { RatingSummaryLine } from '../orders/rating-parts.js'
import { PriceTag } from './price-tag.js'

export type City = { code: string; name: string }

/** One instrument of the catalogue: what it is, what it is worth, where it stands, whose it is, its price and its rating. */
export function Card(props: {
  ui: Ui
  instrument: Instrument
  institution?: Institution
  city?: City
  price?: ViewerPrice
  rating?: RatingSummary
}) {
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
      <p>
        <RatingSummaryLine ui={ui} summary={props.rating} />
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
        {props.price ? <PriceTag ui={ui} price={props.price} /> : null}
      </dl>
    </li>
  )
}
