import { createRoute, z } from '@hono/zod-openapi'
import { yearOf } from '../../domain/sharing/counting.js'
import type { User } from '../../domain/types.js'
import { forbidden } from '../../errors.js'
import { getSharingCsv, getSharingStats, setSharingTarget } from '../../services/sharing-stats.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, problemResponses } from '../schemas.js'

const Year = z.coerce.number().int().min(2000).max(2100)

const SharingStatsSchema = z
  .object({
    year: z.number().int(),
    target: z.number().int(),
    crossCityUses: z.number().int(),
    sharedUses: z.number().int(),
    totalUses: z.number().int(),
    machineHours: z.object({ total: z.number(), shared: z.number(), crossCity: z.number() }),
    byDirection: z.array(z.object({ from: z.string(), to: z.string(), uses: z.number().int() })),
    byMonth: z.array(
      z.object({ month: z.number().int(), crossCityUses: z.number().int(), sharedUses: z.number().int() }),
    ),
    byInstitution: z.array(
      z.object({ institutionId: z.string(), crossCityUses: z.number().int(), sharedUses: z.number().int() }),
    ),
    byCategory: z.array(z.object({ category: z.string(), crossCityUses: z.number().int() })),
    projection: z.object({ expectedCrossCityUses: z.number().int(), onTrack: z.boolean() }),
  })
  .openapi('SharingStats')

/** Talent offices and platform admins see both cities; an institute admin the uses of its own instruments. */
function scopeOf(user: User): { providerInstitutionId?: string } {
  if (user.role === 'talent_office' || user.role === 'platform_admin') return {}
  if (user.role === 'institution_admin' && user.institutionId) return { providerInstitutionId: user.institutionId }
  throw forbidden('Sharing statistics are for talent offices and institute admins.')
}

export const statsRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/stats/sharing',
      tags: ['statistics'],
      summary: 'Shared and cross-city uses of a year against the joint target (default: this year in Asia/Shanghai)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ year: Year.optional() }) },
      responses: { 200: json(SharingStatsSchema, 'The year’s sharing statistics'), ...problemResponses },
    }),
    async (c) => {
      const now = c.var.deps.clock()
      const scope = scopeOf(currentUser(c))
      const year = c.req.valid('query').year ?? yearOf(now)
      return c.json(await getSharingStats(c.var.deps.db, { year, now, ...scope }), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/stats/sharing.csv',
      tags: ['statistics'],
      summary: 'One CSV row per counted use (UTF-8 with a BOM, institutions by name, no person names)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ year: Year.optional() }) },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' }, ...problemResponses },
    }),
    async (c) => {
      const now = c.var.deps.clock()
      const scope = scopeOf(currentUser(c))
      const year = c.req.valid('query').year ?? yearOf(now)
      const csv = await getSharingCsv(c.var.deps.db, { year, now, ...scope })
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sharing-${year}.csv"`,
      })
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/stats/targets/{year}',
      tags: ['statistics'],
      summary: 'Set the joint yearly target of cross-city uses (talent office)',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: z.object({ year: Year }),
        ...jsonBody(z.object({ target: z.number().int().min(0).max(1_000_000) })),
      },
      responses: {
        200: json(z.object({ year: z.number().int(), target: z.number().int() }), 'Set'),
        ...problemResponses,
      },
    }),
    async (c) => {
      const user = currentUser(c)
      if (user.role !== 'talent_office' && user.role !== 'platform_admin')
        throw forbidden('Only a talent office sets the yearly target.')
      const { year } = c.req.valid('param')
      const result = await setSharingTarget(c.var.deps.db, {
        year,
        target: c.req.valid('json').target,
        userId: user.id,
        now: c.var.deps.clock(),
      })
      return c.json(result, 200)
    },
  )
