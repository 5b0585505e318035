import type { Instrument } from '../../../domain/types.js'
import { getInstitution, listCities } from '../../../services/directory.js'
import { availability } from '../../../services/instrument-calendar.js'
import { InstrumentStatusBadge } from '../../components/badges.js'
import type { Ui, WebContext } from '../../env.js'
import { cityLabel, formatValue, fromLocalInput, weekStart as weekStartOf } from '../../format.js'
import { page } from '../../layout.js'
import { BookingForm, type BookingState } from './booking-form.js'
import { RulesList } from './rules-list.js'
import { WeekCalendar } from './week-calendar.js'
import { weekGrid } from './week-grid.js'

/** The instrument's facts, each shown only when known. */
function Facts({ ui, instrument, owner }: { ui: Ui; instrument: Instrument; owner: string }) {
  const fact = (label: string, value: string) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null
  return (
    <dl class="facts">
      {fact(ui.t('instrument.manufacturer'), instrument.manufacturer)}
      {fact(ui.t('catalogue.model'), instrument.model)}
      {fact(ui.t('instrument.category'), ui.t(`category.${instrument.category}`))}
      {fact(ui.t('catalogue.value'), formatValue(instrument.originalValue, ui.t))}
      {fact(ui.t('catalogue.location'), instrument.location)}
      {fact(ui.t('catalogue.owner'), owner)}
      {fact(ui.t('instrument.mode'), ui.t(`mode.${instrument.mode}`))}
      {fact(ui.t('instrument.contact'), instrument.contact)}
      {fact(ui.t('instrument.specs'), instrument.specs)}
      {fact(ui.t('instrument.functions'), instrument.functions)}
    </dl>
  )
}

/** The instrument's page: facts, rules in words, the week of free and busy, and the booking form. */
export async function renderInstrument(
  c: WebContext,
  instrument: Instrument,
  options: { weekStart: number; booking: BookingState; status?: 200 | 400 | 403 | 404 | 409 | 422 },
) {
  const { ui, deps } = c.var
  const zone = instrument.timezone
  const weekEnd = weekStartOf(options.weekStart + 8 * 24 * 3600_000, zone)
  const [{ free, busy }, institution, cities] = await Promise.all([
    availability(deps, instrument.id, options.weekStart, weekEnd),
    getInstitution(deps, instrument.institutionId),
    listCities(deps),
  ])
  const city = cities.find((x) => x.code === institution?.city)
  const owner = `${institution?.name ?? ''}${city ? ` · ${cityLabel(city, ui.lang)}` : ''}`
  const chosenStart = fromLocalInput(options.booking.start, zone)
  const chosenEnd = fromLocalInput(options.booking.end, zone)
  const chosen =
    chosenStart !== null && chosenEnd !== null && chosenEnd > chosenStart
      ? { start: chosenStart, end: chosenEnd }
      : undefined
  return page(c, {
    title: instrument.name,
    status: options.status,
    body: (
      <>
        <h1>
          {instrument.name} <InstrumentStatusBadge ui={ui} status={instrument.status} />
        </h1>
        <div class="layout-2">
          <div>
            <Facts ui={ui} instrument={instrument} owner={owner} />
          </div>
          <div>
            <h2>{ui.t('instrument.rules')}</h2>
            <RulesList ui={ui} instrument={instrument} />
            <p>
              <a href={`/api/v1/instruments/${instrument.id}/calendar.ics`} type="text/calendar">
                {ui.t('instrument.ics')}
              </a>
            </p>
          </div>
        </div>
        <WeekCalendar
          ui={ui}
          instrument={instrument}
          grid={weekGrid(instrument, options.weekStart, free, busy)}
          chosen={chosen}
        />
        <BookingForm ui={ui} instrument={instrument} state={options.booking} />
      </>
    ),
  })
}
