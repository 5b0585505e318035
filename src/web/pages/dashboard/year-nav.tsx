import { FIRST_YEAR, LAST_YEAR } from '../../../services/inputs/stats.js'
import { Field } from '../../components/field.js'
import type { Ui } from '../../env.js'

/** The year before and after, a year to type, and the year's CSV. */
export function YearNav({ ui, year }: { ui: Ui; year: number }) {
  return (
    <nav aria-label={ui.t('staff.dash.yearNav')} class="actions">
      <a href={`/dashboard?year=${year - 1}`} rel="prev">
        {ui.t('staff.dash.prevYear', { year: year - 1 })}
      </a>
      <form method="get" action="/dashboard" class="inline-form">
        <Field
          id="year"
          name="year"
          type="number"
          label={ui.t('staff.dash.year')}
          value={String(year)}
          class="inline"
          attrs={{ min: FIRST_YEAR, max: LAST_YEAR }}
        />
        <button type="submit" class="secondary">
          {ui.t('staff.dash.show')}
        </button>
      </form>
      <a href={`/dashboard?year=${year + 1}`} rel="next">
        {ui.t('staff.dash.nextYear', { year: year + 1 })}
      </a>
      <a href={`/dashboard/sharing-${year}.csv`} download={`sharing-${year}.csv`} class="button secondary">
        {ui.t('staff.dash.csv', { year })}
      </a>
    </nav>
  )
}
