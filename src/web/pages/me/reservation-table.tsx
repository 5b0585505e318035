import { checkInOpen } from '../../../domain/lifecycle.js'
import type { Instrument, Reservation } from '../../../domain/types.js'
import { RecognitionBadge, StatusBadge } from '../../components/badges.js'
import { DataTable } from '../../components/data-table.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatRange } from '../../format.js'
import type { MessageKey } from '../../i18n/index.js'

/** What the researcher may do with a reservation now: check in or out (self-service), or cancel before it starts. */
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

/** Its status; a booking under a recognition (资格互认) says so, and while pending why it waits. */
function Status({ ui, r }: { ui: Ui; r: Reservation }) {
  if (r.recognitionId === null) return <StatusBadge ui={ui} status={r.status} />
  return (
    <>
      <StatusBadge ui={ui} status={r.status} /> <RecognitionBadge ui={ui} />
      {r.status === 'pending' ? (
        <>
          <br />
          <small class="hint">{ui.t('me.recognitionPending')}</small>
        </>
      ) : null}
    </>
  )
}

export function ReservationTable(props: {
  ui: Ui
  id: string
  title: MessageKey
  list: Reservation[]
  instruments: Map<string, Instrument>
}) {
  const { ui, instruments } = props
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{ui.t(props.title)}</h2>
      {props.list.length === 0 ? (
        <p>{ui.t('me.none')}</p>
      ) : (
        <DataTable
          rows={props.list}
          rowId={(r) => `reservation-${r.id}`}
          columns={[
            {
              label: ui.t('me.instrument'),
              cell: (r) => (
                <a href={`/instruments/${r.instrumentId}`}>{instruments.get(r.instrumentId)?.name ?? r.instrumentId}</a>
              ),
            },
            {
              label: ui.t('me.when'),
              cell: (r) =>
                formatRange(r.start, r.end, instruments.get(r.instrumentId)?.timezone ?? DEFAULT_ZONE, ui.lang),
            },
            { label: ui.t('me.status'), cell: (r) => <Status ui={ui} r={r} /> },
            {
              label: ui.t('me.actions'),
              actions: true,
              cell: (r) => <Actions ui={ui} r={r} instrument={instruments.get(r.instrumentId)} />,
            },
          ]}
        />
      )}
    </section>
  )
}
