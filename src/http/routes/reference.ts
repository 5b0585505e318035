import { createRoute, z } from '@hono/zod-openapi'
import { CATEGORIES } from '../../domain/categories.js'
import { createCity, createInstitution, listCities, listInstitutions } from '../../services/directory.js'
import { CityInput, InstitutionInput } from '../../services/inputs/directory.js'
import { onePage } from '../../services/paging.js'
import { currentUser, signedIn } from '../auth.js'
import { CategorySchema, CitySchema, InstitutionSchema } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, problems } from '../schemas.js'

export const referenceRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/cities',
      tags: ['reference'],
      summary: 'The cities of the platform',
      responses: { 200: json(listOf(CitySchema), 'Cities'), ...problems() },
    }),
    async (c) => c.json(onePage(await listCities(c.var.deps)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/cities',
      tags: ['reference'],
      summary: 'Add a city (platform admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(CityInput),
      responses: { 201: json(CitySchema, 'Created'), ...problems('forbidden', 'duplicate') },
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
      responses: { 200: json(listOf(CategorySchema), 'Categories'), ...problems() },
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
      responses: { 200: json(listOf(InstitutionSchema), 'Institutions'), ...problems() },
    }),
    async (c) => c.json(onePage(await listInstitutions(c.var.deps, c.req.valid('query').city)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/institutions',
      tags: ['reference'],
      summary: 'Add an institution (platform admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(InstitutionInput),
      responses: { 201: json(InstitutionSchema, 'Created'), ...problems('forbidden', 'duplicate') },
    }),
    async (c) => c.json(await createInstitution(c.var.deps, currentUser(c), c.req.valid('json')), 201),
  )
