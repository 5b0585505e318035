import { createRoute, z } from '@hono/zod-openapi'
import { instrumentCalendar, personalCalendar } from '../../services/calendars.js'
import { Id } from '../../services/inputs/instant.js'
import { createRouter } from '../router.js'
import { problems } from '../schemas.js'

const ics = { content: { 'text/calendar': { schema: z.string() } }, description: 'iCalendar (RFC 5545)' }
const icsHeaders = (filename: string) => ({
  'Content-Type': 'text/calendar; charset=utf-8',
  'Content-Disposition': `inline; filename="${filename}"`,
  'Cache-Control': 'private, max-age=300',
})

export const calendarRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/calendar.ics',
      tags: ['calendars'],
      summary: 'Busy times of an instrument as iCalendar: no names, no purposes',
      request: { params: z.object({ id: Id }) },
      responses: { 200: ics, ...problems() },
    }),
    async (c) =>
      c.body(await instrumentCalendar(c.var.deps, c.req.valid('param').id), 200, icsHeaders('instrument.ics')),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/calendar.ics',
      tags: ['calendars'],
      summary: 'The caller’s own reservations, by the private feed key of GET /me (never the bearer token)',
      // The key is the credential: a missing one is 401 (API.md: no credentials), like a wrong one.
      request: { query: z.object({ key: z.string().max(1000).optional() }) },
      responses: { 200: ics, ...problems() },
    }),
    async (c) =>
      c.body(
        await personalCalendar(c.var.deps, c.req.valid('query').key ?? ''),
        200,
        icsHeaders('my-reservations.ics'),
      ),
  )
