import type { VoucherChoice } from '../../../services/price-list.js'
import type { Quote } from '../../../services/quotes.js'
import { Field, type Option } from '../../components/field.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDate, formatFen, formatPrice } from '../../format.js'

/*
 * The money of the booking form: the quote of the chosen time (server-rendered by `quote`, the API's own; the small
 * script marks it out of date when the time changes in place, and "update the cost" renders it again), the voucher
 * picker with every voucher of the booker's institution — those that do not apply shown disabled with the reason —
 * and the fund account (经费卡号 / 课题号) copied onto the statement.
 */

export interface BookingMoney {
  /** the quote of the chosen time (with the chosen voucher when it applies); null before a time is chosen */
  quote: Quote | null
  choices: VoucherChoice[]
}

export function QuoteBox({ ui, quote }: { ui: Ui; quote: Quote | null }) {
  return (
    <section id="quote" aria-labelledby="quote-h" class="quote">
      <h3 id="quote-h">{ui.t('money.quote.title')}</h3>
      {quote === null ? (
        <p class="hint">{ui.t('money.quote.pick')}</p>
      ) : (
        <div class="quote-figures" data-charge={String(quote.chargeFen)} data-deduction={String(quote.deductionFen)}>
          <dl class="facts">
            <dt>{ui.t('money.quote.charge')}</dt>
            <dd>
              {quote.chargeFen === 0
                ? ui.t('money.price.free')
                : ui.t('money.quote.chargeValue', {
                    hours: String(quote.quantity),
                    price: formatPrice(quote.unitPriceFen),
                    amount: formatFen(quote.chargeFen),
                  })}
            </dd>
            {quote.deductionFen > 0 ? (
              <>
                <dt>{ui.t('money.quote.deduction')}</dt>
                <dd>−{formatFen(quote.deductionFen)}</dd>
              </>
            ) : null}
            <dt>{ui.t('money.quote.payable')}</dt>
            <dd>
              <strong data-payable={String(quote.payableFen)}>{formatFen(quote.payableFen)}</strong>
            </dd>
          </dl>
          <p class="hint">
            {ui.t('money.quote.class', { class: ui.t(`money.class.${quote.priceClass}`) })} ·{' '}
            {ui.t('money.quote.noteBooked')}
            {quote.deductionFen > 0 ? ` ${ui.t('money.quote.noteVoucher')}` : ''}
          </p>
        </div>
      )}
      <p class="hint stale-note" role="status">
        {ui.t('money.quote.stale')}
      </p>
    </section>
  )
}

/** One voucher as an option: programme, balance and expiry; one that does not apply, with why, not choosable. */
function optionOf(ui: Ui, choice: VoucherChoice): Option {
  const { voucher, refusal } = choice
  return refusal === null
    ? {
        value: voucher.id,
        label: ui.t('money.voucher.option', {
          program: voucher.programName,
          balance: formatFen(voucher.balanceFen),
          expires: formatDate(voucher.expiresAt, DEFAULT_ZONE, ui.lang),
        }),
      }
    : {
        value: voucher.id,
        label: ui.t('money.voucher.unusable', {
          program: voucher.programName,
          reason: ui.t(`money.refusal.${refusal}`),
        }),
        disabled: true,
      }
}

export function VoucherPicker(props: { ui: Ui; choices: VoucherChoice[]; value: string; error?: string }) {
  const { ui, choices } = props
  if (choices.length === 0) return null
  const usable = choices.some((c) => c.refusal === null)
  return (
    <Field
      id="book-voucher"
      name="voucherId"
      type="select"
      label={ui.t('money.voucher.label')}
      value={props.value}
      options={[{ value: '', label: ui.t('money.voucher.none') }, ...choices.map((c) => optionOf(ui, c))]}
      hint={usable ? ui.t('money.voucher.hint') : ui.t('money.voucher.noneHeld')}
      error={props.error}
    />
  )
}

export function FundAccountField({ ui, value }: { ui: Ui; value: string }) {
  return (
    <Field
      id="book-fund"
      name="fundAccount"
      label={ui.t('money.fundAccount.label')}
      hint={ui.t('money.fundAccount.hint')}
      value={value}
      attrs={{ maxlength: 100, autocomplete: 'off' }}
    />
  )
}
