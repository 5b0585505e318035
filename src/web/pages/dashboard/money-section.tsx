import type { MoneyAmounts, MoneyStats } from '../../../domain/money/statistics.js'
import { BarChart } from '../../charts/index.js'
import { type Column, DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { formatFen, formatPrice } from '../../format.js'
import { cityName, type DashboardData } from './figures.js'

/*
 * The dashboard's money (GET /stats/money): the year's service income by direction and class of user, the voucher
 * deductions by programme, and the mean price per hour that same-city and cross-city users of each class paid, side
 * by side as a table and a chart. Equal means are same-city treatment (同城待遇) measured on the uses: the page shows
 * the difference the data gives, it does not assert it.
 */

const amountColumns = <Row extends MoneyAmounts>(ui: Ui): Column<Row>[] => [
  { label: ui.t('money.dash.charges'), numeric: true, cell: (row) => formatFen(row.chargeFen) },
  { label: ui.t('money.dash.fees'), numeric: true, cell: (row) => formatFen(row.feeFen) },
  { label: ui.t('money.dash.deductions'), numeric: true, cell: (row) => formatFen(row.deductionFen) },
  { label: ui.t('money.dash.payable'), numeric: true, cell: (row) => formatFen(row.payableFen) },
]

function IncomeSection({ data, money }: { data: DashboardData; money: MoneyStats }) {
  const { ui } = data
  const direction = (row: MoneyStats['byDirection'][number]) =>
    `${cityName(ui, data.cities, row.from)} → ${cityName(ui, data.cities, row.to)}`
  return (
    <section aria-labelledby="income-h" id="income">
      <h2 id="income-h">{ui.t('money.dash.income')}</h2>
      <p class="hint">{ui.t('money.dash.incomeHint', { year: money.year })}</p>
      {/* four amounts of up to a million yuan do not fit a phone's width side by side: a card there, as below */}
      <DataTable
        rows={[money.totals]}
        rowId={() => 'income-total'}
        columns={[
          { label: ui.t('money.st.totals'), rowHeader: true, cell: () => String(money.year) },
          ...amountColumns<MoneyAmounts>(ui),
        ]}
      />
      <h3>{ui.t('money.dash.byDirection')}</h3>
      <DataTable
        rows={money.byDirection}
        rowId={(row) => `income-${row.from}-${row.to}`}
        columns={[{ label: ui.t('money.dash.direction'), rowHeader: true, cell: direction }, ...amountColumns(ui)]}
      />
      <h3>{ui.t('money.dash.byClass')}</h3>
      <DataTable
        rows={money.byClass}
        rowId={(row) => `income-class-${row.priceClass}`}
        columns={[
          { label: ui.t('money.rates.class'), rowHeader: true, cell: (row) => ui.t(`money.class.${row.priceClass}`) },
          ...amountColumns(ui),
        ]}
      />
      <h3>{ui.t('money.dash.byProgram')}</h3>
      {money.deductionsByProgram.length === 0 ? (
        <p class="muted">{ui.t('money.dash.noDeductions')}</p>
      ) : (
        <DataTable
          phone="table"
          rows={money.deductionsByProgram}
          rowId={(row) => `deductions-${row.programId}`}
          columns={[
            { label: ui.t('money.dash.program'), rowHeader: true, cell: (row) => row.name },
            { label: ui.t('money.program.city'), cell: (row) => cityName(ui, data.cities, row.city) },
            { label: ui.t('money.dash.deductions'), numeric: true, cell: (row) => formatFen(row.deductionFen) },
          ]}
        />
      )}
    </section>
  )
}

type HourlyRow = MoneyStats['hourlyPrice'][number]

function SameCitySection({ data, money }: { data: DashboardData; money: MoneyStats }) {
  const { ui } = data
  const mean = (m: HourlyRow['sameCity']) =>
    m.meanFenPerHour === null
      ? ui.t('money.dash.noData')
      : ui.t('money.dash.perHour', { price: formatFen(m.meanFenPerHour) })
  const hours = (m: HourlyRow['sameCity']) => ui.t('money.dash.hoursOf', { n: m.billedHours.toLocaleString('en-US') })
  const difference = (row: HourlyRow) => {
    const { sameCity, crossCity } = row
    if (sameCity.meanFenPerHour === null || crossCity.meanFenPerHour === null) return ui.t('money.dash.noData')
    const diff = crossCity.meanFenPerHour - sameCity.meanFenPerHour
    return ui.t('money.dash.differenceValue', {
      amount: formatFen(diff),
      verdict: ui.t(diff === 0 ? 'money.dash.equal' : 'money.dash.notEqual'),
    })
  }
  const className = (row: HourlyRow) => ui.t(`money.class.${row.priceClass}`)
  // internal users are never from the other city: only classes with both kinds of user are drawn
  const compared = money.hourlyPrice.filter((row) => row.comparedInstruments > 0)
  const described = compared.map((row) => `${className(row)} ${mean(row.sameCity)} / ${mean(row.crossCity)}`).join('; ')
  return (
    <section aria-labelledby="same-city-h" id="same-city">
      <h2 id="same-city-h">{ui.t('money.dash.sameCity')}</h2>
      <p class="hint">{ui.t('money.dash.sameCityHint')}</p>
      <DataTable
        rows={money.hourlyPrice}
        rowId={(row) => `hourly-${row.priceClass}`}
        columns={[
          { label: ui.t('money.rates.class'), rowHeader: true, cell: className },
          {
            label: ui.t('money.dash.sameCityUsers'),
            numeric: true,
            cell: (row) => (
              <>
                <span data-mean={String(row.sameCity.meanFenPerHour ?? '')}>{mean(row.sameCity)}</span>
                <br />
                <small class="muted">{hours(row.sameCity)}</small>
              </>
            ),
          },
          {
            label: ui.t('money.dash.crossCityUsers'),
            numeric: true,
            cell: (row) => (
              <>
                <span data-mean={String(row.crossCity.meanFenPerHour ?? '')}>{mean(row.crossCity)}</span>
                <br />
                <small class="muted">{hours(row.crossCity)}</small>
              </>
            ),
          },
          { label: ui.t('money.dash.difference'), numeric: true, cell: difference },
          { label: ui.t('money.dash.instruments'), numeric: true, cell: (row) => String(row.comparedInstruments) },
        ]}
      />
      <BarChart
        id="same-city-chart"
        labels={compared.map(className)}
        series={[
          {
            name: ui.t('money.dash.sameCityUsers'),
            values: compared.map((r) => r.sameCity.meanFenPerHour ?? 0),
          },
          {
            name: ui.t('money.dash.crossCityUsers'),
            values: compared.map((r) => r.crossCity.meanFenPerHour ?? 0),
          },
        ]}
        format={(fen) => formatPrice(Math.round(fen))}
        text={{
          title: ui.t('money.dash.chartTitle', { year: money.year }),
          desc: ui.t('money.dash.chartDesc', { rows: described }),
        }}
      />
    </section>
  )
}

export function MoneySections({ data, money }: { data: DashboardData; money: MoneyStats }) {
  return (
    <>
      <IncomeSection data={data} money={money} />
      <SameCitySection data={data} money={money} />
    </>
  )
}
