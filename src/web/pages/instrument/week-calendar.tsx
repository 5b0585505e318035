import { DateTime } from 'luxon'
import type { Instrument } from '../../../domain/types.js'
import type { Ui } from '../../env.js'
import { formatDate, formatDateTime, formatDay, formatTime, isoDate, toLocalInput } from '../../format.js'
import type { MessageKey } from '../../i18n/index.js'
import type { Cell, WeekGrid } from './week-grid.js'

const LABEL: Record<Cell['state'], MessageKey> = {
  free: 'week.free',
  busy: 'week.busy',
  blackout: 'week.blackout',
  closed: 'week.closed',
  unavailable: 'week.unavailable',
}

/** Cells without a word get distinct marks, so that status never rests on shading alone. */
const GLYPH = { unavailable: '×', closed: '·' } as const

/** `/instruments/{id}?week=…&start=…&end=…#book`: the link that fills the booking form (works without JS). */
export function bookingHref(instrument: Instrument, weekStart: number, start: number, end: number) {
  const zone = instrument.timezone
  const query = new URLSearchParams({
    week: isoDate(weekStart, zone),
    start: toLocalInput(start, zone),
    end: toLocalInput(end, zone),
  })
  return `/instruments/${instrument.id}?${query}#book`
}

function CellView({
  ui,
  instrument,
  weekStart,
  cell,
  chosen,
}: {
  ui: Ui
  instrument: Instrument
  weekStart: number
  cell: Cell
  chosen: boolean
}) {
  const zone = instrument.timezone
  const text = ui.t(LABEL[cell.state])
  const className = `${cell.state}${chosen ? ' chosen' : ''}`
  if (cell.state === 'free' && cell.booking)
    return (
      <td class={className}>
        <a
          href={bookingHref(instrument, weekStart, cell.booking.start, cell.booking.end)}
          aria-label={ui.t('week.bookSlot', { when: formatDateTime(cell.start, zone, ui.lang) })}
        >
          {text}
        </a>
      </td>
    )
  if (cell.state === 'closed' || cell.state === 'unavailable')
    return (
      <td class={className}>
        <span aria-hidden="true">{GLYPH[cell.state]}</span>
        <span class="visually-hidden">{text}</span>
      </td>
    )
  return (
    <td class={className}>
      <span>{text}</span>
    </td>
  )
}

/** The week grid (server-rendered table) with its navigation and legend. */
export function WeekCalendar(props: {
  ui: Ui
  instrument: Instrument
  grid: WeekGrid
  chosen?: { start: number; end: number }
}) {
  const { ui, instrument, grid, chosen } = props
  const zone = instrument.timezone
  const weekStart = grid.days[0]!
  const shiftWeeks = (n: number) => DateTime.fromMillis(weekStart, { zone }).plus({ weeks: n }).toMillis()
  const link = (ms: number) => `/instruments/${instrument.id}?week=${isoDate(ms, zone)}#week`
  return (
    <section id="week" aria-labelledby="week-heading">
      <h2 id="week-heading">{ui.t('week.title')}</h2>
      <nav class="weeknav" aria-label={ui.t('week.title')}>
        <a href={link(shiftWeeks(-1))} rel="prev">
          ← {ui.t('week.prev')}
        </a>
        <a href={link(ui.now)}>{ui.t('week.today')}</a>
        <a href={link(shiftWeeks(1))} rel="next">
          {ui.t('week.next')} →
        </a>
      </nav>
      <div class="scroll">
        <table class="week">
          <caption class="hint">
            {ui.t('week.caption', {
              from: formatDate(weekStart, zone, ui.lang),
              to: formatDate(grid.days[6]!, zone, ui.lang),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{ui.t('week.time')}</th>
              {grid.days.map((day) => (
                <th scope="col">{formatDay(day, zone, ui.lang)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.cells.map((row) => (
              <tr>
                <th scope="row">{formatTime(row[0]!.start, zone)}</th>
                {row.map((cell) => (
                  <CellView
                    ui={ui}
                    instrument={instrument}
                    weekStart={weekStart}
                    cell={cell}
                    chosen={chosen !== undefined && chosen.start < cell.end && cell.start < chosen.end}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="legend" aria-label={ui.t('week.legend')}>
        {(['free', 'busy', 'blackout', 'unavailable', 'closed'] as const).map((state) => (
          <li>
            <span class={state}>
              {state === 'free' || state === 'busy' || state === 'blackout' ? ui.t(LABEL[state]) : GLYPH[state]}
            </span>{' '}
            {ui.t(LABEL[state])}
          </li>
        ))}
      </ul>
    </section>
  )
}
