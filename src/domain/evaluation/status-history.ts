import type { InstrumentStatus } from '../types.js'

/*
 * An instrument's status at an instant, from its audit trail: the open rate's denominator counts the large
 * instruments not retired before the year began (DOMAIN.md "Evaluation figures"), whatever their status today.
 */

/** A change of status, as its audit event recorded it (instrument_events `{status: {from, to}}`). */
export interface StatusChange {
  at: number
  from: InstrumentStatus
  to: InstrumentStatus
}

/**
 * The status in force at `instant` (epoch ms UTC): the `to` of the last change strictly before it; before the first
 * change, the status that change started `from` (the one the instrument was created with); without any change, the
 * status it has now. A change at the very instant has not happened yet "before" it.
 */
export function statusAt(
  current: InstrumentStatus,
  changes: readonly StatusChange[],
  instant: number,
): InstrumentStatus {
  let last: StatusChange | null = null
  let first: StatusChange | null = null
  for (const change of changes) {
    if (first === null || change.at < first.at) first = change
    if (change.at < instant && (last === null || change.at >= last.at)) last = change
  }
  if (last) return last.to
  return first ? first.from : current
}
