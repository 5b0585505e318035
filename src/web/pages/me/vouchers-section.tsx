import type { VoucherView } from '../../../services/vouchers.js'
import type { Ui } from '../../env.js'
import { Ledgers, VoucherTable } from '../vouchers/voucher-tables.js'

/** 我的预约's vouchers of the user's institution (for the members of a holder): balances, and each one's ledger. */
export function VouchersSection(props: { ui: Ui; vouchers: readonly VoucherView[]; cityOf: (code: string) => string }) {
  const { ui, vouchers } = props
  if (vouchers.length === 0) return null
  return (
    <section aria-labelledby="vouchers-h" id="vouchers">
      <h2 id="vouchers-h">{ui.t('money.me.vouchers')}</h2>
      <p class="hint">{ui.t('money.me.vouchersHint')}</p>
      <VoucherTable ui={ui} vouchers={vouchers} cityOf={props.cityOf} />
      <Ledgers ui={ui} vouchers={vouchers} />
    </section>
  )
}
