import type { VoucherProgram } from '../../../domain/money/vouchers.js'
import type { VoucherDesk } from '../../../services/voucher-views.js'
import type { VoucherView } from '../../../services/vouchers.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { cityLabel, DEFAULT_ZONE, formatDate, formatDateTime, formatFen } from '../../format.js'

/*
 * The programmes as the talent offices' desk lists them; vouchers as their holders and the talent offices read them:
 * programme, issuing city, amount, balance, expiry — and each one's ledger (deductions, and deductions returned after
 * a no-show), oldest first.
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

/** The programmes with every term, each with a link to a month's redemptions (兑付). */
export function ProgramsTable({ ui, desk, month }: { ui: Ui; desk: VoucherDesk; month: string }) {
  const city = (code: string) => {
    const found = desk.cities.find((c) => c.code === code)
    return found ? cityLabel(found, ui.lang) : code
  }
  const cap = (fen: number | null) => (fen === null ? ui.t('money.program.noLimit') : formatFen(fen))
  if (desk.programs.length === 0) return <p>{ui.t('money.vouchers.noPrograms')}</p>
  return (
    <DataTable
      rows={desk.programs}
      rowId={(p) => `program-${p.id}`}
      columns={[
        { label: ui.t('money.program.name'), rowHeader: true, cell: (p) => p.name },
        { label: ui.t('money.program.city'), cell: (p) => city(p.city) },
        {
          label: ui.t('money.program.coverage'),
          numeric: true,
          cell: (p) => ui.t('money.program.coverageValue', { percent: p.coveragePercent }),
        },
        { label: ui.t('money.program.fullBelowShort'), numeric: true, cell: (p) => cap(p.fullCoverageBelowFen) },
        { label: ui.t('money.program.perUseCapShort'), numeric: true, cell: (p) => cap(p.perUseCapFen) },
        { label: ui.t('money.program.yearCapShort'), numeric: true, cell: (p) => cap(p.perHolderYearCapFen) },
        {
          label: ui.t('money.program.holderKinds'),
          cell: (p) => p.holderKinds.map((k) => ui.t(`staff.kind.${k}`)).join(ui.t('money.listSeparator')),
        },
        {
          label: ui.t('money.program.providerCitiesShort'),
          cell: (p) =>
            p.providerCities === null
              ? ui.t('money.program.everyCity')
              : p.providerCities.map(city).join(ui.t('money.listSeparator')),
        },
        { label: ui.t('money.program.validity'), cell: (p) => `${p.validFrom} – ${p.validTo}` },
        {
          label: ui.t('money.vouchers.redemptions'),
          actions: true,
          cell: (p: VoucherProgram) => (
            <a href={`/vouchers/programs/${p.id}/redemptions?month=${month}`}>{ui.t('money.vouchers.redemptions')}</a>
          ),
        },
      ]}
    />
  )
}
