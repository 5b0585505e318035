import type { Child } from 'hono/jsx'
import type { Institution, Instrument, User } from '../../../domain/types.js'
import { listCities } from '../../../services/directory.js'
import { blackoutsOf, qualificationsOf } from '../../../services/instrument-calendar.js'
import { recognitionsForAdmin } from '../../../services/recognition-admin.js'
import { reservationsOnInstrument } from '../../../services/reservation-queries.js'
import { Notice } from '../../components/notice.js'
import type { Ui, WebContext } from '../../env.js'
import { cityLabel, formatRange } from '../../format.js'
import { page } from '../../layout.js'
import { BlackoutsSection } from './blackouts-section.js'
import { InstrumentForm } from './instrument-form.js'
import { type FieldErrors, type InstrumentFormValues, SPARE_ROWS } from './instrument-form-values.js'
import { QualificationsSection } from './qualifications-section.js'
import { RecognitionsSection } from './recognitions-section.js'
import { adminHref } from './scope.js'

/*
 * /admin/instruments/new and /admin/instruments/{id}: the instrument form; for an existing instrument also its
 * blackouts, qualifications and recognitions (资格互认), and what a new blackout has just cancelled.
 */

export const MAX_CANCELLED_SHOWN = 50

export interface FormState {
  user: User
  institution: Institution
  instrument: Instrument | null
  values: InstrumentFormValues
  errors: FieldErrors
  spareRows?: number
  status?: 400 | 409
}

export async function renderInstrumentForm(c: WebContext, state: FormState) {
  const ui = c.var.ui
  const { instrument, institution } = state
  const form = (
    <InstrumentForm
      ui={ui}
      action={instrument ? `/admin/instruments/${instrument.id}` : '/admin/instruments'}
      values={state.values}
      errors={state.errors}
      spareRows={state.spareRows ?? SPARE_ROWS}
      institution={institution}
      backHref={adminHref(state.user, institution.id)}
    />
  )
  if (instrument) return renderManage(c, state.user, instrument, institution, form, state.status)
  const title = ui.t('staff.instrument.newTitle')
  return page(c, {
    title,
    status: state.status,
    body: (
      <>
        <h1>{title}</h1>
        <p class="muted">{institution.name}</p>
        {form}
      </>
    ),
  })
}

type Cancelled = Awaited<ReturnType<typeof reservationsOnInstrument>>

function CancelledNotice({ ui, cancelled, zone }: { ui: Ui; cancelled: Cancelled; zone: string }) {
  return (
    <Notice kind="info">
      {cancelled.length === 0 ? (
        ui.t('staff.blackout.cancelledNone')
      ) : (
        <>
          {ui.t('staff.blackout.cancelled', { n: cancelled.length })}
          <ul>
            {cancelled.map(({ reservation: r, person }) => (
              <li>
                {formatRange(r.start, r.end, zone, ui.lang)} · {person?.name ?? '—'}
              </li>
            ))}
          </ul>
        </>
      )}
    </Notice>
  )
}

/** The reservations a blackout just cancelled, named in `?cancelled=` by the redirect after adding it. */
function cancelledIds(ui: Ui): string[] {
  return (ui.url.searchParams.get('cancelled') ?? '')
    .split(',')
    .filter((id) => /^[\w-]{1,64}$/.test(id))
    .slice(0, MAX_CANCELLED_SHOWN)
}

async function renderManage(
  c: WebContext,
  user: User,
  instrument: Instrument,
  institution: Institution,
  form: Child,
  status?: 400 | 409,
) {
  const { ui, deps } = c.var
  const [blackouts, qualifications, cancelled, recognitions, cities] = await Promise.all([
    blackoutsOf(deps, instrument.id, ui.now),
    qualificationsOf(deps, user, instrument.id),
    reservationsOnInstrument(deps, user, instrument, cancelledIds(ui)),
    recognitionsForAdmin(deps, user, instrument.id),
    listCities(deps),
  ])
  const cityNames = new Map(cities.map((city) => [city.code, cityLabel(city, ui.lang)]))
  const cityOf = (code: string) => cityNames.get(code) ?? code
  const title = ui.t('staff.instrument.editTitle', { name: instrument.name })
  return page(c, {
    title,
    status,
    body: (
      <>
        <h1>{title}</h1>
        <p class="actions">
          <a href={adminHref(user, institution.id)}>{ui.t('staff.instrument.backToAdmin')}</a>
          <a href={`/instruments/${instrument.id}`}>{ui.t('staff.instrument.publicPage')}</a>
        </p>
        {ui.url.searchParams.has('cancelled') ? (
          <CancelledNotice ui={ui} cancelled={cancelled} zone={instrument.timezone} />
        ) : null}
        <BlackoutsSection ui={ui} instrument={instrument} blackouts={blackouts} />
        <QualificationsSection ui={ui} instrument={instrument} qualifications={qualifications} />
        <RecognitionsSection ui={ui} instrument={instrument} data={recognitions} cityOf={cityOf} />
        <section aria-labelledby="edit-h">
          <h2 id="edit-h">{ui.t('staff.instrument.edit')}</h2>
          {form}
        </section>
      </>
    ),
  })
}
