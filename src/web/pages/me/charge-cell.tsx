import type { Reservation } from '../../../domain/types.js'
import type { Ui } from '../../env.js'
import { formatFen } from '../../format.js'

/*
 * 我的预约's cost column: the final charge, the voucher's deduction and what is payable; the fee of a late
 * cancellation or a no-show; 待结算 while the charge is still open (it becomes final when the use ends); nothing for
 * what never cost anything (a request rejected or expired, a cancellation in time).
 */

const OPEN_STATUSES = new Set(['pending', 'confirmed', 'in_use', 'completed'])

export function ChargeCell({ ui, r }: { ui: Ui; r: Reservation }) {
  if (r.feeFen !== null)
    return (
      <span class="charge">
        {ui.t(r.status === 'no_show' ? 'money.me.noShowFee' : 'money.me.lateFee', { amount: formatFen(r.feeFen) })}
      </span>
    )
  if (r.chargeFen !== null) {
    if (r.chargeFen === 0) return <span class="charge">{ui.t('money.price.free')}</span>
    return (
      <span
        class="charge"
        data-charge={String(r.chargeFen)}
        data-deduction={String(r.deductionFen ?? 0)}
        data-payable={String(r.payableFen ?? r.chargeFen)}
      >
        {ui.t('money.me.charge', { amount: formatFen(r.chargeFen) })}
        {r.deductionFen ? (
          <>
            <br />
            {ui.t('money.me.deduction', { amount: formatFen(r.deductionFen) })}
          </>
        ) : null}
        <br />
        <strong>{ui.t('money.me.payable', { amount: formatFen(r.payableFen ?? r.chargeFen) })}</strong>
      </span>
    )
  }
  if (OPEN_STATUSES.has(r.status)) return <span class="charge muted">{ui.t('money.me.open')}</span>
  return <span class="charge muted">{ui.t('money.me.noCharge')}</span>
}
