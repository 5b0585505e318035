import type { Institution, User } from '../../../domain/types.js'
import { listInstitutions } from '../../../services/directory.js'
import { institutionInstruments } from '../../../services/instruments.js'
import { institutionDay } from '../../../services/reservation-queries.js'
import { Field } from '../../components/field.js'
import type { WebContext } from '../../env.js'
import { page } from '../../layout.js'
import { NoShowSection, TodaySection } from './day-sections.js'
import { dayView } from './day-view.js'
import { ImportSection } from './import-section.js'
import { InstrumentsSection } from './instruments-section.js'
import { QueueSection } from './queue-section.js'
import { RecordUseSection, type UseFormState } from './record-use.js'
import { adminHref } from './scope.js'

/*
 * 单位管理 /admin: an institute admin runs its own institution's instruments (a platform admin picks any
 * institution with ?institution=). Every action calls the same service as the API, which decides who may.
 */

export async function renderOverview(
  c: WebContext,
  user: User,
  institution: Institution,
  useForm?: UseFormState,
  status?: 400 | 403 | 404 | 409 | 422,
) {
  const { ui, deps } = c.var
  const instruments = await institutionInstruments(deps, user, institution.id)
  const [{ queue, schedule, noShows, people }, institutions] = await Promise.all([
    institutionDay(deps, user, instruments),
    listInstitutions(deps),
  ])
  const back = adminHref(user, institution.id)
  const view = dayView(ui, instruments, people, new Map(institutions.map((i) => [i.id, i.name])), back)
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
        <QueueSection view={view} queue={queue} />
        <TodaySection view={view} schedule={schedule} />
        <NoShowSection view={view} noShows={noShows} />
        <RecordUseSection ui={ui} instruments={instruments} back={back} state={useForm} />
        <InstrumentsSection ui={ui} instruments={instruments} />
        <ImportSection ui={ui} institution={institution} />
      </>
    ),
  })
}

/** A platform admin first picks the institution to act for. */
export async function renderInstitutionPicker(c: WebContext) {
  const ui = c.var.ui
  const institutions = await listInstitutions(c.var.deps)
  return page(c, {
    title: ui.t('staff.admin.title'),
    body: (
      <>
        <h1>{ui.t('staff.admin.title')}</h1>
        <form method="get" action="/admin" class="stack inline-form">
          <Field
            id="pick-institution"
            name="institution"
            type="select"
            label={ui.t('staff.admin.pickInstitution')}
            options={institutions.map((i) => ({ value: i.id, label: i.name }))}
          />
          <button type="submit">{ui.t('staff.admin.open')}</button>
        </form>
      </>
    ),
  })
}
