import { DELIVERIES, HAZARDS, MAX_SAMPLES, MIN_SAMPLES, SAMPLE_FORMS, takesSamples } from '../../../domain/orders.js'
import type { Instrument } from '../../../domain/types.js'
import type { ViewerPrice } from '../../../services/price-list.js'
import type { VoucherView } from '../../../services/vouchers.js'
import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { yuan } from './order-parts.js'

/** The order form as typed (strings, as posted), and the reason it was refused. */
export interface OrderFormState {
  values: Record<string, string>
  error?: string
}

export const EMPTY_ORDER_FORM: OrderFormState = { values: { samples: '1', hazard: 'none', delivery: 'courier' } }

/**
 * 送样检测: the sample order form of an instrument that takes samples, with the price per sample the viewer pays
 * (their institution's class; signed out, the academic price, said as such).
 */
export function OrderForm(props: {
  ui: Ui
  instrument: Instrument
  price: ViewerPrice
  state: OrderFormState
  vouchers: readonly VoucherView[]
}) {
  const { ui, instrument, price, state } = props
  const paid = instrument.rates.sample !== null
  if (!takesSamples(instrument)) return null
  const v = state.values
  const canOrder = ui.user !== null && (ui.user.role === 'researcher' || ui.user.role === 'institution_admin')
  return (
    <section id="order" aria-labelledby="order-heading">
      <h2 id="order-heading">{ui.t('order.title')}</h2>
      <p>{ui.t('order.intro')}</p>
      <p class="hint">
        {!price.sampleFen ? (
          ui.t('order.free')
        ) : (
          <>
            {ui.t('order.price', { price: yuan(price.sampleFen) })}{' '}
            <small class="muted">
              {price.own
                ? ui.t('money.price.yourClass', { class: ui.t(`money.class.${price.priceClass}`) })
                : ui.t('money.price.shownClass')}
            </small>
          </>
        )}
      </p>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      {!ui.user ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(`/instruments/${instrument.id}#order`)}`}>
            {ui.t('order.signIn')}
          </a>
        </p>
      ) : !canOrder ? (
        <p>{ui.t('order.notAllowed')}</p>
      ) : (
        <PostForm ui={ui} action={`/instruments/${instrument.id}/order`} class="stack">
          <Field
            id="order-samples"
            name="samples"
            type="number"
            label={ui.t('order.samples')}
            required
            value={v.samples}
            attrs={{ min: MIN_SAMPLES, max: MAX_SAMPLES, step: 1, inputmode: 'numeric' }}
          />
          <Field
            id="order-description"
            name="sampleDescription"
            type="textarea"
            label={ui.t('order.sampleDescription')}
            hint={ui.t('order.sampleDescriptionHint')}
            required
            value={v.sampleDescription}
            attrs={{ maxlength: 2000 }}
          />
          <Field
            id="order-form"
            name="sampleForm"
            type="select"
            label={ui.t('order.sampleForm')}
            value={v.sampleForm ?? ''}
            options={[
              { value: '', label: ui.t('order.sampleFormUnsaid') },
              ...SAMPLE_FORMS.map((f) => ({ value: f, label: ui.t(`order.form.${f}`) })),
            ]}
          />
          <Field
            id="order-hazard"
            name="hazard"
            type="select"
            label={ui.t('order.hazard')}
            hint={ui.t('order.hazardHint')}
            required
            value={v.hazard}
            options={HAZARDS.map((h) => ({ value: h, label: ui.t(`order.hazard.${h}`) }))}
          />
          <Field
            id="order-tests"
            name="tests"
            type="textarea"
            label={ui.t('order.tests')}
            required
            value={v.tests}
            attrs={{ maxlength: 2000 }}
          />
          <Field
            id="order-turnaround"
            name="turnaroundDays"
            type="number"
            label={ui.t('order.turnaround')}
            value={v.turnaroundDays}
            attrs={{ min: 1, max: 365, step: 1, inputmode: 'numeric' }}
          />
          <Field
            id="order-delivery"
            name="delivery"
            type="select"
            label={ui.t('order.delivery')}
            value={v.delivery}
            options={DELIVERIES.map((d) => ({ value: d, label: ui.t(`order.delivery.${d}`) }))}
          />
          <Field
            id="order-tracking"
            name="trackingNumber"
            label={ui.t('order.tracking')}
            hint={ui.t('order.trackingHint')}
            value={v.trackingNumber}
            attrs={{ maxlength: 60, autocomplete: 'off' }}
          />
          {paid ? (
            <>
              {props.vouchers.length > 0 ? (
                <Field
                  id="order-voucher"
                  name="voucherId"
                  type="select"
                  label={ui.t('order.voucher')}
                  value={v.voucherId ?? ''}
                  options={[
                    { value: '', label: ui.t('order.voucherNone') },
                    ...props.vouchers.map((voucher) => ({
                      value: voucher.id,
                      label: ui.t('order.voucherOption', {
                        program: voucher.programName,
                        balance: yuan(voucher.balanceFen),
                      }),
                    })),
                  ]}
                />
              ) : null}
              <Field
                id="order-fund"
                name="fundAccount"
                label={ui.t('order.fundAccount')}
                value={v.fundAccount}
                attrs={{ maxlength: 100 }}
              />
            </>
          ) : null}
          <div class="actions">
            <button type="submit">{ui.t('order.submit')}</button>
          </div>
        </PostForm>
      )}
    </section>
  )
}
