import { CHARGE_BASES, PRICE_CLASSES } from '../../../domain/money/rates.js'
import { cardPreview } from '../../../services/price-list.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import type { Ui } from '../../env.js'
import { formatMinutes, formatPrice } from '../../format.js'
import type { FieldErrors } from './instrument-form-values.js'
import { cardOfValues, PRICE_KINDS, type PriceKind, type RateCardValues, rateField } from './rate-card-values.js'
import { errorMessage, fieldLabel } from './schema-field.js'

/*
 * The rate card (收费标准) in the admin's instrument form: a price per class for an hour and for a sample, the
 * billing terms, and a preview of what one hour and one sample cost each class — drawn from the values as shown
 * (saved, or as typed after "update the preview"), by the same domain rules that will bill them.
 */

const ROW_LABEL = { hour: 'money.editor.row.hour', sample: 'money.editor.row.sample' } as const
const TERMS = [
  ['incrementMinutes', 'money.editor.increment', 1, 1440],
  ['freeCancelHours', 'money.editor.freeCancelHours', 0, 720],
  ['lateCancelPercent', 'money.editor.lateCancelPercent', 0, 100],
  ['noShowPercent', 'money.editor.noShowPercent', 0, 100],
] as const

function Preview({ ui, values }: { ui: Ui; values: RateCardValues }) {
  const card = cardOfValues(values)
  if (!card) return <p class="hint">{ui.t('money.editor.previewInvalid')}</p>
  const rows = cardPreview(card)
  const price = (fen: number | null) => (fen === null || fen === 0 ? ui.t('money.price.free') : formatPrice(fen))
  const billed = rows[0]?.hourBilledMinutes ?? 60
  return (
    <>
      <DataTable
        phone="table"
        rows={rows}
        rowId={(row) => `preview-${row.priceClass}`}
        columns={[
          { label: ui.t('money.rates.class'), rowHeader: true, cell: (row) => ui.t(`money.class.${row.priceClass}`) },
          {
            label: `${ui.t('money.editor.previewHour')}${billed !== 60 ? ui.t('money.editor.previewBilled', { n: formatMinutes(billed, ui.t) }) : ''}`,
            numeric: true,
            cell: (row) => price(row.hourFen),
          },
          { label: ui.t('money.editor.previewSample'), numeric: true, cell: (row) => price(row.sampleFen) },
        ]}
      />
      <p class="hint">{ui.t('money.editor.sameCity')}</p>
    </>
  )
}

export function RateCardEditor(props: { ui: Ui; values: RateCardValues; errors: FieldErrors }) {
  const { ui, values, errors } = props
  const error = (...path: string[]) => errorMessage(ui, errors[rateField(...path)])
  const priceCell = (kind: PriceKind, priceClass: (typeof PRICE_CLASSES)[number]) => (
    <Field
      id={`r-${kind}-${priceClass}`}
      name={rateField(kind, priceClass)}
      label={ui.t('money.editor.cell', {
        row: ui.t(ROW_LABEL[kind]),
        class: ui.t(`money.class.${priceClass}`),
      })}
      hideLabel
      value={values[kind][priceClass]}
      error={error(kind, priceClass) ?? error(kind)}
      attrs={{ inputmode: 'decimal', size: 9, placeholder: '0.00' }}
    />
  )
  return (
    <fieldset id="rates">
      <legend>{fieldLabel(ui, 'rates')}</legend>
      <p class="hint">{ui.t('money.editor.hint')}</p>
      <DataTable
        phone="lines"
        rows={PRICE_KINDS}
        rowId={(kind) => `rates-${kind}`}
        columns={[
          { label: ui.t('money.editor.item'), rowHeader: true, cell: (kind) => ui.t(ROW_LABEL[kind]) },
          ...PRICE_CLASSES.map((priceClass) => ({
            label: ui.t(`money.class.${priceClass}`),
            cell: (kind: PriceKind) => priceCell(kind, priceClass),
          })),
        ]}
      />
      <div class="filters">
        <Field
          id="r-chargeBasis"
          name={rateField('chargeBasis')}
          type="select"
          label={ui.t('money.editor.basis')}
          value={values.chargeBasis}
          options={CHARGE_BASES.map((basis) => ({ value: basis, label: ui.t(`money.basis.${basis}`) }))}
          error={error('chargeBasis')}
        />
        {TERMS.map(([term, label, min, max]) => (
          <Field
            id={`r-${term}`}
            name={rateField(term)}
            type="number"
            label={ui.t(label)}
            value={values[term]}
            required
            error={error(term)}
            attrs={{ inputmode: 'numeric', min, max, step: 1 }}
          />
        ))}
      </div>
      <h3>{ui.t('money.editor.preview')}</h3>
      <Preview ui={ui} values={values} />
      <button type="submit" name="intent" value="preview" class="secondary" formnovalidate>
        {ui.t('money.editor.previewUpdate')}
      </button>
    </fieldset>
  )
}
