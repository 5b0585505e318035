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
