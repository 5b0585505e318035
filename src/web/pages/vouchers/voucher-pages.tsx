import type { RedemptionsView, VoucherView } from '../../../services/vouchers.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import type { WebContext } from '../../env.js'
import { formatFen } from '../../format.js'
import { page } from '../../layout.js'
import { LedgerTable, VoucherTable } from './voucher-tables.js'

/*
 * One voucher with its ledger (/vouchers/{id}: its holder's people and the talent offices), and a programme's
 * redemptions of a month by provider (兑付: what each provider claims back from the issuing bureau), with the CSV.
 */

export function renderVoucher(
  c: WebContext,
  voucher: VoucherView,
  names: { holder: string; cityOf: (code: string) => string },
) {
  const ui = c.var.ui
  const title = ui.t('money.voucher.title', { holder: names.holder })
  return page(c, {
    title,
    body: (
      <>
        <h1>{title}</h1>
        <section aria-labelledby="voucher-facts-h">
          <h2 id="voucher-facts-h">{ui.t('money.voucher.facts')}</h2>
          <VoucherTable ui={ui} vouchers={[voucher]} cityOf={names.cityOf} />
        </section>
        <section aria-labelledby="ledger-h">
          <h2 id="ledger-h">{ui.t('money.voucherCol.ledger')}</h2>
          <LedgerTable ui={ui} voucher={voucher} />
        </section>
      </>
    ),
  })
}

export function renderRedemptions(c: WebContext, view: RedemptionsView, cityOf: (code: string) => string) {
  const ui = c.var.ui
  const title = ui.t('money.redemptions.title', { program: view.programName, month: view.month })
  const base = `/vouchers/programs/${view.programId}`
  return page(c, {
    title,
    body: (
      <>
        <h1>{title}</h1>
        <p class="hint">{ui.t('money.redemptions.intro', { city: cityOf(view.city) })}</p>
        <form method="get" action={`${base}/redemptions`} class="inline-form">
          <Field
            id="r-month"
            name="month"
            type="month"
            label={ui.t('money.redemptions.month')}
            value={view.month}
            class="inline"
            attrs={{ placeholder: 'YYYY-MM', required: true }}
          />
          <button type="submit" class="secondary">
            {ui.t('money.redemptions.show')}
          </button>
          <a class="button secondary" href={`${base}/redemptions-${view.month}.csv`} download>
            {ui.t('money.redemptions.csv')}
          </a>
        </form>
        <section aria-labelledby="redemptions-h">
          <h2 id="redemptions-h">{ui.t('money.redemptions.total', { amount: formatFen(view.totalFen) })}</h2>
          {view.providers.length === 0 ? (
            <p>{ui.t('money.redemptions.none')}</p>
          ) : (
            <DataTable
              phone="table"
              rows={view.providers}
              rowId={(p) => `redemption-${p.institutionId}`}
              columns={[
                { label: ui.t('money.redemptions.provider'), rowHeader: true, cell: (p) => p.name },
                { label: ui.t('money.redemptions.city'), cell: (p) => cityOf(p.city) },
                { label: ui.t('money.redemptions.count'), numeric: true, cell: (p) => String(p.deductions) },
                { label: ui.t('money.redemptions.amount'), numeric: true, cell: (p) => formatFen(p.deductionFen) },
              ]}
            />
          )}
        </section>
      </>
    ),
  })
}
