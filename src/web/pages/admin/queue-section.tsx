import type { Reservation } from '../../../domain/types.js'
import { RecognitionBadge } from '../../components/badges.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { DayView } from './day-view.js'

/** The requests awaiting approval, each with its two decisions. */
export function QueueSection({ view, queue }: { view: DayView; queue: Reservation[] }) {
  const { ui } = view
  return (
    <section aria-labelledby="queue-h">
      <h2 id="queue-h">{ui.t('staff.admin.queue', { n: queue.length })}</h2>
      {queue.length === 0 ? (
        <p class="muted">{ui.t('staff.admin.queueEmpty')}</p>
      ) : (
        <>
          {queue.some((r) => r.recognitionId !== null) ? (
            <p class="hint">{ui.t('staff.admin.queueRecognitionHint')}</p>
          ) : null}
          <DataTable
            rows={queue}
            rowId={(r) => `r-${r.id}`}
            columns={[
              { label: ui.t('staff.col.instrument'), cell: view.instrumentName },
              { label: ui.t('staff.col.when'), cell: view.when },
              {
                label: ui.t('staff.col.researcher'),
                cell: (r) => (
                  <>
                    {view.who(r)}
                    {r.recognitionId !== null ? (
                      <>
                        {' '}
                        <RecognitionBadge ui={ui} />
                      </>
                    ) : null}
                  </>
                ),
              },
              { label: ui.t('staff.col.purpose'), cell: (r) => r.purpose || '—' },
              { label: ui.t('staff.col.decision'), actions: true, cell: (r) => <Decision view={view} r={r} /> },
            ]}
          />
        </>
      )}
    </section>
  )
}

function Decision({ view, r }: { view: DayView; r: Reservation }) {
  const { ui } = view
  return (
    <>
      <PostForm ui={ui} action={view.actionPath(r, 'approve')}>
        <Hidden name="back" value={view.back} />
        <button type="submit">{ui.t('staff.admin.approve')}</button>
      </PostForm>
      <PostForm ui={ui} action={view.actionPath(r, 'reject')} class="decision">
        <Hidden name="back" value={view.back} />
        <Field
          id={`reason-${r.id}`}
          name="reason"
          label={ui.t('staff.admin.rejectReason')}
          attrs={{ maxlength: 500 }}
        />
        <button type="submit" class="danger">
          {ui.t('staff.admin.reject')}
        </button>
      </PostForm>
    </>
  )
}
