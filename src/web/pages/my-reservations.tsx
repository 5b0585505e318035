import { Hono } from 'hono'
import { checkInOpen } from '../../domain/lifecycle.js'
import type { Instrument, Reservation } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { calendarFeedKey, calendarFeedUrl } from '../../services/calendars.js'
import { act } from '../../services/reservation-moves.js'
import { getReservation, myReservations } from '../../services/reservation-queries.js'
import type { Ui, WebContext, WebEnv } from '../env.js'
import { DEFAULT_ZONE, formatRange } from '../format.js'
import type { MessageKey } from '../i18n/index.js'
import { PostForm, page, StatusBadge } from '../layout.js'
import { redirectWith, requireUser } from '../routes-kit.js'

function Actions({ ui, r, instrument }: { ui: Ui; r: Reservation; instrument?: Instrument }) {
  const selfService = instrument?.mode === 'self'
  const canCancel = (r.status === 'pending' || r.status === 'confirmed') && r.start > ui.now
  const canCheckIn = r.status === 'confirmed' && selfService && checkInOpen(r, ui.now)
  const canCheckOut = r.status === 'in_use' && selfService
  return (
    <div class="actions">
      {canCheckIn ? (
        <PostForm ui={ui} action={`/me/reservations/${r.id}/check-in`}>
          <button type="submit">{ui.t('me.checkIn')}</button>
        </PostForm>
      ) : null}
      {canCheckOut ? (
        <PostForm ui={ui} action={`/me/reservations/${r.id}/check-out`}>
          <button type="submit">{ui.t('me.checkOut')}</button>
        </PostForm>
      ) : null}
      {canCancel ? (
        <a class="button secondary" href={`/me/reservations/${r.id}/cancel`}>
          {ui.t('me.cancel')}
        </a>
      ) : null}
    </div>
  )
}

function ReservationTable(props: {
  ui: Ui
  id: string
  title: MessageKey
  list: Reservation[]
  instruments: Map<string, Instrument>
}) {
  const { ui, list, instruments } = props
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{ui.t(props.title)}</h2>
      {list.length === 0 ? (
        <p>{ui.t('me.none')}</p>
      ) : (
        <div class="scroll">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{ui.t('me.instrument')}</th>
                <th scope="col">{ui.t('me.when')}</th>
                <th scope="col">{ui.t('me.status')}</th>
                <th scope="col">{ui.t('me.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => {
                const instrument = instruments.get(r.instrumentId)
                return (
                  <tr id={`reservation-${r.id}`}>
                    <td data-label={ui.t('me.instrument')}>
                      <a href={`/instruments/${r.instrumentId}`}>{instrument?.name ?? r.instrumentId}</a>
                    </td>
                    <td data-label={ui.t('me.when')}>
                      {formatRange(r.start, r.end, instrument?.timezone ?? DEFAULT_ZONE, ui.lang)}
                    </td>
                    <td data-label={ui.t('me.status')}>
                      <StatusBadge ui={ui} status={r.status} />
                    </td>
                    <td>
                      <Actions ui={ui} r={r} instrument={instrument} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** Runs a lifecycle action of the service and comes back to /me with its outcome. */
async function runAction(c: WebContext, action: 'cancel' | 'check-in' | 'check-out', done: MessageKey) {
  const user = requireUser(c)
  try {
    await act(c.var.deps, user, c.req.param('id') ?? '', action)
  } catch (error) {
    if (error instanceof AppError && error.code !== 'not-found' && error.code !== 'unauthenticated')
      return redirectWith(c, '/me', { err: error.code })
    throw error
  }
  return redirectWith(c, '/me', { msg: done })
}

export const myReservationPages = new Hono<WebEnv>()
  .get('/me', async (c) => {
    const ui = c.var.ui
    const user = requireUser(c)
    const { upcoming, past, instruments } = await myReservations(c.var.deps, user)
    const key = await calendarFeedKey(c.var.deps, user)
    const feed = key ? calendarFeedUrl(c.var.publicUrl, key) : null
    return page(c, {
      title: ui.t('me.title'),
      body: (
        <>
          <h1>{ui.t('me.title')}</h1>
          <ReservationTable ui={ui} id="upcoming" title="me.upcoming" list={upcoming} instruments={instruments} />
          <ReservationTable ui={ui} id="past" title="me.past" list={past} instruments={instruments} />
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
