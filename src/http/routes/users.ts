import { createRoute, z } from '@hono/zod-openapi'
import { changeUser, createUser, lookUpUserByEmail } from '../../services/directory.js'
import { NewUserInput, UserChangesInput } from '../../services/inputs/directory.js'
import { Id } from '../../services/inputs/instant.js'
import { currentUser, signedIn } from '../auth.js'
import { UserSchema, userDto } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, problems } from '../schemas.js'

export const userRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['users'],
      summary: 'Create an account (institute admin: researchers of its own institution)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(NewUserInput),
      responses: { 201: json(UserSchema, 'Created'), ...problems('not-found', 'forbidden', 'duplicate') },
    }),
    async (c) => c.json(userDto(await createUser(c.var.deps, currentUser(c), c.req.valid('json'))), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['users'],
      summary: 'Find an account by exact e-mail (to record a visitor’s use)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ email: z.string().min(1).max(254) }) },
      responses: {
        200: json(z.object({ id: z.string(), name: z.string(), institutionId: z.string().nullable() }), 'Found'),
        ...problems('forbidden', 'not-found'),
      },
    }),
    async (c) => c.json(await lookUpUserByEmail(c.var.deps, currentUser(c), c.req.valid('query').email.trim()), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['users'],
      summary: 'Rename, change role, deactivate or reactivate an account',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: z.object({ id: Id }),
        ...jsonBody(UserChangesInput),
      },
      responses: { 200: json(UserSchema, 'Changed'), ...problems('forbidden', 'last-admin') },
    }),
    async (c) =>
      c.json(userDto(await changeUser(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  )
