import { createRoute, z } from '@hono/zod-openapi'
import { CATEGORY_CODES } from '../../domain/categories.js'
import type { Instrument, InstrumentStatus } from '../../domain/types.js'
import { AppError, invalid } from '../../errors.js'
import { cityExists } from '../../repositories/institutions.js'
import { listInstruments } from '../../repositories/instruments.js'
import {
  createInstrument,
  getInstrument,
  INSTRUMENT_DEFAULTS,
  instrumentHistory,
  updateInstrument,
} from '../../services/instruments.js'
import { currentUser, signedIn } from '../auth.js'
import { etagOf, InstrumentSchema, instrumentDto, OpeningPeriodSchema } from '../dto.js'
import { createRouter } from '../router.js'
import {
  bearer,
  Id,
  json,
  jsonBody,
  keysetPage,
  listOf,
  onePage,
  Pagination,
  problemResponses,
  toIso,
} from '../schemas.js'

const text = (max: number) => z.string().trim().max(max)
const minutes = (min: number, max: number) => z.number().int().min(min).max(max)

const InstrumentFields = z.object({
  name: text(200).min(1),
  model: text(200),
  manufacturer: text(200),
  category: z.enum(CATEGORY_CODES),
  originalValue: z.number().int().min(0).max(10_000_000_000).nullable().openapi({ description: 'CNY' }),
  location: text(500),
  specs: text(5000),
  functions: text(5000),
  contact: text(500),
  status: z.enum(['active', 'maintenance', 'retired']),
  mode: z.enum(['self', 'service']),
  timezone: text(64).min(1),
  openingHours: z.array(OpeningPeriodSchema).max(100),
  slotMinutes: minutes(5, 1440),
  minMinutes: minutes(5, 43_200),
  maxMinutes: minutes(5, 43_200),
  bufferMinutes: minutes(0, 1440),
  noticeMinutes: minutes(0, 43_200),
  horizonDays: minutes(0, 730),
  requiresApproval: z.boolean(),
  requiresQualification: z.boolean(),
})

const CreateInstrument = InstrumentFields.partial()
  .required({ name: true, category: true, openingHours: true })
  .extend({ institutionId: Id })
  .openapi('NewInstrument')

const PatchInstrument = InstrumentFields.partial().strict().openapi('InstrumentChanges')

const STATUSES = ['active', 'maintenance', 'retired'] as const
const versionFromEtag = (etag: string | undefined, id: string): number | null => {
  if (etag === undefined) return null
  const match = new RegExp(`^(?:W/)?"instrument-${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-v(\\d+)"$`).exec(
    etag.trim(),
  )
  if (!match)
    throw new AppError('precondition-failed', 'If-Match does not name the current version of this instrument.')
  return Number(match[1])
}

export const instrumentRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments',
      tags: ['instruments'],
      summary: 'The catalogue (retired instruments only when asked for)',
      request: {
        query: z.object({
          city: z.string().max(40).optional(),
          institutionId: Id.optional(),
          category: z.enum(CATEGORY_CODES).optional(),
          mode: z.enum(['self', 'service']).optional(),
          q: z.string().trim().max(200).optional().openapi({ description: 'matches name, model and manufacturer' }),
          status: z.enum(STATUSES).optional().openapi({ description: 'default: active and maintenance' }),
          ...Pagination,
        }),
      },
      responses: { 200: json(listOf(InstrumentSchema), 'A page of instruments'), ...problemResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { db } = c.var.deps
      if (query.city && !(await cityExists(db, query.city))) throw invalid('city', `unknown city ${query.city}`)
      const statuses: InstrumentStatus[] = query.status ? [query.status] : ['active', 'maintenance']
      const { page, nextCursor } = await keysetPage(
        query,
        'string',
        (instrument: Instrument) => [instrument.name, instrument.id] as const,
        (after, limit) =>
          listInstruments(db, {
            ...query,
            q: query.q || undefined,
            statuses,
            after: after && { name: after[0], id: after[1] },
            limit,
          }),
      )
      return c.json({ items: page.map(instrumentDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}',
      tags: ['instruments'],
      summary: 'One instrument with its booking rules; the ETag is for If-Match on PATCH',
      request: { params: z.object({ id: Id }) },
      responses: { 200: json(InstrumentSchema, 'The instrument'), ...problemResponses },
    }),
    async (c) => {
      const instrument = await getInstrument(c.var.deps, c.req.valid('param').id)
      c.header('ETag', etagOf('instrument', instrument.id, instrument.version))
      return c.json(instrumentDto(instrument), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/instruments',
      tags: ['instruments'],
      summary: 'List an instrument of the caller’s institution',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(CreateInstrument),
      responses: { 201: json(InstrumentSchema, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const slotMinutes = body.slotMinutes ?? INSTRUMENT_DEFAULTS.slotMinutes
      const instrument = await createInstrument(c.var.deps, currentUser(c), {
        ...INSTRUMENT_DEFAULTS,
        minMinutes: slotMinutes,
        ...body,
        slotMinutes,
      })
      c.header('ETag', etagOf('instrument', instrument.id, instrument.version))
      c.header('Location', `/api/v1/instruments/${instrument.id}`)
      return c.json(instrumentDto(instrument), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/instruments/{id}',
      tags: ['instruments'],
      summary: 'Change an instrument; If-Match is honoured when sent (412 on mismatch)',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: z.object({ id: Id }),
        headers: z.object({ 'if-match': z.string().max(300).optional() }),
        ...jsonBody(PatchInstrument),
      },
      responses: { 200: json(InstrumentSchema, 'Changed'), ...problemResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const ifMatch = versionFromEtag(c.req.valid('header')['if-match'], id)
      const instrument = await updateInstrument(c.var.deps, currentUser(c), id, c.req.valid('json'), ifMatch)
      c.header('ETag', etagOf('instrument', instrument.id, instrument.version))
      return c.json(instrumentDto(instrument), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/history',
      tags: ['instruments'],
      summary: 'Who changed which field or rule of the instrument, and when (its institute admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ id: Id }) },
      responses: {
        200: json(
          listOf(
            z.object({
              at: z.string(),
              actorId: z.string().nullable(),
              changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
            }),
          ),
          'Oldest first',
        ),
        ...problemResponses,
      },
    }),
    async (c) => {
      const events = await instrumentHistory(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.json(onePage(events.map((e) => ({ ...e, at: toIso(e.at) }))), 200)
    },
  )
