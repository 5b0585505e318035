import { Hono } from 'hono'
import type { Interval } from '../../domain/interval.js'
import type { Instrument } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { statusOf } from '../../http/problem.js'
import { getInstitution, listCities } from '../../services/directory.js'
import { availability } from '../../services/instrument-calendar.js'
import { getInstrument } from '../../services/instruments.js'
import { reserve } from '../../services/reservations.js'
import type { Ui, WebContext, WebEnv } from '../env.js'
import { errorText } from '../errors.js'
import {
  cityLabel,
  formatDateTime,
  formatRange,
  formatValue,
  fromLocalInput,
  parseWeek,
  toLocalInput,
  weekStart as weekStartOf,
} from '../format.js'
import { InstrumentStatusBadge, Notice, PostForm, page } from '../layout.js'
import { formFields, redirectWith, requireUser } from '../routes-kit.js'
import { RulesList } from './instrument-rules.js'
import { bookingHref, WeekCalendar } from './week-calendar.js'
import { weekGrid } from './week-grid.js'

interface BookingState {
  start: string
  end: string
  purpose: string
  error?: string
  /** set after a refused booking because the time is taken */
  alternatives?: Interval[]
}

/** The nearest free slots that the service's 409 offers (ISO instants, as the API answers them). */
function alternativesOf(error: AppError): Interval[] {
  const offered = (error.extra.alternatives ?? []) as { start: string; end: string }[]
  return offered.map((slot) => ({ start: Date.parse(slot.start), end: Date.parse(slot.end) }))
}

function BookingForm({ ui, instrument, state }: { ui: Ui; instrument: Instrument; state: BookingState }) {
  const zone = instrument.timezone
  const canBook = ui.user !== null && (ui.user.role === 'researcher' || ui.user.role === 'institution_admin')
  return (
    <section id="book" aria-labelledby="book-heading">
      <h2 id="book-heading">{ui.t('book.title')}</h2>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      {state.alternatives ? (
        <div class="notice info" role="status">
          {state.alternatives.length > 0 ? (
            <>
              <p>{ui.t('book.alternatives')}</p>
              <ul>
                {state.alternatives.map((slot) => (
                  <li>
                    <a
                      href={bookingHref(instrument, weekStartOf(slot.start, zone), slot.start, slot.end)}
                      aria-label={ui.t('book.useAlternative', {
                        when: formatRange(slot.start, slot.end, zone, ui.lang),
                      })}
                    >
                      {formatRange(slot.start, slot.end, zone, ui.lang)}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{ui.t('book.noAlternatives')}</p>
          )}
        </div>
      ) : null}
      {!ui.user ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(`/instruments/${instrument.id}`)}`}>{ui.t('book.signIn')}</a>
        </p>
      ) : !canBook ? (
        <p>{ui.t('book.notAllowed')}</p>
      ) : (
        <PostForm ui={ui} action={`/instruments/${instrument.id}/book`} class="stack">
          <label for="book-start">{ui.t('book.start')}</label>
          <input
            id="book-start"
            name="start"
            type="datetime-local"
            required
            value={state.start}
            step={instrument.slotMinutes * 60}
          />
          <label for="book-end">{ui.t('book.end')}</label>
          <input
            id="book-end"
            name="end"
            type="datetime-local"
            required
            value={state.end}
            step={instrument.slotMinutes * 60}
          />
          <label for="book-purpose">{ui.t('book.purpose')}</label>
          <textarea id="book-purpose" name="purpose" maxlength={2000} placeholder={ui.t('book.purposeHint')}>
            {state.purpose}
          </textarea>
          <p class="hint">{ui.t('rules.zone', { zone })}</p>
          <div class="actions">
            <button type="submit">{ui.t('book.submit')}</button>
          </div>
        </PostForm>
      )}
    </section>
  )
}

async function renderInstrument(
  c: WebContext,
  instrument: Instrument,
  options: { weekStart: number; booking: BookingState; status?: 200 | 400 | 403 | 404 | 409 | 422 },
) {
  const ui = c.var.ui
  const { deps } = c.var
  const zone = instrument.timezone
  const weekEnd = weekStartOf(options.weekStart + 8 * 24 * 3600_000, zone)
  const [{ free, busy }, institution, cities] = await Promise.all([
    availability(deps, instrument.id, options.weekStart, weekEnd),
    getInstitution(deps, instrument.institutionId),
    listCities(deps),
  ])
  const city = cities.find((x) => x.code === institution?.city)
  const grid = weekGrid(instrument, options.weekStart, free, busy)
  const chosenStart = fromLocalInput(options.booking.start, zone)
  const chosenEnd = fromLocalInput(options.booking.end, zone)
  const chosen =
    chosenStart !== null && chosenEnd !== null && chosenEnd > chosenStart
      ? { start: chosenStart, end: chosenEnd }
      : undefined
  const fact = (label: string, value: string) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null
  return page(c, {
    title: instrument.name,
    status: options.status,
    body: (
      <>
        <h1>
          {instrument.name} <InstrumentStatusBadge ui={ui} status={instrument.status} />
        </h1>
        <div class="layout-2">
          <div>
            <dl class="facts">
              {fact(ui.t('instrument.manufacturer'), instrument.manufacturer)}
              {fact(ui.t('catalogue.model'), instrument.model)}
              {fact(ui.t('instrument.category'), ui.t(`category.${instrument.category}` as 'category.other'))}
              {fact(ui.t('catalogue.value'), formatValue(instrument.originalValue, ui.t))}
              {fact(ui.t('catalogue.location'), instrument.location)}
              {fact(
                ui.t('catalogue.owner'),
                `${institution?.name ?? ''}${city ? ` · ${cityLabel(city, ui.lang)}` : ''}`,
              )}
              {fact(ui.t('instrument.mode'), ui.t(`mode.${instrument.mode}`))}
              {fact(ui.t('instrument.contact'), instrument.contact)}
              {fact(ui.t('instrument.specs'), instrument.specs)}
              {fact(ui.t('instrument.functions'), instrument.functions)}
            </dl>
          </div>
          <div>
            <h2>{ui.t('instrument.rules')}</h2>
            <RulesList ui={ui} instrument={instrument} />
            <p>
              <a href={`/api/v1/instruments/${instrument.id}/calendar.ics`} type="text/calendar">
                {ui.t('instrument.ics')}
              </a>
            </p>
          </div>
        </div>
        <WeekCalendar ui={ui} instrument={instrument} grid={grid} chosen={chosen} />
        <BookingForm ui={ui} instrument={instrument} state={options.booking} />
      </>
    ),
  })
}

export const instrumentPages = new Hono<WebEnv>()
  .get('/instruments/:id', async (c) => {
    const instrument = await getInstrument(c.var.deps, c.req.param('id'))
    const zone = instrument.timezone
    const start = fromLocalInput(c.req.query('start'), zone)
    const end = fromLocalInput(c.req.query('end'), zone)
    const week = parseWeek(c.req.query('week'), zone) ?? weekStartOf(start ?? c.var.ui.now, zone)
    return renderInstrument(c, instrument, {
      weekStart: week,
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
        weekStart: weekStartOf(start ?? ui.now, zone),
        booking: { ...booking, error: ui.t('book.invalidTime') },
        status: 400,
      })
    try {
      const reservation = await reserve(c.var.deps, user, {
        instrumentId: instrument.id,
        start,
        end,
        purpose: booking.purpose,
      })
      return redirectWith(c, '/me', { msg: reservation.status === 'pending' ? 'msg.bookedPending' : 'msg.booked' })
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'not-found' || error.code === 'unauthenticated') throw error
      const taken = error.code === 'time-taken'
      return renderInstrument(c, instrument, {
        weekStart: weekStartOf(start, zone),
        booking: {
          ...booking,
          error: taken
            ? `${ui.t('book.conflict')} (${formatDateTime(start, zone, ui.lang)})`
            : errorText(ui, error, instrument),
          alternatives: taken ? alternativesOf(error) : undefined,
        },
        status: statusOf(error.code) as 409,
      })
    }
  })
