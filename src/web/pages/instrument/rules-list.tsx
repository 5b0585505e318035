import type { Instrument, OpeningPeriod } from '../../../domain/types.js'
import type { Ui } from '../../env.js'
import { formatMinutes } from '../../format.js'

/** `周一至周五 08:00–18:00；周六 09:00–12:00` — consecutive days with the same hours grouped. */
export function openingHoursText(ui: Ui, hours: readonly OpeningPeriod[]): string {
  const dayText = (weekday: number) =>
    hours
      .filter((p) => p.weekday === weekday)
      .sort((a, b) => a.open.localeCompare(b.open))
      .map((p) => `${p.open}–${p.close}`)
      .join(', ')
  const groups: { from: number; to: number; text: string }[] = []
  for (let day = 1; day <= 7; day++) {
    const text = dayText(day)
    const last = groups.at(-1)
    if (text && last && last.text === text && last.to === day - 1) last.to = day
    else if (text) groups.push({ from: day, to: day, text })
  }
  const name = (day: number) => ui.t(`weekday.${day}` as 'weekday.1')
  return groups
    .map(
      (g) =>
        `${g.from === g.to ? name(g.from) : ui.t('weekday.range', { from: name(g.from), to: name(g.to) })} ${g.text}`,
    )
    .join(ui.lang === 'zh' ? '；' : '; ')
}

/** The booking rules of an instrument in plain words. */
export function RulesList({ ui, instrument }: { ui: Ui; instrument: Instrument }) {
  const m = (n: number) => formatMinutes(n, ui.t)
  const hours = openingHoursText(ui, instrument.openingHours)
  return (
    <ul>
      <li>{hours ? ui.t('rules.hours', { hours }) : ui.t('rules.noHours')}</li>
      <li>{ui.t('rules.slot', { n: m(instrument.slotMinutes) })}</li>
      <li>{ui.t('rules.length', { min: m(instrument.minMinutes), max: m(instrument.maxMinutes) })}</li>
      {instrument.bufferMinutes > 0 ? <li>{ui.t('rules.buffer', { n: m(instrument.bufferMinutes) })}</li> : null}
      {instrument.noticeMinutes > 0 ? <li>{ui.t('rules.notice', { n: m(instrument.noticeMinutes) })}</li> : null}
      <li>{ui.t('rules.horizon', { n: instrument.horizonDays })}</li>
      <li>{instrument.requiresApproval ? ui.t('rules.approval') : ui.t('rules.noApproval')}</li>
      {instrument.requiresQualification ? <li>{ui.t('rules.qualification')}</li> : null}
      <li>{ui.t('rules.zone', { zone: instrument.timezone })}</li>
    </ul>
  )
}
