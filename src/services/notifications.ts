import {
  type NotificationKind,
  type NotificationText,
  readNotice,
  renderNotification,
} from '../domain/notifications.js'
import type { Language, User } from '../domain/types.js'
import { notFound } from '../errors.js'
import {
  countUnread,
  listNotificationsOf,
  markAllRead,
  markRead,
  type NotificationRow,
  setLanguage,
} from '../repositories/notifications.js'
import type { Deps } from './deps.js'
import { keysetPage } from './paging.js'

/* A user's own notifications (API.md "Notifications"): only ever their own, in their language. */

export interface Notification extends NotificationText {
  id: string
  kind: NotificationKind
  createdAt: number
  readAt: number | null
}

function render(row: NotificationRow, lang: Language, publicUrl: string): Notification | null {
  const notice = readNotice(row.kind, row.params)
  if (!notice) return null
  return {
    id: row.id,
    kind: notice.kind,
    createdAt: row.createdAt,
    readAt: row.readAt,
    ...renderNotification(notice, lang, publicUrl),
  }
}

/** The caller's notifications, newest first, keyset-paged, with the unread count. */
export async function myNotifications(
  deps: Deps,
  user: User,
  publicUrl: string,
  query: { unread?: boolean; cursor?: string; limit?: number },
) {
  const [{ page, nextCursor }, unread] = await Promise.all([
    keysetPage<NotificationRow, readonly [number, string]>(
      query,
      'number',
      (row) => [row.createdAt, row.id],
      (after, limit) => listNotificationsOf(deps.db, user.id, { unreadOnly: query.unread === true, after, limit }),
    ),
    countUnread(deps.db, user.id),
  ])
  const items = page.map((row) => render(row, user.language, publicUrl)).filter((n) => n !== null)
  return { items, nextCursor, unread }
}

/** The number shown in the page header. */
export const unreadCount = (deps: Deps, user: User) => countUnread(deps.db, user.id)

/** Marks one read; another user's (or an unknown) id is 404, as if it did not exist. */
export async function readNotification(deps: Deps, user: User, id: string) {
  if (!(await markRead(deps.db, user.id, id, deps.clock()))) throw notFound('Notification')
}

export const readAllNotifications = (deps: Deps, user: User) => markAllRead(deps.db, user.id, deps.clock())

/** The language of the caller's notifications and e-mails. */
export async function changeLanguage(deps: Deps, user: User, language: Language): Promise<User> {
  await setLanguage(deps.db, user.id, language)
  return { ...user, language }
}
