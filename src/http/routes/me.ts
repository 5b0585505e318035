import { createRoute, z } from '@hono/zod-openapi'
import { changePassword } from '../../services/auth.js'
import { calendarFeedKey, calendarFeedUrl, renewCalendarFeedKey } from '../../services/calendars.js'
import { PasswordChangeInput } from '../../services/inputs/directory.js'
import { LanguageInput } from '../../services/inputs/notifications.js'
import { changeLanguage } from '../../services/notifications.js'
import { currentUser, signedIn } from '../auth.js'
import { UserSchema, userDto } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, problems } from '../schemas.js'

const MeSchema = UserSchema.extend({
  calendarFeedKey: z
    .string()
    .openapi({ description: 'the key of GET /me/calendar.ics?key=…; renew it to end old links' }),
  calendarFeedUrl: z.string().openapi({ description: 'the feed address, built from PUBLIC_URL' }),
}).openapi('Me')

export const meRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['auth'],
      summary: 'The caller, with the key of their private calendar feed',
      security: bearer,
      middleware: [signedIn] as const,
      responses: { 200: json(MeSchema, 'The caller'), ...problems() },
    }),
    async (c) => {
      const user = currentUser(c)
      const key = await calendarFeedKey(c.var.deps, user)
      return c.json(
        { ...userDto(user), calendarFeedKey: key, calendarFeedUrl: calendarFeedUrl(c.var.publicUrl, key) },
        200,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['auth'],
      summary: 'Change the caller’s settings: the language of their notifications and e-mails',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(LanguageInput),
      responses: { 200: json(MeSchema, 'The caller, changed'), ...problems() },
    }),
    async (c) => {
      const user = await changeLanguage(c.var.deps, currentUser(c), c.req.valid('json').language)
      const key = await calendarFeedKey(c.var.deps, user)
      return c.json(
        { ...userDto(user), calendarFeedKey: key, calendarFeedUrl: calendarFeedUrl(c.var.publicUrl, key) },
        200,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/me/calendar-key',
      tags: ['auth'],
      summary: 'Renew the calendar feed key: old feed links stop working',
      security: bearer,
      middleware: [signedIn] as const,
      responses: {
        200: json(z.object({ calendarFeedKey: z.string(), calendarFeedUrl: z.string() }), 'Renewed'),
        ...problems(),
      },
    }),
    async (c) => {
      const key = await renewCalendarFeedKey(c.var.deps, currentUser(c))
      return c.json({ calendarFeedKey: key, calendarFeedUrl: calendarFeedUrl(c.var.publicUrl, key) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/me/password',
      tags: ['auth'],
      summary: 'Change the password; every other token of the caller ends',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(PasswordChangeInput),
      responses: { 204: { description: 'Changed' }, ...problems('forbidden') },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json')
      await changePassword(c.var.deps, currentUser(c), c.var.token, currentPassword, newPassword)
      return c.body(null, 204)
    },
  )
