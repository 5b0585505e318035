import type { Interval } from '../../../domain/interval.js'
import type { AppError } from '../../../errors.js'
import { statusOf } from '../../../http/problem.js'
import { FundAccount } from '../../../services/inputs/money.js'
import { getInstrument } from '../../../services/instruments.js'
import { reserve } from '../../../services/reservations.js'
import type { Ui } from '../../env.js'
import { errorText } from '../../errors.js'
import { formatDateTime, fromLocalInput, parseWeek, toLocalInput, weekStart } from '../../format.js'
import { isMessageKey } from '../../i18n/index.js'
import { onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import type { BookingState } from './booking-form.js'
import { renderInstrument } from './instrument-page.js'

// /instruments/{id}: the instrument's page (anyone) and its booking form (signed in).

/** Why the named voucher was refused, for beside the picker: the reason of a 422 voucher-not-applicable, or used up. */
function voucherRefusalText(ui: Ui, error: AppError): string | undefined {
  if (error.code === 'voucher-exhausted') return ui.t('money.refusal.exhausted')
  if (error.code !== 'voucher-not-applicable') return undefined
  const reason = `money.refusal.${String(error.extra.reason)}`
  return isMessageKey(reason) ? ui.t(reason) : ui.t('error.voucher-not-applicable')
}

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
        voucherId: '',
        fundAccount: '',
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
      voucherId: (form.voucherId ?? '').trim().slice(0, 64),
      fundAccount: (form.fundAccount ?? '').trim().slice(0, 200),
    }
    const start = fromLocalInput(booking.start, zone)
    const end = fromLocalInput(booking.end, zone)
    if (start === null || end === null || end <= start)
      return renderInstrument(c, instrument, {
        weekStart: weekStart(start ?? ui.now, zone),
        booking: { ...booking, error: ui.t('book.invalidTime') },
        status: 400,
      })
    // "update the cost": the form again with the quote of its time and voucher, nothing booked
    if (form.intent === 'quote') return renderInstrument(c, instrument, { weekStart: weekStart(start, zone), booking })
    const fundAccount = FundAccount.safeParse(booking.fundAccount)
    if (!fundAccount.success)
      return renderInstrument(c, instrument, {
        weekStart: weekStart(start, zone),
        booking: { ...booking, error: ui.t('error.validation') },
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
          booking: {
            ...booking,
            error: reason,
            alternatives: taken ? alternativesOf(error) : undefined,
            voucherError: voucherRefusalText(ui, error),
          },
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
      voucherId: booking.voucherId || null,
      fundAccount: fundAccount.data,
    })
    const pending = reservation.recognitionId !== null ? 'msg.bookedUnderRecognition' : 'msg.bookedPending'
    return redirectWith(c, '/me', { msg: reservation.status === 'pending' ? pending : 'msg.booked' })
  })
