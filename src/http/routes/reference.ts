import { createRoute, z } from '@hono/zod-openapi'
import { CATEGORIES } from '../../domain/categories.js'
import { INSTITUTION_KINDS } from '../../domain/types.js'
import { listCities, listInstitutions } from '../../repositories/institutions.js'
import { createCity, createInstitution } from '../../services/directory.js'
import { currentUser, signedIn } from '../auth.js'
import { CategorySchema, CitySchema, InstitutionSchema } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, onePage, problemResponses } from '../schemas.js'

const CityCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes')

export const referenceRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/cities',
      tags: ['reference'],
      summary: 'The cities of the platform',
      responses: { 200: json(listOf(CitySchema), 'Cities'), ...problemResponses },
    }),
    async (c) => c.json(onePage(await listCities(c.var.deps.db)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/cities',
      tags: ['reference'],
      summary: 'Add a city (platform admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(z.object({ code: CityCode, name: z.string().trim().min(1).max(100) })),
      responses: { 201: json(CitySchema, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const { code, name } = c.req.valid('json')
      return c.json(await createCity(c.var.deps, currentUser(c), code, name), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/categories',
      tags: ['reference'],
      summary: 'The fixed list of instrument categories',
      responses: { 200: json(listOf(CategorySchema), 'Categories'), ...problemResponses },
    }),
    (c) => c.json(onePage(CATEGORIES.map((category) => ({ ...category }))), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/institutions',
      tags: ['reference'],
      summary: 'Universities, institutes, hospitals and offices of both cities',
      request: { query: z.object({ city: z.string().max(40).optional() }) },
      responses: { 200: json(listOf(InstitutionSchema), 'Institutions'), ...problemResponses },
    }),
    async (c) => c.json(onePage(await listInstitutions(c.var.deps.db, c.req.valid('query').city)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/institutions',
      tags: ['reference'],
      summary: 'Add an institution (platform admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(
        z.object({
          name: z.string().trim().min(1).max(200),
          city: CityCode,
          kind: z.enum(INSTITUTION_KINDS as ['university', 'institute', 'hospital', 'enterprise', 'government']),
        }),
      ),
      responses: { 201: json(InstitutionSchema, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await createInstitution(c.var.deps, currentUser(c), c.req.valid('json')), 201),
  )
