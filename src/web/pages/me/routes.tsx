import { AppError } from '../../../errors.js'
import { calendarFeedKey, calendarFeedUrl } from '../../../services/calendars.js'
import { listCities } from '../../../services/directory.js'
import { LanguageInput } from '../../../services/inputs/notifications.js'
import {
  changeLanguage,
  myNotifications,
  readAllNotifications,
  readNotification,
} from '../../../services/notifications.js'
import { myOrders, rateableReservations } from '../../../services/order-views.js'
import { act } from '../../../services/reservation-moves.js'
import { getReservation, myReservations } from '../../../services/reservation-queries.js'
import { findVouchers } from '../../../services/vouchers.js'
import { PostForm } from '../../components/post-form.js'
import type { WebContext } from '../../env.js'
import { cityLabel, formatRange } from '../../format.js'
import type { MessageKey } from '../../i18n/index.js'
import { page } from '../../layout.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { MyOrders } from '../orders/order-lists.js'
import { NotificationsSection } from './notifications-section.js'
import { ReservationTable } from './reservation-table.js'
import { VouchersSection } from './vouchers-section.js'

// 我的预约 /me: the signed-in user's reservations and sample orders, their actions and the personal calendar feed.

/** Runs a lifecycle action of the service and comes back to /me with its outcome (an unknown id: the 404 page). */
async function runAction(c: WebContext, action: 'cancel' | 'check-in' | 'check-out', done: MessageKey) {
  const user = requireUser(c)
  onRefusal(c, flashTo(c, '/me'), ['unauthenticated', 'not-found'])
  await act(c.var.deps, user, c.req.param('id') ?? '', action)
  return redirectWith(c, '/me', { msg: done })
}

export const meRoutes = pagesApp()
  .get('/me', async (c) => {
    const ui = c.var.ui
    const user = requireUser(c)
    const { upcoming, past, instruments } = await myReservations(c.var.deps, user)
    const [key, vouchers, cities, orders, rateable, notices] = await Promise.all([
      calendarFeedKey(c.var.deps, user),
      // a holder's members see its vouchers here; talent offices have the voucher pages for every holder's
      user.institutionId && (user.role === 'researcher' || user.role === 'institution_admin')
        ? findVouchers(c.var.deps, user, { limit: 50 })
        : [],
      listCities(c.var.deps),
      myOrders(c.var.deps, user),
      rateableReservations(c.var.deps, user, past),
      myNotifications(c.var.deps, user, c.var.publicUrl, { limit: 20 }),
    ])
    const cityNames = new Map(cities.map((city) => [city.code, cityLabel(city, ui.lang)]))
    const feed = key ? calendarFeedUrl(c.var.publicUrl, key) : null
    return page(c, {
      title: ui.t('me.title'),
      body: (
        <>
          <h1>{ui.t('me.title')}</h1>
          <ReservationTable ui={ui} id="upcoming" title="me.upcoming" list={upcoming} instruments={instruments} />
          <MyOrders ui={ui} orders={orders.orders} instruments={orders.instruments} rateable={orders.rateable} />
          <ReservationTable
            ui={ui}
            id="past"
            title="me.past"
            list={past}
            instruments={instruments}
            rateable={rateable}
          />
          <VouchersSection ui={ui} vouchers={vouchers} cityOf={(code) => cityNames.get(code) ?? code} />
          <NotificationsSection ui={ui} items={notices.items} unread={notices.unread} language={user.language} />
          {feed ? (
            <p>
              <a href={feed} type="text/calendar">
                {ui.t('me.ics')}
              </a>
              <br />
              <span class="hint">{ui.t('me.icsHint')}</span>
            </p>
          ) : null}
        </>
      ),
    })
  })
  .get('/me/reservations/:id/cancel', async (c) => {
    const ui = c.var.ui
    const user = requireUser(c)
    const { reservation, instrument } = await getReservation(c.var.deps, user, c.req.param('id'))
    if (reservation.userId !== user.id) throw new AppError('not-found', 'Reservation not found')
    const when = formatRange(reservation.start, reservation.end, instrument.timezone, ui.lang)
    return page(c, {
      title: ui.t('me.cancelTitle'),
      body: (
        <>
          <h1>{ui.t('me.cancelTitle')}</h1>
          <p>{ui.t('me.cancelQuestion', { instrument: instrument.name, when })}</p>
          <PostForm ui={ui} action={`/me/reservations/${reservation.id}/cancel`}>
            <div class="actions">
              <button type="submit" class="danger">
                {ui.t('me.cancelConfirm')}
              </button>
              <a href="/me">{ui.t('me.keep')}</a>
            </div>
          </PostForm>
        </>
      ),
    })
  })
  .post('/me/reservations/:id/cancel', (c) => runAction(c, 'cancel', 'msg.cancelled'))
  .post('/me/reservations/:id/check-in', (c) => runAction(c, 'check-in', 'msg.checkedIn'))
  .post('/me/reservations/:id/check-out', (c) => runAction(c, 'check-out', 'msg.checkedOut'))
  .post('/me/notifications/read-all', async (c) => {
    await readAllNotifications(c.var.deps, requireUser(c))
    return redirectWith(c, '/me#notifications', { msg: 'msg.noticesRead' })
  })
  .post('/me/notifications/:id/read', async (c) => {
    const user = requireUser(c)
    onRefusal(c, flashTo(c, '/me'), ['unauthenticated'])
    await readNotification(c.var.deps, user, c.req.param('id'))
    return redirectWith(c, '/me#notifications', { msg: 'msg.noticeRead' })
  })
  .post('/me/language', async (c) => {
    const user = requireUser(c)
    const input = LanguageInput.safeParse(await formFields(c))
    if (!input.success) throw new AppError('validation', 'language: zh or en')
    await changeLanguage(c.var.deps, user, input.data.language)
    return redirectWith(c, '/me#notifications', { msg: 'msg.languageSaved' })
  })
