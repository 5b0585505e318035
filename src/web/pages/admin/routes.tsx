import { forbidden } from '../../../errors.js'
import { statusOf } from '../../../http/problem.js'
import { lookUpUserByEmail } from '../../../services/directory.js'
import { getInstrument } from '../../../services/instruments.js'
import { act } from '../../../services/reservation-moves.js'
import { recordUse } from '../../../services/reservations.js'
import { errorText } from '../../errors.js'
import { fromLocalInput } from '../../format.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { adminImportRoutes } from './import-routes.js'
import { adminInstrumentRoutes } from './instrument-routes.js'
import { renderInstitutionPicker, renderOverview } from './overview.js'
import { adminRecognitionRoutes } from './recognition-routes.js'
import { adminHref, institutionInScope } from './scope.js'

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const

/** A `back` field that is one of our admin pages, or /admin. */
function adminBack(value: string | undefined): string {
  return value && /^\/admin(?:\/[\w/-]*)?(?:\?institution=[\w-]+)?$/.test(value) ? value : '/admin'
}

const ACTIONS = { approve: 'msg.staff.approved', reject: 'msg.staff.rejected', 'no-show': 'msg.staff.noShow' } as const

export const adminRoutes = pagesApp()

adminRoutes.get('/admin', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, c.req.query('institution'))
  return institution ? renderOverview(c, user, institution) : renderInstitutionPicker(c)
})

adminRoutes.post('/admin/reservations/:id/:action{approve|reject|no-show}', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const action = c.req.param('action') as keyof typeof ACTIONS
  const fields = await formFields(c)
  const back = adminBack(fields.back)
  onRefusal(c, flashTo(c, back))
  await act(c.var.deps, user, c.req.param('id'), action, fields.reason?.trim().slice(0, 500) || null)
  return redirectWith(c, back, { msg: ACTIONS[action] })
})

adminRoutes.post('/admin/uses', async (c) => {
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
  if (start === null || end === null || end <= start)
    return renderOverview(c, user, institution, { values, error: ui.t('book.invalidTime') }, 400)
  onRefusal(c, (error) => {
    const text = error.code === 'not-found' ? ui.t('staff.admin.noSuchUser') : errorText(ui, error, instrument)
    const detail = error.code === 'validation' ? `${text} ${error.message}` : text
    return renderOverview(c, user, institution, { values, error: detail }, statusOf(error.code) as 400)
  })
  const person = await lookUpUserByEmail(c.var.deps, user, values.email)
  await recordUse(c.var.deps, user, { instrumentId: instrument.id, userId: person.id, start, end })
  return redirectWith(c, adminHref(user, institution.id), { msg: 'msg.staff.useRecorded' })
})

adminRoutes.route('/', adminInstrumentRoutes)
adminRoutes.route('/', adminRecognitionRoutes)
adminRoutes.route('/', adminImportRoutes)
