import type { ZodError } from 'zod'
import { MAX_REPORT_BYTES } from '../../../domain/orders.js'
import { AppError } from '../../../errors.js'
import { statusOf } from '../../../http/problem.js'
import { attachment } from '../../../services/content-disposition.js'
import { NewOrderInput, ReportFields, TrackingInput } from '../../../services/inputs/order.js'
import { RatingInput } from '../../../services/inputs/rating.js'
import { getInstrument } from '../../../services/instruments.js'
import { bookRun, fileReport, removeRun, reportFileNames, reportPdf } from '../../../services/order-work.js'
import { changeTrackingNumber, getOrder, moveOrderBy, submitOrder } from '../../../services/orders.js'
import { rateOrder, rateReservation } from '../../../services/ratings.js'
import { getReservation } from '../../../services/reservation-queries.js'
import { FORM_BODY_BYTES } from '../../body-limit.js'
import type { WebContext } from '../../env.js'
import { errorText } from '../../errors.js'
import { formatRange, fromLocalInput } from '../../format.js'
import type { MessageKey } from '../../i18n/index.js'
import { page } from '../../layout.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { renderInstrument } from '../instrument/instrument-page.js'
import { renderOrder } from './order-page.js'
import { RatingForm, ratingValues } from './rating-parts.js'

// 送样检测 on the pages: the order form of an instrument, /orders/{id} with its moves, the report, ratings.

/** The report form's path, which takes a PDF of up to 10 MB besides its fields (routes.tsx `formBodyLimit`). */
export const ORDER_REPORT_PATH = /^\/orders\/[^/]+\/report$/
export const REPORT_FORM_BYTES = MAX_REPORT_BYTES + FORM_BODY_BYTES

const MOVES = {
  accept: 'msg.order.accepted',
  reject: 'msg.order.rejected',
  receive: 'msg.order.received',
  cancel: 'msg.order.cancelled',
  complete: 'msg.order.completed',
} as const satisfies Record<string, MessageKey>

/** The first problem of a refused form, named by its field: the page says which field to fix. */
const firstIssue = (error: ZodError) => {
  const issue = error.issues[0]
  return issue ? `${issue.path.join('.')}: ${issue.message}` : ''
}

const optionalNumber = (value: string | undefined) => (value?.trim() ? Number(value) : undefined)
const optionalText = (value: string | undefined) => (value?.trim() ? value : undefined)

/** The posted order form as the shared schema takes it (numbers as numbers, empty fields left out). */
function orderInput(instrumentId: string, v: Record<string, string>) {
  return {
    instrumentId,
    samples: optionalNumber(v.samples),
    sampleDescription: v.sampleDescription ?? '',
    sampleForm: optionalText(v.sampleForm),
    hazard: v.hazard ?? '',
    tests: v.tests ?? '',
    turnaroundDays: optionalNumber(v.turnaroundDays),
    delivery: v.delivery ?? '',
    trackingNumber: optionalText(v.trackingNumber),
    voucherId: optionalText(v.voucherId),
    fundAccount: optionalText(v.fundAccount),
  }
}

const orderPath = (c: WebContext) => `/orders/${c.req.param('id') ?? ''}`

export const orderRoutes = pagesApp()
  .post('/instruments/:id/order', async (c) => {
    const ui = c.var.ui
    const user = requireUser(c)
    const instrument = await getInstrument(c.var.deps, c.req.param('id'))
    const values = await formFields(c)
    const again = (error: string, status: 400 | 403 | 404 | 409 | 422) =>
      renderInstrument(c, instrument, { order: { values, error }, status })
    const parsed = NewOrderInput.safeParse(orderInput(instrument.id, values))
    if (!parsed.success) return again(ui.t('order.invalid', { detail: firstIssue(parsed.error) }), 400)
    onRefusal(c, (error) => again(errorText(ui, error, instrument), statusOf(error.code) as 400), [
      'unauthenticated',
      'not-found',
    ])
    const order = await submitOrder(c.var.deps, user, parsed.data)
    return redirectWith(c, `/orders/${order.id}`, { msg: 'msg.order.submitted' })
  })
  .get('/orders/:id', (c) => renderOrder(c, requireUser(c), c.req.param('id')))
  .post('/orders/:id/:action{accept|reject|receive|cancel|complete}', async (c) => {
    const user = requireUser(c)
    const action = c.req.param('action') as keyof typeof MOVES
    const fields = await formFields(c)
    onRefusal(c, flashTo(c, orderPath(c)), ['unauthenticated', 'not-found'])
    const receivedSamples = action === 'receive' ? optionalNumber(fields.receivedSamples) : undefined
    if (receivedSamples !== undefined && !Number.isInteger(receivedSamples))
      throw new AppError('validation', 'receivedSamples: a whole number')
    await moveOrderBy(c.var.deps, user, c.req.param('id'), action, {
      reason: fields.reason?.trim() || null,
      receivedSamples,
    })
    return redirectWith(c, orderPath(c), { msg: MOVES[action] })
  })
  .post('/orders/:id/tracking', async (c) => {
    const user = requireUser(c)
    onRefusal(c, flashTo(c, orderPath(c)), ['unauthenticated', 'not-found'])
    const parsed = TrackingInput.safeParse({ trackingNumber: (await formFields(c)).trackingNumber ?? '' })
    if (!parsed.success) throw new AppError('validation', firstIssue(parsed.error))
    await changeTrackingNumber(c.var.deps, user, c.req.param('id'), parsed.data.trackingNumber)
    return redirectWith(c, orderPath(c), { msg: 'msg.order.trackingSaved' })
  })
  .post('/orders/:id/runs', async (c) => {
    const user = requireUser(c)
    const fields = await formFields(c)
    onRefusal(c, flashTo(c, orderPath(c)), ['unauthenticated', 'not-found'])
    // the times are typed in the instrument's zone; reading the order checks that the user may see it
    const { instrument } = await getOrder(c.var.deps, user, c.req.param('id'))
    const start = fromLocalInput(fields.start, instrument.timezone)
    const end = fromLocalInput(fields.end, instrument.timezone)
    if (start === null || end === null) throw new AppError('validation', 'start and end: a date and time')
    await bookRun(c.var.deps, user, c.req.param('id'), { start, end })
    return redirectWith(c, orderPath(c), { msg: 'msg.order.runBooked' })
  })
  .post('/orders/:id/runs/:runId/remove', async (c) => {
    const user = requireUser(c)
    onRefusal(c, flashTo(c, orderPath(c)), ['unauthenticated', 'not-found'])
    await removeRun(c.var.deps, user, c.req.param('id'), c.req.param('runId'))
    return redirectWith(c, orderPath(c), { msg: 'msg.order.runRemoved' })
  })
  .post('/orders/:id/report', async (c) => {
    const user = requireUser(c)
    onRefusal(c, flashTo(c, orderPath(c), { 'unsupported-media-type': 'order-not-pdf' }), [
      'unauthenticated',
      'not-found',
    ])
    const fields = await formFields(c)
    const file = (await c.req.parseBody()).file
    const parsed = ReportFields.safeParse({
      note: optionalText(fields.note),
      sampleDisposal: fields.sampleDisposal ?? '',
    })
    if (!parsed.success) throw new AppError('validation', firstIssue(parsed.error))
    // a file input left empty posts a file of no bytes: a report with a note only
    const pdf = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null
    await fileReport(c.var.deps, c.var.reports, user, c.req.param('id'), { ...parsed.data, pdf })
    return redirectWith(c, orderPath(c), { msg: 'msg.order.reported' })
  })
  .get('/orders/:id/report.pdf', async (c) => {
    const user = requireUser(c)
    const { bytes, order, instrument } = await reportPdf(c.var.deps, c.var.reports, user, c.req.param('id'))
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(...reportFileNames(order, instrument)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    })
  })
  .post('/orders/:id/rating', async (c) => {
    const user = requireUser(c)
    const fields = await formFields(c)
    onRefusal(c, flashTo(c, orderPath(c)), ['unauthenticated', 'not-found'])
    const parsed = RatingInput.safeParse(ratingValues(fields))
    if (!parsed.success) throw new AppError('validation', firstIssue(parsed.error))
    await rateOrder(c.var.deps, user, c.req.param('id'), parsed.data)
    return redirectWith(c, orderPath(c), { msg: 'msg.rated' })
  })
  .get('/me/reservations/:id/rate', async (c) => {
    const ui = c.var.ui
    const user = requireUser(c)
    const { reservation, instrument } = await getReservation(c.var.deps, user, c.req.param('id'))
    if (reservation.userId !== user.id) throw new AppError('not-found', 'Reservation not found')
    const what = `${instrument.name} · ${formatRange(reservation.start, reservation.end, instrument.timezone, ui.lang)}`
    return page(c, {
      title: ui.t('rating.title'),
      body: (
        <>
          <h1>{ui.t('rating.of', { what })}</h1>
          <RatingForm ui={ui} action={`/me/reservations/${reservation.id}/rate`} />
        </>
      ),
    })
  })
  .post('/me/reservations/:id/rate', async (c) => {
    const user = requireUser(c)
    const fields = await formFields(c)
    onRefusal(c, flashTo(c, '/me'), ['unauthenticated', 'not-found'])
    const parsed = RatingInput.safeParse(ratingValues(fields))
    if (!parsed.success) throw new AppError('validation', firstIssue(parsed.error))
    await rateReservation(c.var.deps, user, c.req.param('id'), parsed.data)
    return redirectWith(c, '/me', { msg: 'msg.rated' })
  })
