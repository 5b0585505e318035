import type { VoucherView } from '../../../services/vouchers.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDate, formatDateTime, formatFen } from '../../format.js'

/*
 * Vouchers as their holders and the talent offices read them: programme, issuing city, amount, balance, expiry —
 * and each one's ledger (deductions, and deductions returned after a no-show), oldest first.
 */

export function VoucherTable(props: {
  ui: Ui
  vouchers: readonly VoucherView[]
  cityOf: (code: string) => string
  /** the holder's name, for the talent offices' list of every voucher */
  holderOf?: (id: string) => string
  /** link each voucher to its own page */
  linked?: boolean
}) {
  const { ui, holderOf } = props
  return (
    <DataTable
      rows={props.vouchers}
      rowId={(v) => `voucher-${v.id}`}
      columns={[
        {
          label: ui.t('money.voucherCol.program'),
          rowHeader: true,
          cell: (v) => (props.linked ? <a href={`/vouchers/${v.id}`}>{v.programName}</a> : v.programName),
        },
        ...(holderOf
          ? [{ label: ui.t('money.voucherCol.holder'), cell: (v: VoucherView) => holderOf(v.holderInstitutionId) }]
          : []),
        { label: ui.t('money.voucherCol.city'), cell: (v) => props.cityOf(v.programCity) },
        { label: ui.t('money.voucherCol.amount'), numeric: true, cell: (v) => formatFen(v.amountFen) },
        {
          label: ui.t('money.voucherCol.balance'),
          numeric: true,
          cell: (v) => <strong data-balance={String(v.balanceFen)}>{formatFen(v.balanceFen)}</strong>,
        },
        {
          label: ui.t('money.voucherCol.expires'),
          cell: (v) => formatDate(v.expiresAt, DEFAULT_ZONE, ui.lang),
        },
      ]}
    />
  )
}

/** A voucher's ledger: when, for which reservation, how much (a return after a no-show as a plus). */
export function LedgerTable({ ui, voucher }: { ui: Ui; voucher: VoucherView }) {
  if (voucher.ledger.length === 0) return <p class="hint">{ui.t('money.ledger.none')}</p>
  return (
    <DataTable
      phone="table"
      rows={voucher.ledger}
      columns={[
        { label: ui.t('money.ledger.at'), cell: (line) => formatDateTime(line.at, DEFAULT_ZONE, ui.lang) },
        {
          label: ui.t('money.ledger.use'),
          cell: (line) => <code>{(line.reservationId ?? line.orderId ?? '').slice(0, 8)}</code>,
        },
        {
          label: ui.t('money.ledger.amount'),
          numeric: true,
          cell: (line) =>
            line.deductionFen < 0
              ? ui.t('money.ledger.returned', { amount: formatFen(-line.deductionFen) })
              : ui.t('money.ledger.deducted', { amount: formatFen(line.deductionFen) }),
        },
      ]}
    />
  )
}

/** Every voucher's ledger, each folded under its programme's name. */
export function Ledgers({ ui, vouchers }: { ui: Ui; vouchers: readonly VoucherView[] }) {
  return (
    <>
      {vouchers.map((voucher) => (
        <details id={`ledger-${voucher.id}`}>
          <summary>{ui.t('money.ledger.title', { program: voucher.programName })}</summary>
          <LedgerTable ui={ui} voucher={voucher} />
        </details>
      ))}
    </>
  )
}
