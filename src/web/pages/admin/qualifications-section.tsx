import type { Instrument } from '../../../domain/types.js'
import type { qualificationsOf } from '../../../services/instrument-calendar.js'
import { Field } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { formatDate } from '../../format.js'

type Qualification = Awaited<ReturnType<typeof qualificationsOf>>[number]

/** Who is trained on the instrument (each revocable), and the form to grant it by e-mail. */
export function QualificationsSection(props: { ui: Ui; instrument: Instrument; qualifications: Qualification[] }) {
  const { ui, instrument } = props
  const zone = instrument.timezone
  const base = `/admin/instruments/${instrument.id}`
  return (
    <section aria-labelledby="quals-h">
      <h2 id="quals-h">{ui.t('staff.qual.title')}</h2>
      {props.qualifications.length === 0 ? (
        <p class="muted">{ui.t('common.none')}</p>
      ) : (
        <ul>
          {props.qualifications.map((q) => (
            <li>
              {q.name} ({q.email})
              {q.recognition_id !== null ? (
                <>
                  {' '}
                  <span class="badge info">{ui.t('staff.qual.byRecognition')}</span>
                </>
              ) : null}
              {q.expires_at !== null
                ? ` · ${ui.t('staff.qual.expires', { date: formatDate(q.expires_at, zone, ui.lang) })}`
                : ''}{' '}
              <PostForm ui={ui} action={`${base}/qualifications/${q.user_id}/delete`} class="inline">
                <button type="submit" class="secondary">
                  {ui.t('staff.qual.revoke')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <PostForm ui={ui} action={`${base}/qualifications`} class="stack">
        <div class="filters">
          <Field
            id="q-email"
            name="email"
            type="email"
            label={ui.t('staff.admin.userEmail')}
            required
            attrs={{ autocomplete: 'off' }}
          />
          <Field id="q-expires" name="expiresAt" type="date" label={ui.t('staff.qual.expiresAt')} />
        </div>
        <div class="actions">
          <button type="submit">{ui.t('staff.qual.grant')}</button>
        </div>
      </PostForm>
    </section>
  )
}
