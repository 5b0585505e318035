import type { RecognitionFigures } from '../../../domain/recognition.js'
import { DataTable } from '../../components/data-table.js'
import { cityName, count, type DashboardData } from './figures.js'

/**
 * 资格互认: the recognitions in force today by direction (the issuing institution's city → the instrument's city)
 * and the year's uses made under one — the figures of GET /stats/sharing's `recognitions`.
 */
export function RecognitionSection({ data, figures }: { data: DashboardData; figures: RecognitionFigures }) {
  const { ui } = data
  return (
    <section aria-labelledby="recognition-h">
      <h2 id="recognition-h">{ui.t('staff.dash.recognition')}</h2>
      <dl class="facts">
        <dt>{ui.t('staff.dash.recognitionsInForce')}</dt>
        <dd id="recognitions-in-force">{count(figures.inForce)}</dd>
        <dt>{ui.t('staff.dash.usesUnderRecognition', { year: data.stats.year })}</dt>
        <dd id="uses-under-recognition">{count(figures.usesUnderRecognition)}</dd>
      </dl>
      <DataTable
        phone="table"
        rows={figures.byDirection}
        columns={[
          {
            label: ui.t('staff.dash.recognitionDirection'),
            rowHeader: true,
            cell: (d) => `${cityName(ui, data.cities, d.from)} → ${cityName(ui, data.cities, d.to)}`,
          },
          { label: ui.t('staff.dash.recognitionsNow'), numeric: true, cell: (d) => count(d.count) },
        ]}
      />
      <p class="hint">{ui.t('staff.dash.recognitionHint')}</p>
    </section>
  )
}
