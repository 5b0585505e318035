import { Hono } from 'hono'
import type { Institution, Instrument, Reservation, User } from '../../domain/types.js'
import { AppError, forbidden } from '../../errors.js'
import { statusOf } from '../../http/problem.js'
import { listInstitutions, lookUpUserByEmail } from '../../services/directory.js'
import { getInstrument, institutionInstruments } from '../../services/instruments.js'
import { act } from '../../services/reservation-moves.js'
import { institutionDay } from '../../services/reservation-queries.js'
import { recordUse } from '../../services/reservations.js'
import type { Ui, WebContext, WebEnv } from '../env.js'
import { errorText } from '../errors.js'
import { DEFAULT_ZONE, formatRange, fromLocalInput } from '../format.js'
import { DataTable, InstrumentStatusBadge, Notice, PostForm, page, StatusBadge } from '../layout.js'
import { formFields, redirectWith, requireUser } from '../routes-kit.js'
import { adminInstrumentPages } from './admin-instrument.js'
import { adminHref, institutionInScope } from './admin-scope.js'

/*
 * 单位管理 /admin: an institute admin runs its own institution's instruments (a platform admin picks any
 * institution with ?institution=). Every action calls the same service as the API, which decides who may.
 */

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const

interface UseFormState {
  values: Record<string, string>
  error: string
}

async function renderOverview(
  c: WebContext,
  user: User,
  institution: Institution,
  useForm?: UseFormState,
  status?: 400 | 403 | 404 | 409 | 422,
) {
  const ui = c.var.ui
  const { deps } = c.var
  const instruments = await institutionInstruments(deps, user, institution.id)
  const byId = new Map(instruments.map((i) => [i.id, i]))
  const [{ queue, schedule, noShows, people }, institutions] = await Promise.all([
    institutionDay(deps, user, instruments),
    listInstitutions(deps),
  ])
  const institutionName = new Map(institutions.map((i) => [i.id, i.name]))
  const back = adminHref(user, institution.id)
  const who = (r: Reservation) => {
    const person = people.get(r.userId)
    return `${person?.name ?? '—'} · ${institutionName.get(r.userInstitutionId) ?? ''}`
  }
  const when = (r: Reservation) =>
    formatRange(r.start, r.end, byId.get(r.instrumentId)?.timezone ?? DEFAULT_ZONE, ui.lang)
  const actionPath = (r: Reservation, action: string) => `/admin/reservations/${r.id}/${action}`

  return page(c, {
    title: ui.t('staff.admin.title'),
    status,
    body: (
      <>
        <h1>
          {ui.t('staff.admin.title')} · {institution.name}
        </h1>
        <p class="actions">
          <a href={adminHref(user, institution.id, '/admin/instruments/new')} class="button secondary">
            {ui.t('staff.admin.newInstrument')}
          </a>
          <a href="/dashboard">{ui.t('staff.admin.toDashboard')}</a>
        </p>

        <section aria-labelledby="queue-h">
          <h2 id="queue-h">{ui.t('staff.admin.queue', { n: queue.length })}</h2>
          {queue.length === 0 ? (
            <p class="muted">{ui.t('staff.admin.queueEmpty')}</p>
          ) : (
            <DataTable
              columns={[
                ui.t('staff.col.instrument'),
                ui.t('staff.col.when'),
                ui.t('staff.col.researcher'),
                ui.t('staff.col.purpose'),
                ui.t('staff.col.decision'),
              ]}
            >
              {queue.map((r) => (
                <tr id={`r-${r.id}`}>
                  <td>{byId.get(r.instrumentId)?.name}</td>
                  <td>{when(r)}</td>
                  <td>{who(r)}</td>
                  <td>{r.purpose || '—'}</td>
                  <td>
                    <PostForm ui={ui} action={actionPath(r, 'approve')}>
                      <input type="hidden" name="back" value={back} />
                      <button type="submit">{ui.t('staff.admin.approve')}</button>
                    </PostForm>
                    <PostForm ui={ui} action={actionPath(r, 'reject')}>
                      <input type="hidden" name="back" value={back} />
                      <label for={`reason-${r.id}`}>{ui.t('staff.admin.rejectReason')}</label>
                      <input id={`reason-${r.id}`} name="reason" maxlength={500} />
                      <button type="submit" class="danger">
                        {ui.t('staff.admin.reject')}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <section aria-labelledby="today-h">
          <h2 id="today-h">{ui.t('staff.admin.today')}</h2>
          {schedule.length === 0 ? (
            <p class="muted">{ui.t('staff.admin.todayNone')}</p>
          ) : (
            instruments
              .filter((instrument) => schedule.some((r) => r.instrumentId === instrument.id))
              .map((instrument) => (
                <div>
                  <h3>{instrument.name}</h3>
                  <ul>
                    {schedule
                      .filter((r) => r.instrumentId === instrument.id)
                      .map((r) => (
                        <li>
                          {when(r)} · {who(r)} <StatusBadge ui={ui} status={r.status} />
                        </li>
                      ))}
                  </ul>
                </div>
              ))
          )}
        </section>

        <section aria-labelledby="noshow-h">
          <h2 id="noshow-h">{ui.t('staff.admin.noShows')}</h2>
          <p class="hint">{ui.t('staff.admin.noShowsHint')}</p>
          {noShows.length === 0 ? (
            <p class="muted">{ui.t('common.none')}</p>
          ) : (
            <ul>
              {noShows.map((r) => (
                <li>
                  {byId.get(r.instrumentId)?.name} · {when(r)} · {who(r)}{' '}
                  <PostForm ui={ui} action={actionPath(r, 'no-show')} class="inline">
                    <input type="hidden" name="back" value={back} />
                    <button type="submit" class="secondary">
                      {ui.t('staff.admin.markNoShow')}
                    </button>
                  </PostForm>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="use-h">
          <h2 id="use-h">{ui.t('staff.admin.recordUse')}</h2>
          <p class="hint">{ui.t('staff.admin.recordUseHint')}</p>
          {useForm ? <Notice kind="error">{useForm.error}</Notice> : null}
          <RecordUseForm ui={ui} instruments={instruments} back={back} values={useForm?.values ?? {}} />
        </section>

        <section aria-labelledby="instruments-h">
          <h2 id="instruments-h">{ui.t('staff.admin.instruments', { n: instruments.length })}</h2>
          {instruments.length === 0 ? (
            <p class="muted">{ui.t('staff.admin.noInstruments')}</p>
          ) : (
            <DataTable
              columns={[
                ui.t('staff.col.instrument'),
                ui.t('instrument.status'),
                ui.t('instrument.mode'),
                ui.t('staff.col.manage'),
              ]}
            >
              {instruments.map((i) => (
                <tr>
                  <td>
                    <a href={`/instruments/${i.id}`}>{i.name}</a>
                    <br />
                    <small class="muted">{i.model}</small>
                  </td>
                  <td>
                    <InstrumentStatusBadge ui={ui} status={i.status} />
                  </td>
                  <td>{ui.t(`mode.${i.mode}`)}</td>
                  <td>
                    <a href={`/admin/instruments/${i.id}`}>{ui.t('staff.admin.manage')}</a>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      </>
    ),
  })
}

function RecordUseForm(props: { ui: Ui; instruments: Instrument[]; back: string; values: Record<string, string> }) {
  const { ui, values } = props
  return (
    <PostForm ui={ui} action="/admin/uses" class="stack">
      <input type="hidden" name="back" value={props.back} />
      <div class="filters">
        <div>
          <label for="use-instrument">{ui.t('staff.col.instrument')}</label>
          <select id="use-instrument" name="instrumentId" required>
            {props.instruments.map((i) => (
              <option value={i.id} selected={values.instrumentId === i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="use-email">{ui.t('staff.admin.userEmail')}</label>
          <input id="use-email" name="email" type="email" required value={values.email ?? ''} autocomplete="off" />
        </div>
        <div>
          <label for="use-start">{ui.t('book.start')}</label>
          <input id="use-start" name="start" type="datetime-local" required value={values.start ?? ''} />
        </div>
        <div>
          <label for="use-end">{ui.t('book.end')}</label>
          <input id="use-end" name="end" type="datetime-local" required value={values.end ?? ''} />
        </div>
      </div>
      <p class="hint">{ui.t('staff.admin.zoneHint')}</p>
      <div class="actions">
        <button type="submit">{ui.t('staff.admin.recordUseSubmit')}</button>
      </div>
    </PostForm>
  )
}

/** A `back` field that is one of our admin pages, or /admin. */
export function adminBack(value: string | undefined): string {
  return value && /^\/admin(?:\/[\w/-]*)?(?:\?institution=[\w-]+)?$/.test(value) ? value : '/admin'
}

export const adminPages = new Hono<WebEnv>()

adminPages.get('/admin', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, c.req.query('institution'))
  if (institution) return renderOverview(c, user, institution)
  // A platform admin first picks the institution to act for.
  const institutions = await listInstitutions(c.var.deps)
  return page(c, {
    title: ui.t('staff.admin.title'),
    body: (
      <>
        <h1>{ui.t('staff.admin.title')}</h1>
        <form method="get" action="/admin" class="stack">
          <label for="pick-institution">{ui.t('staff.admin.pickInstitution')}</label>
          <select id="pick-institution" name="institution">
            {institutions.map((i) => (
              <option value={i.id}>{i.name}</option>
            ))}
          </select>{' '}
          <button type="submit">{ui.t('staff.admin.open')}</button>
        </form>
      </>
    ),
  })
})

const ACTIONS = { approve: 'msg.staff.approved', reject: 'msg.staff.rejected', 'no-show': 'msg.staff.noShow' } as const

adminPages.post('/admin/reservations/:id/:action{approve|reject|no-show}', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const action = c.req.param('action') as keyof typeof ACTIONS
  const fields = await formFields(c)
  const back = adminBack(fields.back)
  const reason = fields.reason?.trim().slice(0, 500) || null
  try {
    await act(c.var.deps, user, c.req.param('id'), action, reason)
  } catch (error) {
    if (error instanceof AppError && error.code !== 'unauthenticated') return redirectWith(c, back, { err: error.code })
    throw error
  }
  return redirectWith(c, back, { msg: ACTIONS[action] })
})

adminPages.post('/admin/uses', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c, ...ADMIN_ROLES)
  const fields = await formFields(c)
  const values = {
    instrumentId: fields.instrumentId ?? '',
    email: (fields.email ?? '').trim(),
    start: fields.start ?? '',
    end: fields.end ?? '',
  }
  const instrument = await getInstrument(c.var.deps, values.instrumentId)
  const institution = await institutionInScope(c, user, instrument.institutionId)
  if (!institution || institution.id !== instrument.institutionId)
    throw forbidden('Only the admin of its institution records uses.')
  const start = fromLocalInput(values.start, instrument.timezone)
  const end = fromLocalInput(values.end, instrument.timezone)
  const fail = (error: string, status: 400 | 403 | 404 | 409 | 422) =>
    renderOverview(c, user, institution, { values, error }, status)
  if (start === null || end === null || end <= start) return fail(ui.t('book.invalidTime'), 400)
  try {
    const person = await lookUpUserByEmail(c.var.deps, user, values.email)
    await recordUse(c.var.deps, user, { instrumentId: instrument.id, userId: person.id, start, end })
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'unauthenticated') throw error
    const text = error.code === 'not-found' ? ui.t('staff.admin.noSuchUser') : errorText(ui, error, instrument)
    const detail = error.code === 'validation' ? `${text} ${error.message}` : text
    return fail(detail, statusOf(error.code) as 400 | 403 | 404 | 409 | 422)
  }
  return redirectWith(c, adminHref(user, institution.id), { msg: 'msg.staff.useRecorded' })
})

adminPages.route('/', adminInstrumentPages)
