import type { Interval } from '../../../domain/interval.js'
import type { Instrument } from '../../../domain/types.js'
import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { formatRange, weekStart } from '../../format.js'
import { bookingHref } from './week-calendar.js'

export interface BookingState {
  start: string
  end: string
  purpose: string
  error?: string
  /** set after a refused booking because the time is taken */
  alternatives?: Interval[]
}

/** The nearest free slots offered after a conflict, each a link that fills the form with it. */
function Alternatives({ ui, instrument, slots }: { ui: Ui; instrument: Instrument; slots: Interval[] }) {
  const zone = instrument.timezone
  return (
    <div class="notice info" role="status">
      {slots.length > 0 ? (
        <>
          <p>{ui.t('book.alternatives')}</p>
          <ul>
            {slots.map((slot) => (
              <li>
                <a
                  href={bookingHref(instrument, weekStart(slot.start, zone), slot.start, slot.end)}
                  aria-label={ui.t('book.useAlternative', { when: formatRange(slot.start, slot.end, zone, ui.lang) })}
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
  )
}

export function BookingForm({ ui, instrument, state }: { ui: Ui; instrument: Instrument; state: BookingState }) {
  const canBook = ui.user !== null && (ui.user.role === 'researcher' || ui.user.role === 'institution_admin')
  const step = { step: instrument.slotMinutes * 60 }
  return (
    <section id="book" aria-labelledby="book-heading">
      <h2 id="book-heading">{ui.t('book.title')}</h2>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      {state.alternatives ? <Alternatives ui={ui} instrument={instrument} slots={state.alternatives} /> : null}
      {!ui.user ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(`/instruments/${instrument.id}`)}`}>{ui.t('book.signIn')}</a>
        </p>
      ) : !canBook ? (
        <p>{ui.t('book.notAllowed')}</p>
      ) : (
        <PostForm ui={ui} action={`/instruments/${instrument.id}/book`} class="stack">
          <Field
            id="book-start"
            name="start"
            type="datetime-local"
            label={ui.t('book.start')}
            required
            value={state.start}
            attrs={step}
          />
          <Field
            id="book-end"
            name="end"
            type="datetime-local"
            label={ui.t('book.end')}
            required
            value={state.end}
            attrs={step}
          />
          <Field
            id="book-purpose"
            name="purpose"
            type="textarea"
            label={ui.t('book.purpose')}
            value={state.purpose}
            attrs={{ maxlength: 2000, placeholder: ui.t('book.purposeHint') }}
          />
          <p class="hint">{ui.t('rules.zone', { zone: instrument.timezone })}</p>
          <div class="actions">
            <button type="submit">{ui.t('book.submit')}</button>
          </div>
        </PostForm>
      )}
    </section>
  )
}
