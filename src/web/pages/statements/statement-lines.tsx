import { hoursOf } from '../../../domain/money/charge.js'
import type { LineAmounts, StatementStatus } from '../../../domain/money/statements.js'
import type { StatementView } from '../../../services/statements.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDate, formatFen, formatPrice } from '../../format.js'

/*
 * A statement's lines, totals and fund-account subtotals, as the statement page and its printable version show
 * them: amounts from fen with the domain's formatting, the totals exactly the sums the service computed.
 */

type StatementLine = StatementView['lines'][number]

const STATUS_TONE: Record<StatementStatus, string> = { draft: 'muted', issued: 'info', disputed: 'warn', paid: 'ok' }

export function StatementStatusBadge({ ui, status }: { ui: Ui; status: StatementStatus }) {
  return <span class={`badge ${STATUS_TONE[status]}`}>{ui.t(`money.st.status.${status}`)}</span>
}

const quantityText = (ui: Ui, line: StatementLine) =>
  line.unit === 'hour'
    ? ui.t('money.st.hours', { n: hoursOf(line.quantityUnits).toFixed(2) })
    : ui.t('money.st.samples', { n: line.quantityUnits })

const kindText = (ui: Ui, line: StatementLine) =>
  `${ui.t(`money.st.kind.${line.kind}`)}${line.feePercent !== null ? ui.t('money.st.feeOf', { percent: line.feePercent }) : ''}`

/** The lines: kind, date, instrument, user, fund account, class, quantity, unit price, charge, deduction, payable. */
export function LinesTable({ ui, statement }: { ui: Ui; statement: StatementView }) {
  if (statement.lines.length === 0) return <p>{ui.t('money.st.noLines')}</p>
  return (
    <DataTable
      rows={statement.lines}
      rowId={(line) => `line-${line.entryId}`}
      columns={[
        { label: ui.t('money.st.kind'), cell: (line) => kindText(ui, line) },
        { label: ui.t('money.st.date'), cell: (line) => formatDate(line.date, DEFAULT_ZONE, ui.lang) },
        { label: ui.t('money.st.instrument'), cell: (line) => line.instrumentName },
        { label: ui.t('money.st.user'), cell: (line) => line.userName },
        { label: ui.t('money.st.fundAccount'), cell: (line) => line.fundAccount || '—' },
        { label: ui.t('money.st.class'), cell: (line) => ui.t(`money.class.${line.priceClass}`) },
        { label: ui.t('money.st.quantity'), numeric: true, cell: (line) => quantityText(ui, line) },
        { label: ui.t('money.st.unitPrice'), numeric: true, cell: (line) => formatPrice(line.unitPriceFen) },
        { label: ui.t('money.st.charge'), numeric: true, cell: (line) => formatFen(line.chargeFen) },
        { label: ui.t('money.st.deduction'), numeric: true, cell: (line) => formatFen(line.deductionFen) },
        { label: ui.t('money.st.payable'), numeric: true, cell: (line) => formatFen(line.payableFen) },
      ]}
    />
  )
}

/** The totals: charge, deduction, payable — exactly the sums of the lines. */
export function TotalsTable({ ui, totals, lines }: { ui: Ui; totals: LineAmounts; lines: number }) {
  return (
    <DataTable
      phone="table"
      rows={[totals]}
      rowId={() => 'totals'}
      columns={[
        { label: ui.t('money.st.totals'), rowHeader: true, cell: () => `${ui.t('money.st.lines')} ${lines}` },
        { label: ui.t('money.st.charge'), numeric: true, cell: (t) => formatFen(t.chargeFen) },
        { label: ui.t('money.st.deduction'), numeric: true, cell: (t) => formatFen(t.deductionFen) },
        {
          label: ui.t('money.st.payable'),
          numeric: true,
          cell: (t) => <strong data-payable={String(t.payableFen)}>{formatFen(t.payableFen)}</strong>,
        },
      ]}
    />
  )
}

/** An internal statement's subtotals by fund account (经费卡号 / 课题号). */
export function FundAccountsTable({ ui, statement }: { ui: Ui; statement: StatementView }) {
  return (
    <DataTable
      phone="table"
      rows={statement.byFundAccount}
      columns={[
        { label: ui.t('money.st.fundAccount'), rowHeader: true, cell: (g) => g.fundAccount || ui.t('money.st.noFund') },
        { label: ui.t('money.st.lines'), numeric: true, cell: (g) => String(g.lines) },
        { label: ui.t('money.st.charge'), numeric: true, cell: (g) => formatFen(g.totals.chargeFen) },
        { label: ui.t('money.st.deduction'), numeric: true, cell: (g) => formatFen(g.totals.deductionFen) },
        { label: ui.t('money.st.payable'), numeric: true, cell: (g) => formatFen(g.totals.payableFen) },
      ]}
    />
  )
}
