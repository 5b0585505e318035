import type { OrderStatus } from '../../../domain/orders.js'
import type { Ui } from '../../env.js'

/** The way an order goes when all is well; a rejected or cancelled order ends early. */
const PATH: readonly OrderStatus[] = ['submitted', 'accepted', 'received', 'in_progress', 'reported', 'completed']

const TONE: Record<OrderStatus, string> = {
  submitted: 'warn',
  accepted: 'info',
  received: 'info',
  in_progress: 'info',
  reported: 'ok',
  completed: 'ok',
  rejected: 'bad',
  cancelled: 'muted',
}

export function OrderStatusBadge({ ui, status }: { ui: Ui; status: OrderStatus }) {
  return <span class={`badge ${TONE[status]}`}>{ui.t(`order.status.${status}`)}</span>
}

/** Fen as yuan with two decimals, in integers (money is never a float). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * The order's state as steps on its way: the ones passed, the current one, the ones to come; an order rejected or
 * cancelled shows where it stopped. `reached` are the statuses its history went through.
 */
export function Timeline({ ui, status, reached }: { ui: Ui; status: OrderStatus; reached: ReadonlySet<string> }) {
  const ended = status === 'rejected' || status === 'cancelled'
  const steps = ended ? [...PATH.filter((s) => reached.has(s)), status] : PATH
  const current = steps.indexOf(status)
  return (
    <ol class="timeline" aria-label={ui.t('order.timeline')}>
      {steps.map((step, i) => (
        <li
          class={i < current ? 'done' : i === current ? `current ${TONE[step]}` : 'todo'}
          aria-current={i === current ? 'step' : undefined}
        >
          {ui.t(`order.status.${step}`)}
        </li>
      ))}
    </ol>
  )
}
