import { createRoute, z } from '@hono/zod-openapi'
import { NOTIFICATION_KINDS } from '../../domain/notifications.js'
import { toIso, toIsoOrNull } from '../../services/inputs/instant.js'
import { NotificationsQuery } from '../../services/inputs/notifications.js'
import {
  myNotifications,
  type Notification,
  readAllNotifications,
  readNotification,
} from '../../services/notifications.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, listOf, Pagination, problems } from '../schemas.js'

const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().openapi({ description: 'where to act on it, built from PUBLIC_URL' }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification')

const notificationDto = (n: Notification) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: toIso(n.createdAt),
  readAt: toIsoOrNull(n.readAt),
})

/** The caller's own notifications (API.md "Notifications"), in their language. */
export const notificationRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/notifications',
      tags: ['notifications'],
      summary: 'The caller’s notifications, newest first, with the unread count',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: NotificationsQuery.extend(Pagination) },
      responses: {
        200: json(
          listOf(NotificationSchema).extend({ unread: z.number().int() }).openapi('NotificationPage'),
          'A page of notifications',
        ),
        ...problems(),
      },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { items, nextCursor, unread } = await myNotifications(c.var.deps, currentUser(c), c.var.publicUrl, {
        unread: query.unread === 'true',
        cursor: query.cursor,
        limit: query.limit,
      })
      return c.json({ items: items.map(notificationDto), nextCursor, unread }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/me/notifications/read-all',
      tags: ['notifications'],
      summary: 'Mark every notification of the caller read',
      security: bearer,
      middleware: [signedIn] as const,
      responses: { 200: json(z.object({ marked: z.number().int() }), 'How many were unread'), ...problems() },
    }),
    async (c) => c.json({ marked: await readAllNotifications(c.var.deps, currentUser(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/me/notifications/{id}/read',
      tags: ['notifications'],
      summary: 'Mark one notification read (another user’s is 404)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ id: z.string().max(200) }) },
      responses: { 204: { description: 'Read' }, ...problems('not-found') },
    }),
    async (c) => {
      await readNotification(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
