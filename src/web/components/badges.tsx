import type { InstrumentStatus, ReservationStatus } from '../../domain/types.js'
import type { Ui } from '../env.js'

const STATUS_TONE: Record<ReservationStatus, string> = {
  pending: 'warn',
  confirmed: 'ok',
  in_use: 'info',
  completed: 'muted',
  rejected: 'bad',
  cancelled: 'muted',
  expired: 'muted',
  no_show: 'bad',
}

/** A reservation's status: its word, and a colour. */
export function StatusBadge({ ui, status }: { ui: Ui; status: ReservationStatus }) {
  return <span class={`badge ${STATUS_TONE[status]}`}>{ui.t(`status.${status}`)}</span>
}

const INSTRUMENT_TONE: Record<InstrumentStatus, string> = { active: 'ok', maintenance: 'warn', retired: 'muted' }

export function InstrumentStatusBadge({ ui, status }: { ui: Ui; status: InstrumentStatus }) {
  return <span class={`badge ${INSTRUMENT_TONE[status]}`}>{ui.t(`instrumentStatus.${status}`)}</span>
}

/** A booking made under a recognition (资格互认): its researcher was trained at a recognised institution. */
export function RecognitionBadge({ ui }: { ui: Ui }) {
  return <span class="badge info">{ui.t('recognition.badge')}</span>
}

/** A recognition's state: in force, expired, or revoked. */
export function RecognitionStateBadge(props: { ui: Ui; inForce: boolean; revoked: boolean }) {
  const [tone, key] = props.inForce
    ? (['ok', 'recognition.state.inForce'] as const)
    : props.revoked
      ? (['bad', 'recognition.state.revoked'] as const)
      : (['muted', 'recognition.state.expired'] as const)
  return <span class={`badge ${tone}`}>{props.ui.t(key)}</span>
}
