import type { Interval } from '../../../domain/interval.js'
import { takesSamples } from '../../../domain/orders.js'
import type { Instrument, User } from '../../../domain/types.js'
import { administers, getInstitution, listCities } from '../../../services/directory.js'
import { availability } from '../../../services/instrument-calendar.js'
import { viewerPrice, voucherChoices } from '../../../services/price-list.js'
import { quote } from '../../../services/quotes.js'
import { instrumentRatings, ratingComments } from '../../../services/ratings.js'
import { findVouchers } from '../../../services/vouchers.js'
import { InstrumentStatusBadge } from '../../components/badges.js'
import type { Ui, WebContext } from '../../env.js'
import { cityLabel, formatValue, fromLocalInput, weekStart as weekStartOf } from '../../format.js'
import { page } from '../../layout.js'
import { EMPTY_ORDER_FORM, OrderForm, type OrderFormState } from '../orders/order-form.js'
import { RatingComments, RatingDetail, RatingSummaryLine } from '../orders/rating-parts.js'
import { BookingForm, type BookingState } from './booking-form.js'
import type { BookingMoney } from './booking-money.js'
import { PriceSection } from './price-section.js'
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

/** The booking form before anything is chosen. */
const EMPTY_BOOKING: BookingState = { start: '', end: '', purpose: '', voucherId: '', fundAccount: '' }

/** The longest time the booking form quotes (the quote's own bound); a longer one is refused when booked. */
const MAX_QUOTED_MS = 31 * 24 * 3_600_000

/** Who books here: a researcher or an institute admin, of an institution (their class comes from it). */
const booker = (user: User | null): User | null =>
  user?.institutionId && (user.role === 'researcher' || user.role === 'institution_admin') ? user : null

/**
 * The booking form's money for this booker: their institution's vouchers checked for the chosen time, and the quote
 * of that time with the chosen voucher where it applies (one that does not is said beside the picker instead).
 */
async function bookingMoney(
  c: WebContext,
  user: User,
  instrument: Instrument,
  booking: BookingState,
  chosen: Interval | undefined,
): Promise<{ money: BookingMoney; voucherError?: string }> {
  const { deps, ui } = c.var
  const choices = await voucherChoices(deps, user, instrument, chosen?.start ?? ui.now)
  const named = choices.find((choice) => choice.voucher.id === booking.voucherId)
  const usable = named && named.refusal === null ? named.voucher.id : undefined
  const quoted =
    chosen && chosen.end - chosen.start <= MAX_QUOTED_MS
      ? await quote(deps, user, instrument.id, { start: chosen.start, end: chosen.end, voucherId: usable })
      : null
  const voucherError = named?.refusal ? ui.t(`money.refusal.${named.refusal}`) : undefined
  return { money: { quote: quoted, choices }, voucherError }
}

/** The instrument's page: facts, rules in words, prices, ratings, the sample order form, the week of free and busy, and the booking form. */
export async function renderInstrument(
  c: WebContext,
  instrument: Instrument,
  options: {
    weekStart?: number
    booking?: BookingState
    order?: OrderFormState
    status?: 200 | 400 | 403 | 404 | 409 | 422
  },
) {
  const { ui, deps } = c.var
  const zone = instrument.timezone
  const requested = options.booking ?? EMPTY_BOOKING
  const shownWeek = options.weekStart ?? weekStartOf(ui.now, zone)
  const viewer = ui.user
  const samples = takesSamples(instrument)
  const weekEnd = weekStartOf(shownWeek + 8 * 24 * 3600_000, zone)
  const readsComments =
    viewer !== null && (administers(viewer, instrument.institutionId) || viewer.role === 'talent_office')
  const [{ free, busy }, institution, cities, price, ratings, comments, vouchers] = await Promise.all([
    availability(deps, instrument.id, shownWeek, weekEnd),
    getInstitution(deps, instrument.institutionId),
    listCities(deps),
    viewerPrice(deps, viewer, instrument),
    instrumentRatings(deps, [instrument.id]),
    readsComments ? ratingComments(deps, viewer, instrument.id, { limit: 20 }) : Promise.resolve([]),
    // the vouchers of the viewer's institution, offered on the order form when samples are paid for
    samples && instrument.rates.sample !== null && viewer?.institutionId && viewer.role !== 'talent_office'
      ? findVouchers(deps, viewer, { limit: 50 })
      : Promise.resolve([]),
  ])
  const rating = ratings.get(instrument.id)
  const city = cities.find((x) => x.code === institution?.city)
  const owner = `${institution?.name ?? ''}${city ? ` · ${cityLabel(city, ui.lang)}` : ''}`
  const chosenStart = fromLocalInput(requested.start, zone)
  const chosenEnd = fromLocalInput(requested.end, zone)
  const chosen =
    chosenStart !== null && chosenEnd !== null && chosenEnd > chosenStart
      ? { start: chosenStart, end: chosenEnd }
      : undefined
  const user = booker(viewer)
  const money = user ? await bookingMoney(c, user, instrument, requested, chosen) : null
  const booking = { ...requested, voucherError: requested.voucherError ?? money?.voucherError }
  return page(c, {
    title: instrument.name,
    status: options.status,
    body: (
      <>
        <h1>
          {instrument.name} <InstrumentStatusBadge ui={ui} status={instrument.status} />
        </h1>
        <p>
          <RatingSummaryLine ui={ui} summary={rating} />
        </p>
        <RatingDetail ui={ui} summary={rating} />
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
            <PriceSection ui={ui} rates={instrument.rates} viewerClass={price.own ? price.priceClass : null} />
          </div>
        </div>
        {/* a sample service offers 送样 first; its time can still be booked, run by the lab's staff */}
        <OrderForm
          ui={ui}
          instrument={instrument}
          price={price}
          state={options.order ?? EMPTY_ORDER_FORM}
          vouchers={vouchers.filter((v) => v.balanceFen > 0)}
        />
        {samples ? <p class="hint">{ui.t('order.alsoTime')}</p> : null}
        <WeekCalendar
          ui={ui}
          instrument={instrument}
          grid={weekGrid(instrument, shownWeek, free, busy)}
          chosen={chosen}
        />
        <BookingForm ui={ui} instrument={instrument} state={booking} money={money?.money} />
        {readsComments ? <RatingComments ui={ui} comments={comments} /> : null}
      </>
    ),
  })
}
