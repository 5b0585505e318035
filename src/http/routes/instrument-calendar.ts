import { createRoute, z } from '@hono/zod-openapi'
import { BUSY_KINDS } from '../../domain/conflicts.js'
import { invalid } from '../../errors.js'
import { Id, Instant, toIso, toIsoOrNull, toMs } from '../../services/inputs/instant.js'
import { BlackoutInput, QualificationInput, RecordUseInput } from '../../services/inputs/reservation.js'
import {
  addBlackout,
  availability,
  blackoutsOf,
  grantQualification,
  qualificationsOf,
  removeBlackout,
  revokeQualification,
} from '../../services/instrument-calendar.js'
import { onePage } from '../../services/paging.js'
import { recordUse } from '../../services/reservations.js'
import { currentUser, signedIn } from '../auth.js'
import { ReservationSchema, reservationDto } from '../dto.js'
import { idempotent } from '../idempotency.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, problems } from '../schemas.js'

const InstrumentParam = z.object({ id: Id })
const Span = z.object({ start: z.string(), end: z.string() })
const BusySchema = Span.extend({ kind: z.enum(BUSY_KINDS) })
const BlackoutSchema = z
  .object({ id: z.string(), instrumentId: z.string(), start: z.string(), end: z.string(), reason: z.string() })
  .openapi('Blackout')
const QualificationSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    institutionId: z.string().nullable(),
    grantedAt: z.string().optional(),
    expiresAt: z.string().nullable(),
    byRecognition: z.boolean().openapi({
      description: 'granted when a booking made under a recognition (资格互认) was completed, not by an admin',
    }),
    recognitionId: z.string().nullable(),
  })
  .openapi('Qualification')

const span = (i: { start: number; end: number }) => ({ start: toIso(i.start), end: toIso(i.end) })
const blackoutDto = (b: { id: string; instrumentId: string; start: number; end: number; reason: string }) => ({
  id: b.id,
  instrumentId: b.instrumentId,
  ...span(b),
  reason: b.reason,
})

function orderedSpan(startText: string, endText: string, names = ['start', 'end']) {
  const start = toMs(startText)
  const end = toMs(endText)
  if (end <= start) throw invalid(names[1]!, `must be after ${names[0]}`)
  return { start, end }
}

export const instrumentCalendarRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/availability',
      tags: ['instruments'],
      summary: 'Free and busy times in [from, to), at most 62 days; never whose',
      request: { params: InstrumentParam, query: z.object({ from: Instant, to: Instant }) },
      responses: {
        200: json(z.object({ timezone: z.string(), free: z.array(Span), busy: z.array(BusySchema) }), 'Availability'),
        ...problems(),
      },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query')
      const window = orderedSpan(from, to, ['from', 'to'])
      const result = await availability(c.var.deps, c.req.valid('param').id, window.start, window.end)
      return c.json(
        {
          timezone: result.instrument.timezone,
          free: result.free.map(span),
          busy: result.busy.map((b) => ({ ...span(b), kind: b.kind })),
        },
        200,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/instruments/{id}/blackouts',
      tags: ['blackouts'],
      summary: 'Block a time (maintenance, holidays): cancels the pending and confirmed reservations it overlaps',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: InstrumentParam,
        ...jsonBody(BlackoutInput),
      },
      responses: {
        201: json(BlackoutSchema.extend({ cancelledReservationIds: z.array(z.string()) }), 'Created'),
        ...problems('forbidden', 'time-taken'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const result = await addBlackout(c.var.deps, currentUser(c), c.req.valid('param').id, {
        ...orderedSpan(body.start, body.end),
        reason: body.reason,
      })
      return c.json({ ...blackoutDto(result), cancelledReservationIds: result.cancelledReservationIds }, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/blackouts',
      tags: ['blackouts'],
      summary: 'Blackouts of an instrument, optionally those overlapping [from, to)',
      request: { params: InstrumentParam, query: z.object({ from: Instant.optional(), to: Instant.optional() }) },
      responses: { 200: json(listOf(BlackoutSchema), 'Blackouts'), ...problems() },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query')
      const items = await blackoutsOf(
        c.var.deps,
        c.req.valid('param').id,
        from ? toMs(from) : undefined,
        to ? toMs(to) : undefined,
      )
      return c.json(onePage(items.map(blackoutDto)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/instruments/{id}/blackouts/{blackoutId}',
      tags: ['blackouts'],
      summary: 'Lift a blackout: deleted before it begins, ended now while under way; one that has ended stays (409)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ id: Id, blackoutId: Id }) },
      responses: { 204: { description: 'Lifted' }, ...problems('forbidden', 'invalid-transition') },
    }),
    async (c) => {
      const { id, blackoutId } = c.req.valid('param')
      await removeBlackout(c.var.deps, currentUser(c), id, blackoutId)
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/instruments/{id}/qualifications',
      tags: ['qualifications'],
      summary: 'Grant a researcher the training qualification (培训认证) for this instrument',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: InstrumentParam,
        ...jsonBody(QualificationInput),
      },
      responses: { 201: json(QualificationSchema, 'Granted'), ...problems('forbidden') },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const granted = await grantQualification(c.var.deps, currentUser(c), c.req.valid('param').id, {
        userId: body.userId,
        expiresAt: body.expiresAt ? toMs(body.expiresAt) : null,
      })
      return c.json(
        { ...granted, expiresAt: toIsoOrNull(granted.expiresAt), byRecognition: false, recognitionId: null },
        201,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/qualifications',
      tags: ['qualifications'],
      summary: 'Who holds the qualification (institute admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: InstrumentParam },
      responses: {
        200: json(listOf(QualificationSchema), 'Qualified researchers'),
        ...problems('forbidden'),
      },
    }),
    async (c) => {
      const rows = await qualificationsOf(c.var.deps, currentUser(c), c.req.valid('param').id)
      const items = rows.map((q) => ({
        userId: q.user_id,
        name: q.name,
        institutionId: q.institution_id,
        grantedAt: toIso(q.granted_at),
        expiresAt: toIsoOrNull(q.expires_at),
        byRecognition: q.recognition_id !== null,
        recognitionId: q.recognition_id,
      }))
      return c.json(onePage(items), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/instruments/{id}/qualifications/{userId}',
      tags: ['qualifications'],
      summary: 'Revoke a qualification',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ id: Id, userId: Id }) },
      responses: { 204: { description: 'Revoked' }, ...problems('forbidden') },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param')
      await revokeQualification(c.var.deps, currentUser(c), id, userId)
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/instruments/{id}/uses',
      tags: ['uses'],
      summary:
        'Record a use that took place (walk-in, night run, older log): a completed reservation, 422 unless plausible',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: InstrumentParam,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        ...jsonBody(RecordUseInput),
      },
      responses: {
        201: json(ReservationSchema, 'Recorded'),
        ...problems('forbidden', 'rule-violation', 'idempotency-mismatch', 'time-taken', 'duplicate'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const user = currentUser(c)
      const instrumentId = c.req.valid('param').id
      return idempotent(c, user.id, body, async () => {
        const reservation = await recordUse(c.var.deps, user, {
          instrumentId,
          userId: body.userId,
          ...orderedSpan(body.start, body.end),
          billable: body.billable,
          voucherId: body.voucherId,
          fundAccount: body.fundAccount,
        })
        return { status: 201, body: reservationDto(reservation) }
      }) as never
    },
  )
