import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { searchInstruments } from '../../services/catalogue.js'
import { CatalogueFilters } from '../../services/inputs/catalogue.js'
import { Id, toIso } from '../../services/inputs/instant.js'
import { InstrumentChangesInput, NewInstrumentInput } from '../../services/inputs/instrument.js'
import { createInstrument, getInstrument, instrumentHistory, updateInstrument } from '../../services/instruments.js'
import { onePage } from '../../services/paging.js'
import { currentUser, signedIn } from '../auth.js'
import { etagOf, InstrumentSchema, instrumentDto } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, Pagination, problems } from '../schemas.js'

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
      request: { query: CatalogueFilters.extend(Pagination) },
      responses: { 200: json(listOf(InstrumentSchema), 'A page of instruments'), ...problems() },
    }),
    async (c) => {
      const { items, nextCursor } = await searchInstruments(c.var.deps, c.req.valid('query'))
      return c.json({ items: items.map(instrumentDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}',
      tags: ['instruments'],
      summary: 'One instrument with its booking rules; the ETag is for If-Match on PATCH',
      request: { params: z.object({ id: Id }) },
      responses: { 200: json(InstrumentSchema, 'The instrument'), ...problems() },
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
      request: jsonBody(named(NewInstrumentInput, 'NewInstrument')),
      responses: { 201: json(InstrumentSchema, 'Created'), ...problems('not-found', 'forbidden') },
    }),
    async (c) => {
      const instrument = await createInstrument(c.var.deps, currentUser(c), c.req.valid('json'))
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
        ...jsonBody(named(InstrumentChangesInput, 'InstrumentChanges')),
      },
      responses: { 200: json(InstrumentSchema, 'Changed'), ...problems('forbidden', 'precondition-failed') },
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
        ...problems('forbidden'),
      },
    }),
    async (c) => {
      const events = await instrumentHistory(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.json(onePage(events.map((e) => ({ ...e, at: toIso(e.at) }))), 200)
    },
  )
