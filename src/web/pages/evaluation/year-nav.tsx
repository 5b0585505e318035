import { FIRST_YEAR, LAST_YEAR } from '../../../services/inputs/stats.js'
import { Field } from '../../components/field.js'
import type { Ui } from '../../env.js'

/**
 * The year before and after, a year to type, and the year's CSV. `params` are kept in every link and in the form
 * (a platform admin's `institution`).
 */
export function EvaluationYearNav(props: {
  ui: Ui
  year: number
  path: string
  params?: Record<string, string>
  csvHref: string
}) {
  const { ui, year, path } = props
  const params = props.params ?? {}
  const href = (y: number) => `${path}?${new URLSearchParams({ ...params, year: String(y) })}`
  return (
    <>
      <nav aria-label={ui.t('eval.yearNav')} class="actions">
        {year > FIRST_YEAR ? (
          <a href={href(year - 1)} rel="prev">
            {ui.t('eval.prevYear', { year: year - 1 })}
          </a>
        ) : null}
        <form method="get" action={path} class="inline-form">
          {Object.entries(params).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <Field
            id="evaluation-year"
            name="year"
            type="number"
            label={ui.t('eval.year')}
            value={String(year)}
            class="inline"
            attrs={{ min: FIRST_YEAR, max: LAST_YEAR }}
          />
          <button type="submit" class="secondary">
            {ui.t('eval.show')}
          </button>
        </form>
        {year < LAST_YEAR ? (
          <a href={href(year + 1)} rel="next">
            {ui.t('eval.nextYear', { year: year + 1 })}
          </a>
        ) : null}
        <a href={props.csvHref} download={`evaluation-${year}.csv`} class="button secondary">
          {ui.t('eval.csv', { year })}
        </a>
      </nav>
      <p class="hint">{ui.t('eval.csvHint')}</p>
    </>
  )
}
