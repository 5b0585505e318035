import { createRoute, z } from '@hono/zod-openapi'
import { requireNationalMeans, setMeansOfYear } from '../../services/evaluation-means.js'
import { NationalMeansInput } from '../../services/inputs/evaluation.js'
import { Year } from '../../services/inputs/stats.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, named, problems } from '../schemas.js'

const MeansSchema = z
  .object({
    year: z.number().int().openapi({ description: 'the year whose means these are' }),
    effectiveHours: z.number(),
    externalHours: z.number(),
  })
  .openapi('NationalMeans')

export const evaluationRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'put',
      path: '/evaluation/means/{year}',
      tags: ['evaluation'],
      summary: 'Set the national means of a year’s evaluation (platform admin); 1,599 h and 273 h in 2025',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ year: Year }), ...jsonBody(named(NationalMeansInput, 'NationalMeansInput')) },
      responses: { 200: json(MeansSchema, 'Set'), ...problems('forbidden') },
    }),
    async (c) => {
      const { year } = c.req.valid('param')
      return c.json(await setMeansOfYear(c.var.deps, currentUser(c), year, c.req.valid('json')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/evaluation/means/{year}',
      tags: ['evaluation'],
      summary: 'The national means a year’s figures are compared with: its own, else the latest earlier year’s',
      request: { params: z.object({ year: Year }) },
      responses: {
        200: json(MeansSchema.extend({ forYear: z.number().int() }), 'In force for the year'),
        ...problems('not-found'),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param')
      return c.json({ ...(await requireNationalMeans(c.var.deps, year)), forYear: year }, 200)
    },
  )
