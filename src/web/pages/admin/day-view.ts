import type { Instrument, Reservation } from '../../../domain/types.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatRange } from '../../format.js'

/** How the overview's sections name a reservation: its instrument, its time in the instrument's zone, its researcher. */
export interface DayView {
  ui: Ui
  instruments: Instrument[]
  /** the page the decision forms come back to (a platform admin's keeps its institution) */
  back: string
  instrumentName(r: Reservation): string
  when(r: Reservation): string
  who(r: Reservation): string
  actionPath(r: Reservation, action: 'approve' | 'reject' | 'no-show'): string
}

export function dayView(
  ui: Ui,
  instruments: Instrument[],
  people: Map<string, { name: string }>,
  institutionNames: Map<string, string>,
  back: string,
): DayView {
  const byId = new Map(instruments.map((i) => [i.id, i]))
  return {
    ui,
    instruments,
    back,
    instrumentName: (r) => byId.get(r.instrumentId)?.name ?? '',
    when: (r) => formatRange(r.start, r.end, byId.get(r.instrumentId)?.timezone ?? DEFAULT_ZONE, ui.lang),
    who: (r) => `${people.get(r.userId)?.name ?? '—'} · ${institutionNames.get(r.userInstitutionId) ?? ''}`,
    actionPath: (r, action) => `/admin/reservations/${r.id}/${action}`,
  }
}
