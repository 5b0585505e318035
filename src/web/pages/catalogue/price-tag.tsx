import type { ViewerPrice } from '../../../services/price-list.js'
import type { Ui } from '../../env.js'
import { formatPrice } from '../../format.js'

/** What the visitor pays on an instrument, in words: `¥180/小时 · ¥120/样`, or 免费 — for their class, or the academic price. */
export function priceText(ui: Ui, price: ViewerPrice): string {
  const parts: string[] = []
  if (price.hourFen) parts.push(ui.t('money.price.perHour', { price: formatPrice(price.hourFen) }))
  if (price.sampleFen) parts.push(ui.t('money.price.perSample', { price: formatPrice(price.sampleFen) }))
  return parts.length > 0 ? parts.join(' · ') : ui.t('money.price.free')
}

/** The price line of a catalogue card: the price, then whose price it is. */
export function PriceTag({ ui, price }: { ui: Ui; price: ViewerPrice }) {
  return (
    <>
      <dt>{ui.t('money.price.label')}</dt>
      <dd class="price">
        <strong>{priceText(ui, price)}</strong>{' '}
        <small class="muted">
          {price.own
            ? ui.t('money.price.yourClass', { class: ui.t(`money.class.${price.priceClass}`) })
            : ui.t('money.price.shownClass')}
        </small>
      </dd>
    </>
  )
}
