import { createRoute, z } from '@hono/zod-openapi'
import { signIn, signOut } from '../../services/auth.js'
import { SignInInput } from '../../services/inputs/directory.js'
import { signedIn } from '../auth.js'
import { UserSchema, userDto } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, problems } from '../schemas.js'

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['auth'],
      summary: 'Sign in: a bearer token valid for 30 days',
      request: jsonBody(SignInInput),
      responses: {
        200: json(z.object({ token: z.string(), user: UserSchema }), 'Signed in'),
        ...problems('rate-limited'),
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json')
      const { token, user } = await signIn(c.var.deps, email.trim(), password, { address: c.var.clientAddress })
      return c.json({ token, user: userDto(user) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['auth'],
      summary: 'End the token',
      security: bearer,
      middleware: [signedIn] as const,
      responses: { 204: { description: 'Signed out' }, ...problems() },
    }),
    async (c) => {
      await signOut(c.var.deps, c.var.token!)
      return c.body(null, 204)
    },
  )
