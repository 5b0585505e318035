import type { Instrument } from '../../../domain/types.js'
import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'

/** The record-a-use form as typed, and why it was refused. */
export interface UseFormState {
  values: Record<string, string>
  error: string
}

/** 补录上机记录: a use that took place without a booking (a night run, a paper log), counted like any other. */
export function RecordUseSection(props: { ui: Ui; instruments: Instrument[]; back: string; state?: UseFormState }) {
  const { ui } = props
  const values = props.state?.values ?? {}
  return (
    <section aria-labelledby="use-h">
      <h2 id="use-h">{ui.t('staff.admin.recordUse')}</h2>
      <p class="hint">{ui.t('staff.admin.recordUseHint')}</p>
      {props.state ? <Notice kind="error">{props.state.error}</Notice> : null}
      <PostForm ui={ui} action="/admin/uses" class="stack">
        <Hidden name="back" value={props.back} />
        <div class="filters">
          <Field
            id="use-instrument"
            name="instrumentId"
            type="select"
            label={ui.t('staff.col.instrument')}
            required
            value={values.instrumentId}
            options={props.instruments.map((i) => ({ value: i.id, label: i.name }))}
          />
          <Field
            id="use-email"
            name="email"
            type="email"
            label={ui.t('staff.admin.userEmail')}
            required
            value={values.email ?? ''}
            attrs={{ autocomplete: 'off' }}
          />
          <Field
            id="use-start"
            name="start"
            type="datetime-local"
            label={ui.t('book.start')}
            required
            value={values.start ?? ''}
          />
          <Field
            id="use-end"
            name="end"
            type="datetime-local"
            label={ui.t('book.end')}
            required
            value={values.end ?? ''}
          />
        </div>
        <p class="hint">{ui.t('staff.admin.zoneHint')}</p>
        <div class="actions">
          <button type="submit">{ui.t('staff.admin.recordUseSubmit')}</button>
        </div>
      </PostForm>
    </section>
  )
}
