import type { Interval } from '../../../domain/interval.js'
import type { AppError } from '../../../errors.js'
import { statusOf } from '../../../http/problem.js'
import { getInstrument } from '../../../services/instruments.js'
import { reserve } from '../../../services/reservations.js'
import { errorText } from '../../errors.js'
import { formatDateTime, fromLocalInput, parseWeek, toLocalInput, weekStart } from '../../format.js'
import { onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import type { BookingState } from './booking-form.js'
import { renderInstrument } from './instrument-page.js'

// /instruments/{id}: the instrument's page (anyone) and its booking form (signed in).

/** The nearest free slots that the service's 409 offers (ISO instants, as the API answers them). */
function alternativesOf(error: AppError): Interval[] {
  const offered = (error.extra.alternatives ?? []) as { start: string; end: string }[]
  return offered.map((slot) => ({ start: Date.parse(slot.start), end: Date.parse(slot.end) }))
}

export const instrumentRoutes = pagesApp()
  .get('/instruments/:id', async (c) => {
    const instrument = await getInstrument(c.var.deps, c.req.param('id'))
    const zone = instrument.timezone
    const start = fromLocalInput(c.req.query('start'), zone)
    const end = fromLocalInput(c.req.query('end'), zone)
    return renderInstrument(c, instrument, {
      weekStart: parseWeek(c.req.query('week'), zone) ?? weekStart(start ?? c.var.ui.now, zone),
      booking: {
        start: start !== null ? toLocalInput(start, zone) : '',
        end: end !== null ? toLocalInput(end, zone) : '',
        purpose: '',
      },
    })
  })
  .post('/instruments/:id/book', async (c) => {
    const ui = c.var.ui
    const user = requireUser(c)
    const instrument = await getInstrument(c.var.deps, c.req.param('id'))
    const zone = instrument.timezone
    const form = await formFields(c)
    const booking: BookingState = {
      start: form.start ?? '',
      end: form.end ?? '',
      purpose: (form.purpose ?? '').trim().slice(0, 2000),
    }
    const start = fromLocalInput(booking.start, zone)
    const end = fromLocalInput(booking.end, zone)
    if (start === null || end === null || end <= start)
      return renderInstrument(c, instrument, {
        weekStart: weekStart(start ?? ui.now, zone),
        booking: { ...booking, error: ui.t('book.invalidTime') },
        status: 400,
      })
    // a refused booking is the page again, the form as typed, the reason above it and for a taken time the
    // nearest free slots
    onRefusal(
      c,
      (error) => {
        const taken = error.code === 'time-taken'
        const reason = taken
          ? `${ui.t('book.conflict')} (${formatDateTime(start, zone, ui.lang)})`
          : errorText(ui, error, instrument)
        return renderInstrument(c, instrument, {
          weekStart: weekStart(start, zone),
          booking: { ...booking, error: reason, alternatives: taken ? alternativesOf(error) : undefined },
          status: statusOf(error.code) as 409,
        })
      },
      ['unauthenticated', 'not-found'],
    )
    const reservation = await reserve(c.var.deps, user, {
      instrumentId: instrument.id,
      start,
      end,
      purpose: booking.purpose,
    })
    const pending = reservation.recognitionId !== null ? 'msg.bookedUnderRecognition' : 'msg.bookedPending'
    return redirectWith(c, '/me', { msg: reservation.status === 'pending' ? pending : 'msg.booked' })
  })
