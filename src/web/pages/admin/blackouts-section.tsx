import type { Instrument } from '../../../domain/types.js'
import type { blackoutsOf } from '../../../services/instrument-calendar.js'
import { Field } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { formatRange } from '../../format.js'

type Blackout = Awaited<ReturnType<typeof blackoutsOf>>[number]

/** The instrument's blackouts (maintenance, holidays): the list, each removable, and the form to add one. */
export function BlackoutsSection(props: { ui: Ui; instrument: Instrument; blackouts: Blackout[] }) {
  const { ui, instrument } = props
  const zone = instrument.timezone
  const base = `/admin/instruments/${instrument.id}`
  return (
    <section aria-labelledby="blackouts-h">
      <h2 id="blackouts-h">{ui.t('staff.blackout.title')}</h2>
      <p class="hint">{ui.t('staff.blackout.hint')}</p>
      {props.blackouts.length === 0 ? (
        <p class="muted">{ui.t('common.none')}</p>
      ) : (
        <ul>
          {props.blackouts.map((b) => (
            <li>
              {formatRange(b.start, b.end, zone, ui.lang)} · {b.reason || '—'}{' '}
              <PostForm ui={ui} action={`${base}/blackouts/${b.id}/delete`} class="inline">
                <button type="submit" class="secondary">
                  {ui.t('staff.blackout.remove')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <PostForm ui={ui} action={`${base}/blackouts`} class="stack">
        <div class="filters">
          <Field id="b-start" name="start" type="datetime-local" label={ui.t('book.start')} required />
          <Field id="b-end" name="end" type="datetime-local" label={ui.t('book.end')} required />
          <Field id="b-reason" name="reason" label={ui.t('staff.blackout.reason')} attrs={{ maxlength: 500 }} />
        </div>
        <p class="hint">{ui.t('rules.zone', { zone })}</p>
        <div class="actions">
          <button type="submit">{ui.t('staff.blackout.add')}</button>
        </div>
      </PostForm>
    </section>
  )
}
