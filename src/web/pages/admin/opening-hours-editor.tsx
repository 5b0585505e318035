import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import type { Ui } from '../../env.js'
import type { FieldErrors, HoursRow } from './instrument-form-values.js'
import { errorMessage, fieldLabel } from './schema-field.js'

/*
 * The weekly opening hours, without a script: each row one period; blank rows add periods, a ticked "remove" or
 * cleared times remove them, and "more rows" re-renders the form as typed with more blank rows.
 */

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
const TIME = { pattern: '\\d{2}:\\d{2}', inputmode: 'numeric', size: 6 }

interface Row extends HoursRow {
  index: number
  /** a row of a saved period (it can be removed), not one of the blank rows */
  saved: boolean
}

export function OpeningHoursEditor(props: { ui: Ui; hours: HoursRow[]; spareRows: number; errors: FieldErrors }) {
  const { ui, errors } = props
  const blank = { weekday: '1', open: '', close: '' }
  const rows: Row[] = [...props.hours, ...Array.from({ length: props.spareRows }, () => blank)].map((row, index) => ({
    ...row,
    index,
    saved: index < props.hours.length,
  }))
  const time = (row: Row, part: 'open' | 'close', example: string) => (
    <Field
      id={`h-${row.index}-${part}`}
      name={`hours.${row.index}.${part}`}
      label={ui.t(part === 'open' ? 'staff.hours.rowOpen' : 'staff.hours.rowClose', { n: row.index + 1 })}
      hideLabel
      value={row[part]}
      error={errorMessage(ui, errors[`hours.${row.index}.${part}`])}
      attrs={{ ...TIME, placeholder: example }}
    />
  )
  return (
    <fieldset>
      <legend>{fieldLabel(ui, 'openingHours')}</legend>
      <p class="hint">{ui.t('staff.hours.hint')}</p>
      <DataTable
        phone="lines"
        rows={rows}
        columns={[
          {
            label: ui.t('staff.hours.weekday'),
            cell: (row) => (
              <Field
                id={`h-${row.index}-weekday`}
                name={`hours.${row.index}.weekday`}
                label={ui.t('staff.hours.rowWeekday', { n: row.index + 1 })}
                hideLabel
                type="select"
                value={row.weekday}
                options={WEEKDAYS.map((d) => ({ value: String(d), label: ui.t(`weekday.${d}`) }))}
                error={errorMessage(ui, errors[`hours.${row.index}.weekday`])}
              />
            ),
          },
          { label: ui.t('staff.hours.open'), cell: (row) => time(row, 'open', '08:00') },
          { label: ui.t('staff.hours.close'), cell: (row) => time(row, 'close', '18:00') },
          {
            label: ui.t('staff.hours.remove'),
            actions: true,
            cell: (row) =>
              row.saved ? (
                <Field
                  id={`h-${row.index}-remove`}
                  name={`hours.${row.index}.remove`}
                  type="checkbox"
                  label={
                    <>
                      <span class="visually-hidden">{ui.t('staff.hours.rowRemove', { n: row.index + 1 })}</span>
                      <span aria-hidden="true">{ui.t('staff.hours.remove')}</span>
                    </>
                  }
                />
              ) : (
                <span class="muted">{ui.t('staff.hours.newRow')}</span>
              ),
          },
        ]}
      />
      <button type="submit" name="intent" value="more-rows" class="secondary" formnovalidate>
        {ui.t('staff.hours.more')}
      </button>
    </fieldset>
  )
}
