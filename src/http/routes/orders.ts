import { createRoute, z } from '@hono/zod-openapi'
import { SAMPLE_DISPOSALS } from '../../domain/orders.js'
import { AppError } from '../../errors.js'
import { attachment } from '../../services/content-disposition.js'
import { Id, toMs } from '../../services/inputs/instant.js'
import {
  NewOrderInput,
  OrderListQuery,
  ReceiveInput,
  ReportFields,
  RunInput,
  TrackingInput,
} from '../../services/inputs/order.js'
import { ReasonInput } from '../../services/inputs/reservation.js'
import { bookRun, fileReport, orderRuns, removeRun, reportFileNames, reportPdf } from '../../services/order-work.js'
import {
  changeTrackingNumber,
  findOrders,
  getOrder,
  moveOrderBy,
  orderHistory,
  type SimpleOrderAction,
  submitOrder,
} from '../../services/orders.js'
import { keysetPage, onePage } from '../../services/paging.js'
import { currentUser, signedIn } from '../auth.js'
import { auditEntryDto, etagOf } from '../dto.js'
import { OrderEventSchema, OrderSchema, orderDto, RunSchema, runDto } from '../order-dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, Pagination, problems } from '../schemas.js'

// Sample orders (送样检测): submit, see, move, runs on the calendar, the report (API.md "Additions").

const IdParam = z.object({ id: Id })
const etag = (o: { id: string; version: number }) => etagOf('order', o.id, o.version)

const moveRoute = (path: SimpleOrderAction, summary: string, body: z.ZodObject) =>
  createRoute({
    method: 'post',
    path: `/orders/{id}/${path}`,
    tags: ['orders'],
    summary,
    security: bearer,
    middleware: [signedIn] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: body } }, required: false } },
    responses: { 200: json(OrderSchema, 'The order after the move'), ...problems('forbidden', 'invalid-transition') },
  })

const moves: [SimpleOrderAction, string, z.ZodObject][] = [
  ['accept', 'Accept a submitted order (the instrument’s institute admin)', ReasonInput],
  ['reject', 'Reject a submitted order, with a reason (the instrument’s institute admin)', ReasonInput],
  [
    'receive',
    'Record the samples as received, and how many arrived: the charge counts those (institute admin)',
    named(ReceiveInput, 'ReceiveSamples'),
  ],
  ['cancel', 'Cancel: the requester until the samples are received, the institute admin until the report', ReasonInput],
  [
    'complete',
    'Confirm a reported order complete (its requester; otherwise it completes 14 days after the report)',
    ReasonInput,
  ],
]

const ReportForm = z.object({
  file: z
    .file()
    .optional()
    .openapi({ type: 'string', format: 'binary', description: 'the report, a PDF of at most 10 MB' }),
  note: z.string().optional().openapi({ description: 'the result in words, or what accompanies the PDF' }),
  sampleDisposal: z.enum(SAMPLE_DISPOSALS).openapi({ description: 'what became of the samples' }),
})

export const orderRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/orders',
      tags: ['orders'],
      summary: 'Send samples to a `service` instrument (or one with a per-sample price): 201 `submitted`',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(named(NewOrderInput, 'NewOrder')),
      responses: {
        201: json(OrderSchema, 'Submitted, with the quote for the samples'),
        ...problems(
          'not-found',
          'forbidden',
          'not-service',
          'rule-violation',
          'voucher-not-applicable',
          'voucher-exhausted',
        ),
      },
    }),
    async (c) => {
      const order = await submitOrder(c.var.deps, currentUser(c), c.req.valid('json'))
      c.header('ETag', etag(order))
      c.header('Location', `/api/v1/orders/${order.id}`)
      return c.json(orderDto(order), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/orders',
      tags: ['orders'],
      summary: 'Orders the caller may see, newest first: their own; an institute admin also those on its instruments',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: OrderListQuery.extend(Pagination) },
      responses: { 200: json(listOf(OrderSchema), 'A page of orders'), ...problems() },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { page, nextCursor } = await keysetPage(
        query,
        'number',
        (order: { createdAt: number; id: string }) => [order.createdAt, order.id] as const,
        (before, limit) =>
          findOrders(c.var.deps, currentUser(c), {
            instrumentId: query.instrumentId,
            status: query.status,
            before: before && { createdAt: before[0], id: before[1] },
            limit,
          }),
      )
      return c.json({ items: page.map(orderDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}',
      tags: ['orders'],
      summary: 'One order (its requester, the instrument’s institute admin, talent offices)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(OrderSchema, 'The order'), ...problems() },
    }),
    async (c) => {
      const { order } = await getOrder(c.var.deps, currentUser(c), c.req.valid('param').id)
      c.header('ETag', etag(order))
      return c.json(orderDto(order), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}/history',
      tags: ['orders'],
      summary: 'The audit trail of an order: who, when, from → to, why',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(listOf(OrderEventSchema), 'Oldest first'), ...problems() },
    }),
    async (c) => {
      const events = await orderHistory(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.json(onePage(events.map(auditEntryDto)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/orders/{id}',
      tags: ['orders'],
      summary: 'Add or correct the courier’s tracking number (the requester, until the samples are received)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam, ...jsonBody(named(TrackingInput, 'OrderChanges')) },
      responses: {
        200: json(OrderSchema, 'Changed'),
        ...problems('validation', 'forbidden', 'invalid-transition'),
      },
    }),
    async (c) => {
      const order = await changeTrackingNumber(
        c.var.deps,
        currentUser(c),
        c.req.valid('param').id,
        c.req.valid('json').trackingNumber,
      )
      c.header('ETag', etag(order))
      return c.json(orderDto(order), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/runs',
      tags: ['orders'],
      summary:
        'Book a run for the order on the instrument’s calendar (institute admin); past or future, only overlaps and blackouts apply; the order moves to in_progress',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam, ...jsonBody(named(RunInput, 'NewRun')) },
      responses: {
        201: json(RunSchema, 'The run, on the calendar'),
        ...problems('forbidden', 'invalid-transition', 'time-taken'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const run = await bookRun(c.var.deps, currentUser(c), c.req.valid('param').id, {
        start: toMs(body.start),
        end: toMs(body.end),
      })
      c.header('Location', `/api/v1/orders/${run.orderId}/runs/${run.id}`)
      return c.json(runDto(run), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}/runs',
      tags: ['orders'],
      summary: 'The runs of an order, by start (who may see the order)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(listOf(RunSchema), 'By start'), ...problems() },
    }),
    async (c) => {
      const runs = await orderRuns(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.json(onePage(runs.map(runDto)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/orders/{id}/runs/{runId}',
      tags: ['orders'],
      summary: 'Remove a run while the lab works on the order (institute admin): its time is freed',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ id: Id, runId: Id }) },
      responses: { 204: { description: 'Removed' }, ...problems('forbidden', 'invalid-transition') },
    }),
    async (c) => {
      const { id, runId } = c.req.valid('param')
      await removeRun(c.var.deps, currentUser(c), id, runId)
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/report',
      tags: ['orders'],
      summary:
        'File the report (institute admin): a PDF of at most 10 MB and/or a note, and what became of the samples; the charge becomes final',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: IdParam,
        // optional here so that a body of another type reaches the handler and is answered 415, not 400
        body: { content: { 'multipart/form-data': { schema: ReportForm } }, required: false },
      },
      responses: {
        200: json(OrderSchema, 'Reported: the report attached, the charge final'),
        ...problems('validation', 'forbidden', 'invalid-transition', 'too-large', 'unsupported-media-type'),
      },
    }),
    async (c) => {
      if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? ''))
        throw new AppError(
          'unsupported-media-type',
          'Send the report as multipart/form-data: `file` (a PDF), `note`, `sampleDisposal`.',
        )
      const form = c.req.valid('form')
      const fields = ReportFields.safeParse({ note: form.note, sampleDisposal: form.sampleDisposal })
      if (!fields.success) {
        const errors = fields.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
        throw new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
      }
      // zod types the part as its own minimal File; at run time it is the runtime's File, a Blob
      const file = form.file as unknown as Blob | undefined
      const order = await fileReport(c.var.deps, c.var.reports, currentUser(c), c.req.valid('param').id, {
        ...fields.data,
        pdf: file && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null,
      })
      c.header('ETag', etag(order))
      return c.json(orderDto(order), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}/report',
      tags: ['orders'],
      summary: 'Download the report PDF (the requester and the instrument’s institute admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: {
          content: { 'application/pdf': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
          description: 'The PDF, as an attachment',
        },
        ...problems('forbidden'),
      },
    }),
    async (c) => {
      const { bytes, order, instrument } = await reportPdf(
        c.var.deps,
        c.var.reports,
        currentUser(c),
        c.req.valid('param').id,
      )
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': attachment(...reportFileNames(order, instrument)),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      }) as never
    },
  )

for (const [action, summary, body] of moves) {
  orderRoutes.openapi(moveRoute(action, summary, body), async (c) => {
    const { id } = c.req.valid('param')
    const input = (c.req.valid('json') ?? {}) as { reason?: string; receivedSamples?: number }
    const order = await moveOrderBy(c.var.deps, currentUser(c), id, action, input)
    c.header('ETag', etag(order))
    return c.json(orderDto(order), 200)
  })
}
