import { createRoute, z } from '@hono/zod-openapi'
import { ROLES, type Role } from '../../domain/types.js'
import { changeUser, createUser, lookUpUserByEmail } from '../../services/directory.js'
import { currentUser, signedIn } from '../auth.js'
import { UserSchema, userDto } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, Id, json, jsonBody, problemResponses } from '../schemas.js'

const RoleSchema = z.enum(ROLES as [Role, ...Role[]])

export const userRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['users'],
      summary: 'Create an account (institute admin: researchers of its own institution)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(
        z.object({
          email: z.email().max(254),
          name: z.string().trim().min(1).max(100),
          password: z.string().min(8).max(1000),
          role: RoleSchema,
          institutionId: Id.nullable(),
        }),
      ),
      responses: { 201: json(UserSchema, 'Created'), ...problemResponses },
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
        ...problemResponses,
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
        ...jsonBody(
          z.object({
            name: z.string().trim().min(1).max(100).optional(),
            role: RoleSchema.optional(),
            active: z.boolean().optional(),
          }),
        ),
      },
      responses: { 200: json(UserSchema, 'Changed'), ...problemResponses },
    }),
    async (c) =>
      c.json(userDto(await changeUser(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  )
