import { BarChart, CumulativeChart, DirectionChart, paceAt } from '../../charts/index.js'
import { DataTable } from '../../components/data-table.js'
import { cityName, count, type DashboardData } from './figures.js'

/** The running total of cross-city uses against the target's even pace. */
export function CumulativeSection({ data }: { data: DashboardData }) {
  const { ui, stats, progress, months } = data
  const { year, target } = stats
  const monthly = stats.byMonth.map((m) => m.crossCityUses)
  const cumulativeNow = monthly.slice(0, progress.throughMonth).reduce((a, b) => a + b, 0)
  const pace = count(Math.round(paceAt(target, progress.throughMonth)))
  return (
    <section aria-labelledby="cumulative-h">
      <h2 id="cumulative-h">{ui.t('staff.dash.cumulative')}</h2>
      <CumulativeChart
        id="cumulative"
        monthly={monthly}
        target={target}
        throughMonth={progress.throughMonth}
        monthLabels={months}
        text={{
          title: ui.t('staff.dash.cumulativeTitle', { year }),
          desc:
            progress.throughMonth > 0
              ? ui.t('staff.dash.cumulativeDesc', {
                  month: months[progress.throughMonth - 1] ?? '',
                  n: count(cumulativeNow),
                  pace,
                  target: count(target),
                })
              : ui.t('staff.dash.cumulativeEmpty', { target: count(target) }),
          actual: ui.t('staff.dash.actual'),
          pace: ui.t('staff.dash.pace'),
        }}
      />
    </section>
  )
}

/** Each month's cross-city and all shared uses: bars, and the same figures as a table. */
export function MonthlySection({ data }: { data: DashboardData }) {
  const { ui, stats, months } = data
  return (
    <section aria-labelledby="monthly-h">
      <h2 id="monthly-h">{ui.t('staff.dash.monthly')}</h2>
      <BarChart
        id="monthly"
        labels={months}
        series={[
          { name: ui.t('staff.dash.crossCity'), values: stats.byMonth.map((m) => m.crossCityUses) },
          { name: ui.t('staff.dash.sharedAll'), values: stats.byMonth.map((m) => m.sharedUses) },
        ]}
        text={{ title: ui.t('staff.dash.monthlyTitle', { year: stats.year }), desc: ui.t('staff.dash.monthlyDesc') }}
      />
      <details>
        <summary>{ui.t('staff.dash.table')}</summary>
        <DataTable
          phone="table"
          rows={stats.byMonth}
          columns={[
            { label: ui.t('staff.dash.month'), rowHeader: true, cell: (m) => months[m.month - 1] },
            { label: ui.t('staff.dash.crossCity'), numeric: true, cell: (m) => count(m.crossCityUses) },
            { label: ui.t('staff.dash.sharedAll'), numeric: true, cell: (m) => count(m.sharedUses) },
          ]}
        />
      </details>
    </section>
  )
}

/** Uses by direction: the researcher's city → the instrument's city. */
export function DirectionsSection({ data }: { data: DashboardData }) {
  const { ui } = data
  const directions = data.stats.byDirection.map((d) => ({
    label: `${cityName(ui, data.cities, d.from)} → ${cityName(ui, data.cities, d.to)}`,
    value: d.uses,
  }))
  return (
    <section aria-labelledby="directions-h">
      <h2 id="directions-h">{ui.t('staff.dash.directions')}</h2>
      <DirectionChart
        id="directions"
        rows={directions}
        text={{
          title: ui.t('staff.dash.directions'),
          desc: directions.map((d) => `${d.label}: ${count(d.value)}`).join('; '),
        }}
      />
    </section>
  )
}
