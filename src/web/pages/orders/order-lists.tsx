import type { Order } from '../../../domain/orders.js'
import type { Instrument, User } from '../../../domain/types.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDate } from '../../format.js'
import { Timeline } from './order-parts.js'

/*
 * Lists of sample orders: a requester's on 我的预约 (each with its state as a timeline, the report and the rating a
 * click away on its page) and the lab's queue on /admin (new, to receive, to run, to report).
 */

/** The statuses an order has passed by its status alone (the list has no history): the way up to it. */
const PASSED: Record<Order['status'], string[]> = {
  submitted: ['submitted'],
  accepted: ['submitted', 'accepted'],
  received: ['submitted', 'accepted', 'received'],
  in_progress: ['submitted', 'accepted', 'received', 'in_progress'],
  reported: ['submitted', 'accepted', 'received', 'in_progress', 'reported'],
  completed: ['submitted', 'accepted', 'received', 'in_progress', 'reported', 'completed'],
  rejected: ['submitted', 'rejected'],
  cancelled: ['submitted', 'cancelled'],
}

export function MyOrders(props: {
  ui: Ui
  orders: readonly Order[]
  instruments: Map<string, Instrument>
  rateable: ReadonlySet<string>
}) {
  const { ui, instruments } = props
  return (
    <section aria-labelledby="orders">
      <h2 id="orders">{ui.t('me.orders')}</h2>
      {props.orders.length === 0 ? (
        <p>{ui.t('me.ordersNone')}</p>
      ) : (
        <DataTable
          rows={[...props.orders]}
          rowId={(o) => `order-${o.id}`}
          columns={[
            {
              label: ui.t('order.col.instrument'),
              cell: (o) => (
                <a href={`/instruments/${o.instrumentId}`}>{instruments.get(o.instrumentId)?.name ?? o.instrumentId}</a>
              ),
            },
            { label: ui.t('order.col.submitted'), cell: (o) => formatDate(o.createdAt, DEFAULT_ZONE, ui.lang) },
            { label: ui.t('order.col.samples'), cell: (o) => String(o.samples) },
            {
              label: ui.t('order.col.status'),
              cell: (o) => <Timeline ui={ui} status={o.status} reached={new Set(PASSED[o.status])} />,
            },
            {
              label: ui.t('me.actions'),
              actions: true,
              cell: (o) => (
                <div class="actions">
                  <a href={`/orders/${o.id}`}>{ui.t('order.open')}</a>
                  {o.reportKey ? <a href={`/orders/${o.id}/report.pdf`}>{ui.t('order.download')}</a> : null}
                  {props.rateable.has(o.id) ? (
                    <a class="button secondary" href={`/orders/${o.id}#rating-timeliness`}>
                      {ui.t('rating.rate')}
                    </a>
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      )}
    </section>
  )
}

const QUEUE_GROUPS = [
  ['submitted', 'order.status.submitted'],
  ['accepted', 'order.status.accepted'],
  ['received', 'order.status.received'],
  ['in_progress', 'order.status.in_progress'],
] as const

/** The lab's open orders by what is to be done next, oldest first in each group. */
export function OrderQueueSection(props: {
  ui: Ui
  orders: readonly Order[]
  instruments: Map<string, Instrument>
  people: Map<string, User>
}) {
  const { ui, instruments, people } = props
  return (
    <section aria-labelledby="orders-h">
      <h2 id="orders-h">{ui.t('staff.admin.orders', { n: props.orders.length })}</h2>
      {props.orders.length === 0 ? (
        <p class="muted">{ui.t('staff.admin.ordersEmpty')}</p>
      ) : (
        <>
          <p class="hint">{ui.t('staff.admin.ordersHint')}</p>
          {QUEUE_GROUPS.map(([status, label]) => {
            const rows = props.orders.filter((o) => o.status === status)
            return rows.length === 0 ? null : (
              <>
                <h3>
                  {ui.t(label)} ({rows.length})
                </h3>
                <DataTable
                  rows={rows}
                  rowId={(o) => `queue-order-${o.id}`}
                  columns={[
                    { label: ui.t('order.col.instrument'), cell: (o) => instruments.get(o.instrumentId)?.name ?? '' },
                    { label: ui.t('order.col.requester'), cell: (o) => people.get(o.userId)?.name ?? '' },
                    { label: ui.t('order.col.submitted'), cell: (o) => formatDate(o.createdAt, DEFAULT_ZONE, ui.lang) },
                    { label: ui.t('order.col.samples'), cell: (o) => String(o.receivedSamples ?? o.samples) },
                    { label: ui.t('order.col.tests'), cell: (o) => o.tests },
                    {
                      label: ui.t('me.actions'),
                      actions: true,
                      cell: (o) => (
                        <a class="button" href={`/orders/${o.id}`}>
                          {ui.t('order.open')}
                        </a>
                      ),
                    },
                  ]}
                />
              </>
            )
          })}
        </>
      )}
    </section>
  )
}
