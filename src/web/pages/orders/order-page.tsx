import {
  nextOrderStatus,
  ORDER_STATUSES,
  type OrderStatus,
  RUNS_OPEN_IN,
  SAMPLE_DISPOSALS,
  TRACKING_EDITABLE_IN,
} from '../../../domain/orders.js'
import type { User } from '../../../domain/types.js'
import { orderDetails } from '../../../services/order-views.js'
import { Field } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui, WebContext } from '../../env.js'
import { formatDateTime, formatRange } from '../../format.js'
import { page } from '../../layout.js'
import { OrderStatusBadge, Timeline, yuan } from './order-parts.js'
import { RatingForm } from './rating-parts.js'

/*
 * One sample order (送样检测) for its requester, the lab (the instrument's institute admin) and the talent offices:
 * what was sent, its progress and history, its runs and report, and the forms of the moves the viewer may make now.
 * The service decides every move again; the page only leaves out buttons that would be refused.
 */

type Details = Awaited<ReturnType<typeof orderDetails>>

function Facts({ ui, d }: { ui: Ui; d: Details }) {
  const { order, instrument } = d
  const zone = instrument.timezone
  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null
  return (
    <dl class="facts">
      <dt>{ui.t('order.instrument')}</dt>
      <dd>
        <a href={`/instruments/${instrument.id}`}>{instrument.name}</a>
      </dd>
      {row(ui.t('order.requester'), d.requesterName)}
      {row(ui.t('order.submittedAt'), formatDateTime(order.createdAt, zone, ui.lang))}
      {row(ui.t('order.samples'), String(order.samples))}
      {row(ui.t('order.received'), order.receivedSamples === null ? null : String(order.receivedSamples))}
      {row(ui.t('order.sampleDescription'), order.sampleDescription)}
      {row(ui.t('order.sampleForm'), order.sampleForm ? ui.t(`order.form.${order.sampleForm}`) : null)}
      {row(ui.t('order.hazard'), ui.t(`order.hazard.${order.hazard}`))}
      {row(ui.t('order.tests'), order.tests)}
      {row(ui.t('order.turnaround'), order.turnaroundDays === null ? null : String(order.turnaroundDays))}
      {row(ui.t('order.delivery'), ui.t(`order.delivery.${order.delivery}`))}
      {row(ui.t('order.tracking'), order.trackingNumber)}
      {row(ui.t('order.fundAccount'), order.fundAccount)}
      {row(ui.t('order.quote'), order.quoteFen > 0 ? `¥${yuan(order.quoteFen)}` : null)}
      {row(ui.t('order.charge'), order.chargeFen === null ? null : `¥${yuan(order.chargeFen)}`)}
      {row(
        ui.t('order.payable'),
        order.payableFen === null || order.payableFen === order.chargeFen ? null : `¥${yuan(order.payableFen)}`,
      )}
      {row(ui.t('order.reason'), order.statusReason)}
    </dl>
  )
}

/** The requester's moves: the courier number until received, confirming after the report (cancelling: CancelForm). */
function RequesterActions({ ui, d, action }: { ui: Ui; d: Details; action: (a: string) => string }) {
  const { order } = d
  const tracking = order.delivery === 'courier' && TRACKING_EDITABLE_IN.includes(order.status)
  return (
    <>
      {tracking ? (
        <PostForm ui={ui} action={action('tracking')} class="stack inline-form">
          <Field
            id="tracking"
            name="trackingNumber"
            label={ui.t('order.tracking')}
            required
            value={order.trackingNumber ?? ''}
            attrs={{ maxlength: 60 }}
          />
          <button type="submit">{ui.t('order.trackingSave')}</button>
        </PostForm>
      ) : null}
      {order.status === 'reported' ? (
        <PostForm ui={ui} action={action('complete')}>
          <p class="hint">{ui.t('order.completeHint')}</p>
          <button type="submit">{ui.t('order.complete')}</button>
        </PostForm>
      ) : null}
    </>
  )
}

/** The lab's moves: accept or reject, record the samples, book runs, file the report (cancelling: CancelForm). */
function ProviderActions({ ui, d, action }: { ui: Ui; d: Details; action: (a: string) => string }) {
  const { order, instrument } = d
  const step = { step: instrument.slotMinutes * 60 }
  const working = RUNS_OPEN_IN.includes(order.status)
  return (
    <>
      {order.status === 'submitted' ? (
        <div class="actions">
          <PostForm ui={ui} action={action('accept')}>
            <button type="submit">{ui.t('order.accept')}</button>
          </PostForm>
          <PostForm ui={ui} action={action('reject')} class="decision">
            <Field id="reject-reason" name="reason" label={ui.t('order.rejectReason')} attrs={{ maxlength: 500 }} />
            <button type="submit" class="danger">
              {ui.t('order.reject')}
            </button>
          </PostForm>
        </div>
      ) : null}
      {order.status === 'accepted' ? (
        <PostForm ui={ui} action={action('receive')} class="stack inline-form">
          <Field
            id="received-samples"
            name="receivedSamples"
            type="number"
            label={ui.t('order.receivedSamples')}
            required
            value={String(order.samples)}
            attrs={{ min: 1, max: 500, step: 1 }}
          />
          <button type="submit">{ui.t('order.receive')}</button>
        </PostForm>
      ) : null}
      {working ? (
        <>
          <PostForm ui={ui} action={action('runs')} class="stack">
            <h3>{ui.t('order.bookRun')}</h3>
            <p class="hint">{ui.t('order.runHint')}</p>
            <Field
              id="run-start"
              name="start"
              type="datetime-local"
              label={ui.t('order.runStart')}
              required
              attrs={step}
            />
            <Field id="run-end" name="end" type="datetime-local" label={ui.t('order.runEnd')} required attrs={step} />
            <div class="actions">
              <button type="submit">{ui.t('order.bookRun')}</button>
            </div>
          </PostForm>
          <PostForm ui={ui} action={action('report')} class="stack" multipart>
            <h3>{ui.t('order.fileReport')}</h3>
            <Field
              id="report-file"
              name="file"
              type="file"
              label={ui.t('order.reportFile')}
              attrs={{ accept: 'application/pdf,.pdf' }}
            />
            <Field
              id="report-note"
              name="note"
              type="textarea"
              label={ui.t('order.reportNote')}
              hint={ui.t('order.reportNoteHint')}
              attrs={{ maxlength: 4000 }}
            />
            <Field
              id="report-disposal"
              name="sampleDisposal"
              type="select"
              label={ui.t('order.disposal')}
              value="returned"
              options={SAMPLE_DISPOSALS.map((s) => ({ value: s, label: ui.t(`order.disposal.${s}`) }))}
            />
            <div class="actions">
              <button type="submit">{ui.t('order.fileReport')}</button>
            </div>
          </PostForm>
        </>
      ) : null}
    </>
  )
}

/**
 * Cancelling, once for whoever may cancel now (DOMAIN.md: the requester until the samples are received, the lab until
 * the report); the lab turns down a submitted order by rejecting it instead.
 */
function CancelForm({ ui, d, action }: { ui: Ui; d: Details; action: (a: string) => string }) {
  const { status } = d.order
  const may = d.parts.some(
    (part) => nextOrderStatus(status, 'cancel', part) !== null && !(part === 'provider' && status === 'submitted'),
  )
  if (!may) return null
  return (
    <PostForm ui={ui} action={action('cancel')} class="stack inline-form">
      <Field id="cancel-reason" name="reason" label={ui.t('order.cancelReason')} attrs={{ maxlength: 500 }} />
      <button type="submit" class="danger">
        {ui.t('order.cancel')}
      </button>
    </PostForm>
  )
}

function Runs({ ui, d, action }: { ui: Ui; d: Details; action: (a: string) => string }) {
  const zone = d.instrument.timezone
  const removable = d.parts.includes('provider') && RUNS_OPEN_IN.includes(d.order.status)
  const held = d.runs.filter((r) => r.status !== 'cancelled' && r.status !== 'rejected')
  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">{ui.t('order.runs')}</h2>
      {held.length === 0 ? (
        <p class="muted">{ui.t('order.noRuns')}</p>
      ) : (
        <ul>
          {held.map((run) => (
            <li>
              {formatRange(run.start, run.end, zone, ui.lang)}
              {removable && run.start > ui.now ? (
                <PostForm ui={ui} action={action(`runs/${run.id}/remove`)} class="inline-form">
                  <button type="submit" class="secondary">
                    {ui.t('order.removeRun')}
                  </button>
                </PostForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Report({ ui, d }: { ui: Ui; d: Details }) {
  const { order } = d
  if (order.reportedAt === null) return null
  return (
    <section aria-labelledby="report-h">
      <h2 id="report-h">{ui.t('order.report')}</h2>
      <p>{formatDateTime(order.reportedAt, d.instrument.timezone, ui.lang)}</p>
      {order.reportKey && d.parts.length > 0 ? (
        <p>
          <a class="button" href={`/orders/${order.id}/report.pdf`} download>
            {ui.t('order.download')}
          </a>
        </p>
      ) : (
        <p class="muted">{ui.t('order.noPdf')}</p>
      )}
      {order.reportNote ? <p class="pre">{order.reportNote}</p> : null}
      {order.sampleDisposal ? (
        <p>
          {ui.t('order.disposal')}: {ui.t(`order.disposal.${order.sampleDisposal}`)}
        </p>
      ) : null}
    </section>
  )
}

export async function renderOrder(c: WebContext, user: User, id: string) {
  const ui = c.var.ui
  const d = await orderDetails(c.var.deps, user, id)
  const { order, instrument } = d
  const action = (a: string) => `/orders/${order.id}/${a}`
  const zone = instrument.timezone
  return page(c, {
    title: ui.t('order.heading', { instrument: instrument.name }),
    body: (
      <>
        <h1>
          {ui.t('order.heading', { instrument: instrument.name })} <OrderStatusBadge ui={ui} status={order.status} />
        </h1>
        <Timeline ui={ui} status={order.status} reached={new Set(d.steps.map((s) => s.toStatus))} />
        <div class="layout-2">
          <section aria-labelledby="facts-h">
            <h2 id="facts-h">{ui.t('order.facts')}</h2>
            <Facts ui={ui} d={d} />
          </section>
          <div>
            {d.parts.includes('requester') ? <RequesterActions ui={ui} d={d} action={action} /> : null}
            {d.parts.includes('provider') ? <ProviderActions ui={ui} d={d} action={action} /> : null}
            <CancelForm ui={ui} d={d} action={action} />
            {d.mayRate ? <RatingForm ui={ui} action={action('rating')} title={ui.t('rating.title')} /> : null}
          </div>
        </div>
        <Report ui={ui} d={d} />
        {d.parts.length > 0 ? <Runs ui={ui} d={d} action={action} /> : null}
        <section aria-labelledby="history-h">
          <h2 id="history-h">{ui.t('order.history')}</h2>
          <ol>
            {d.steps.map((s) => (
              <li>
                {formatDateTime(s.at, zone, ui.lang)} ·{' '}
                {isStatus(s.toStatus) ? ui.t(`order.status.${s.toStatus}`) : s.toStatus}
                {s.reason && saysWhy(s.toStatus) ? ` · ${s.reason}` : ''}
              </li>
            ))}
          </ol>
        </section>
      </>
    ),
  })
}

const isStatus = (s: string): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s)

/** The history's own words are the people's reasons for rejecting or cancelling; the rest the status says. */
const saysWhy = (status: string) => status === 'rejected' || status === 'cancelled'
