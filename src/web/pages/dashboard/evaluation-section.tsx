import type { EvaluationFigures } from '../../../domain/evaluation/figures.js'
import type { Institution } from '../../../domain/types.js'
import type { Ui } from '../../env.js'
import { type InstitutionRow, InstitutionsTable, type SortOrder } from '../evaluation/institutions-table.js'
import { InstrumentsTable } from '../evaluation/instruments-table.js'
import { MeansNote } from '../evaluation/means-note.js'
import { ShareChartSection } from '../evaluation/share-chart.js'
import { cityName } from './figures.js'

/**
 * 开放共享评价 on the talent office's dashboard, a section of its own: every institution of both cities in a table
 * sorted on the server (`?sort=&dir=`), the chart of share rate against effective hours, and every instrument's
 * figures with the flagged large instruments first. The figures are GET /evaluation's for every institution.
 */
export function EvaluationSection(props: {
  ui: Ui
  figures: EvaluationFigures
  institutions: readonly Institution[]
  cities: Map<string, string>
  order: SortOrder
}) {
  const { ui, figures, order } = props
  const byId = new Map(props.institutions.map((i) => [i.id, i]))
  const names = new Map(props.institutions.map((i) => [i.id, i.name]))
  const rows: InstitutionRow[] = figures.institutions.map((f) => {
    const institution = byId.get(f.institutionId)
    return {
      ...f,
      name: institution?.name ?? f.institutionId,
      city: institution ? cityName(ui, props.cities, institution.city) : '',
    }
  })
  return (
    <>
      <section aria-labelledby="evaluation-h" id="evaluation">
        <h2 id="evaluation-h">{ui.t('eval.dash')}</h2>
        <p class="muted">{ui.t('eval.dashIntro')}</p>
        <MeansNote ui={ui} figures={figures} />
        <p class="actions">
          <a
            href={`/dashboard/evaluation-${figures.year}.csv`}
            download={`evaluation-${figures.year}.csv`}
            class="button secondary"
          >
            {ui.t('eval.csv', { year: figures.year })}
          </a>
        </p>
        {rows.length === 0 ? (
          <p class="muted">{ui.t('eval.noInstitutions')}</p>
        ) : (
          <InstitutionsTable
            ui={ui}
            rows={rows}
            order={order}
            path="/dashboard"
            params={{ year: String(figures.year) }}
            anchor="evaluation-h"
          />
        )}
      </section>
      {figures.instruments.length > 0 ? (
        <ShareChartSection
          ui={ui}
          id="evaluation-chart"
          figures={figures}
          institutionNames={names}
          table={<InstrumentsTable ui={ui} figures={figures} institutionNames={names} />}
        />
      ) : null}
    </>
  )
}

/** An institute admin's dashboard points to its own institution's evaluation page. */
export function EvaluationLink({ ui, year }: { ui: Ui; year: number }) {
  return (
    <p class="actions">
      <a href={`/admin/evaluation?year=${year}`}>{ui.t('eval.adminLink')}</a>
    </p>
  )
}
