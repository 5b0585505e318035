import { createRoute, z } from '@hono/zod-openapi'
import type { ReservationAction } from '../../domain/lifecycle.js'
import { RESERVATION_STATUSES, type Reservation } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { Id, Instant, toMs } from '../../services/inputs/instant.js'
import { NewReservationInput, ReasonInput, ReservationChangesInput } from '../../services/inputs/reservation.js'
import { keysetPage, onePage } from '../../services/paging.js'
import { act } from '../../services/reservation-moves.js'
import { findReservations, getReservation, reservationHistory } from '../../services/reservation-queries.js'
import { reschedule, reserve } from '../../services/reservations.js'
import { currentUser, signedIn } from '../auth.js'
import { auditEntryDto, etagOf, ReservationSchema, reservationDto } from '../dto.js'
import { idempotent } from '../idempotency.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, Pagination, problems } from '../schemas.js'

const IdParam = z.object({ id: Id })

const HistoryEntry = z
  .object({
    at: z.string(),
    actorId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('ReservationEvent')

const etag = (r: { id: string; version: number }) => etagOf('reservation', r.id, r.version)

const versionFromIfMatch = (header: string | undefined, id: string): number => {
  if (header === undefined)
    throw new AppError('precondition-required', 'Send If-Match with the ETag of the reservation you read.')
  const match = /^(?:W\/)?"reservation-(.+)-v(\d+)"$/.exec(header.trim())
  if (!match || match[1] !== id) throw new AppError('precondition-failed', 'If-Match does not name this reservation.')
  return Number(match[2])
}

const actionRoute = (_action: ReservationAction, path: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/reservations/{id}/${path}`,
    tags: ['reservations'],
    summary,
    security: bearer,
    middleware: [signedIn] as const,
    request: {
      params: IdParam,
      body: { content: { 'application/json': { schema: ReasonInput } }, required: false },
    },
    responses: {
      200: json(ReservationSchema, 'The reservation after the move'),
      ...problems('forbidden', 'invalid-transition'),
    },
  })

const actions: [ReservationAction, string, string][] = [
  ['cancel', 'cancel', 'Cancel (researcher before the start; institute admin until the end)'],
  ['approve', 'approve', 'Approve a pending request (institute admin)'],
  ['reject', 'reject', 'Reject a pending request (institute admin)'],
  ['check-in', 'check-in', 'Check in: from 15 minutes before the start until the end'],
  ['check-out', 'check-out', 'Check out: the use is completed'],
  ['no-show', 'no-show', 'Mark a no-show: from 15 minutes after the start until 7 days after the end'],
]

export const reservationRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/reservations',
      tags: ['reservations'],
      summary: 'Reserve a time slot; send Idempotency-Key to retry safely',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        ...jsonBody(named(NewReservationInput, 'NewReservation')),
      },
      responses: {
        201: json(ReservationSchema, 'Reserved: confirmed, or pending approval'),
        ...problems(
          'not-found',
          'forbidden',
          'not-qualified',
          'rule-violation',
          'idempotency-mismatch',
          'time-taken',
          'duplicate',
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const user = currentUser(c)
      return idempotent(c, user.id, body, async () => {
        const reservation = await reserve(c.var.deps, user, {
          instrumentId: body.instrumentId,
          start: toMs(body.start),
          end: toMs(body.end),
          purpose: body.purpose,
          voucherId: body.voucherId,
          fundAccount: body.fundAccount,
        })
        c.header('ETag', etag(reservation))
        c.header('Location', `/api/v1/reservations/${reservation.id}`)
        return { status: 201, body: reservationDto(reservation) }
      }) as never
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/reservations',
      tags: ['reservations'],
      summary: 'Reservations the caller may see, by start then id',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        query: z.object({
          instrumentId: Id.optional(),
          status: z.enum(RESERVATION_STATUSES).optional(),
          from: Instant.optional(),
          to: Instant.optional(),
          ...Pagination,
        }),
      },
      responses: { 200: json(listOf(ReservationSchema), 'A page of reservations'), ...problems() },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { page, nextCursor } = await keysetPage(
        query,
        'number',
        (reservation: Reservation) => [reservation.start, reservation.id] as const,
        (after, limit) =>
          findReservations(c.var.deps, currentUser(c), {
            instrumentId: query.instrumentId,
            status: query.status,
            from: query.from ? toMs(query.from) : undefined,
            to: query.to ? toMs(query.to) : undefined,
            after: after && { start: after[0], id: after[1] },
            limit,
          }),
      )
      return c.json({ items: page.map(reservationDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/reservations/{id}',
      tags: ['reservations'],
      summary: 'One reservation; its ETag is needed to reschedule',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(ReservationSchema, 'The reservation'), ...problems() },
    }),
    async (c) => {
      const { reservation } = await getReservation(c.var.deps, currentUser(c), c.req.valid('param').id)
      c.header('ETag', etag(reservation))
      return c.json(reservationDto(reservation), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/reservations/{id}/history',
      tags: ['reservations'],
      summary: 'The audit trail: who, when, from → to, why',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(listOf(HistoryEntry), 'Oldest first'), ...problems() },
    }),
    async (c) => {
      const events = await reservationHistory(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.json(onePage(events.map(auditEntryDto)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/reservations/{id}',
      tags: ['reservations'],
      summary: 'Reschedule or edit the purpose; If-Match required',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: IdParam,
        headers: z.object({ 'if-match': z.string().max(300).optional() }),
        ...jsonBody(ReservationChangesInput),
      },
      responses: {
        200: json(ReservationSchema, 'Changed'),
        ...problems(
          'forbidden',
          'rule-violation',
          'invalid-transition',
          'time-taken',
          'precondition-failed',
          'precondition-required',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const version = versionFromIfMatch(c.req.valid('header')['if-match'], id)
      const reservation = await reschedule(c.var.deps, currentUser(c), id, version, {
        start: body.start ? toMs(body.start) : undefined,
        end: body.end ? toMs(body.end) : undefined,
        purpose: body.purpose,
      })
      c.header('ETag', etag(reservation))
      return c.json(reservationDto(reservation), 200)
    },
  )

for (const [action, path, summary] of actions) {
  reservationRoutes.openapi(actionRoute(action, path, summary), async (c) => {
    const { id } = c.req.valid('param')
    const { reason } = c.req.valid('json') as { reason?: string }
    const reservation = await act(c.var.deps, currentUser(c), id, action, reason ?? null)
    c.header('ETag', etag(reservation))
    return c.json(reservationDto(reservation), 200)
  })
}
