import { PRICE_CLASSES, type PriceClass, type RateCard } from '../../../domain/money/rates.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { formatMinutes, formatPrice } from '../../format.js'

/*
 * 收费标准 on the instrument's page: the price of each class of user for an hour and for a sample, the viewer's
 * own class marked, and the terms in plain words — how time is billed, what a late cancellation and a no-show cost.
 * The table has no city column because the card has none (同城待遇), and the page says so.
 */

/** The billing and cancellation terms of a card, one sentence each. */
export function termsOf(ui: Ui, card: RateCard): string[] {
  const increment = formatMinutes(card.incrementMinutes, ui.t)
  const terms = [ui.t(`money.terms.${card.chargeBasis}`, { increment })]
  terms.push(
    card.lateCancelPercent === 0
      ? ui.t('money.terms.freeCancel')
      : ui.t('money.terms.lateCancel', { hours: card.freeCancelHours, percent: card.lateCancelPercent }),
  )
  terms.push(
    card.noShowPercent === 0
      ? ui.t('money.terms.noShowFree')
      : ui.t('money.terms.noShow', { percent: card.noShowPercent }),
  )
  return terms
}

const isFree = (card: RateCard) => PRICE_CLASSES.every((c) => !(card.hour?.[c] ?? 0) && !(card.sample?.[c] ?? 0))

export function PriceSection(props: { ui: Ui; rates: RateCard; viewerClass: PriceClass | null }) {
  const { ui, rates, viewerClass } = props
  const price = (fen: number | undefined, unit: 'perHour' | 'perSample') =>
    fen ? ui.t(`money.price.${unit}`, { price: formatPrice(fen) }) : ui.t('money.price.free')
  return (
    <section aria-labelledby="prices-h" id="prices">
      <h2 id="prices-h">{ui.t('money.rates.title')}</h2>
      {isFree(rates) ? (
        <p>{ui.t('money.rates.free')}</p>
      ) : (
        <DataTable
          phone="table"
          rows={PRICE_CLASSES}
          rowId={(c) => `price-${c}`}
          rowClass={(c) => (c === viewerClass ? 'mine' : undefined)}
          columns={[
            {
              label: ui.t('money.rates.class'),
              rowHeader: true,
              cell: (c) => (
                <>
                  {c === viewerClass ? <strong>{ui.t(`money.class.${c}`)}</strong> : ui.t(`money.class.${c}`)}
                  {c === viewerClass ? (
                    <>
                      {' '}
                      <span class="badge info">{ui.t('money.rates.yours')}</span>
                    </>
                  ) : null}
                  <br />
                  <small class="muted">{ui.t(`money.classWho.${c}`)}</small>
                </>
              ),
            },
            { label: ui.t('money.rates.hour'), numeric: true, cell: (c) => price(rates.hour?.[c], 'perHour') },
            ...(rates.sample
              ? [
                  {
                    label: ui.t('money.rates.sample'),
                    numeric: true,
                    cell: (c: PriceClass) => price(rates.sample?.[c], 'perSample'),
                  },
                ]
              : []),
          ]}
        />
      )}
      <p class="hint">{ui.t('money.rates.sameCity')}</p>
      <h3>{ui.t('money.terms.title')}</h3>
      <ul>
        {termsOf(ui, rates).map((term) => (
          <li>{term}</li>
        ))}
        <li>{ui.t('money.terms.vouchers')}</li>
        <li>{ui.t('money.terms.tax')}</li>
      </ul>
    </section>
  )
}
