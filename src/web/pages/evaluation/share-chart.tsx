import type { Child } from 'hono/jsx'
import type { EvaluationFigures } from '../../../domain/evaluation/figures.js'
import { ScatterChart } from '../../charts/index.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { hoursShown, isProRata, rateShown } from './format.js'

/**
 * 共享率 against 有效工作机时, one point per instrument with hours (flagged large instruments as triangles), the
 * national mean of effective hours as a dashed line; the same figures as a table below the chart (`table`, or a
 * compact one of the plotted instruments). A year in which no instrument has hours has nothing to plot: it says so.
 */
export function ShareChartSection(props: {
  ui: Ui
  id: string
  figures: EvaluationFigures
  institutionNames: ReadonlyMap<string, string>
  table?: Child
}) {
  const { ui, figures, institutionNames } = props
  const plotted = figures.instruments.filter((f) => f.shareRate !== null)
  const name = (institutionId: string) => institutionNames.get(institutionId) ?? ''
  const points = plotted.map((f) => ({
    x: f.effectiveHours,
    y: f.shareRate ?? 0,
    marked: f.flags.length > 0,
    label: ui.t('eval.chartPoint', {
      name: f.name,
      institution: name(f.institutionId),
      hours: hoursShown(f.effectiveHours),
      rate: rateShown(f.shareRate),
    }),
  }))
  const t = figures.thresholds
  const reference = t && t.daysCounted > 0 ? { x: t.effectiveHours, label: ui.t('eval.chartMeanLabel') } : undefined
  const desc = [
    ui.t('eval.chartDesc', {
      n: plotted.length,
      flagged: points.filter((p) => p.marked).length,
      idle: figures.instruments.length - plotted.length,
    }),
    reference
      ? ui.t('eval.chartMean', {
          hours: hoursShown(reference.x),
          proRata: isProRata(figures) ? ui.t('eval.flag.proRata') : '',
        })
      : '',
  ].join(' ')
  return (
    <section aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{ui.t('eval.chart')}</h2>
      {plotted.length === 0 ? (
        <p class="muted">{ui.t('eval.chartEmpty')}</p>
      ) : (
        <>
          <ScatterChart
            id={props.id}
            points={points}
            reference={reference}
            formatX={(n) => n.toLocaleString('en-US')}
            formatY={(n) => `${Math.round(n * 100)}%`}
            text={{
              title: ui.t('eval.chartTitle', { year: figures.year }),
              desc,
              xAxis: ui.t('eval.chartX'),
              yAxis: ui.t('eval.chartY'),
              marked: ui.t('eval.chartFlagged'),
              other: ui.t('eval.chartOther'),
            }}
          />
          <p class="hint">{desc}</p>
        </>
      )}
      {props.table === undefined && plotted.length === 0 ? null : (
        <details>
          <summary>{ui.t('eval.chartTable')}</summary>
          {props.table ?? (
            <DataTable
              rows={plotted}
              rowId={(f) => `${props.id}-${f.instrumentId}`}
              columns={[
                { label: ui.t('eval.col.instrument'), rowHeader: true, cell: (f) => f.name },
                { label: ui.t('eval.col.institution'), cell: (f) => name(f.institutionId) },
                { label: ui.t('eval.col.effective'), numeric: true, cell: (f) => hoursShown(f.effectiveHours) },
                { label: ui.t('eval.col.shareRate'), numeric: true, cell: (f) => rateShown(f.shareRate) },
                {
                  label: ui.t('eval.col.flags'),
                  cell: (f) => (f.flags.length > 0 ? ui.t('eval.chartFlagged') : ui.t('eval.none')),
                },
              ]}
            />
          )}
        </details>
      )}
    </section>
  )
}
