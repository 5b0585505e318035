import type { Instrument, User } from '../../../domain/types.js'
import { type ErrorCode, forbidden, notFound } from '../../../errors.js'
import { administers, lookUpUserByEmail } from '../../../services/directory.js'
import type { InstrumentFieldValues } from '../../../services/inputs/instrument.js'
import {
  addBlackout,
  grantQualification,
  removeBlackout,
  revokeQualification,
} from '../../../services/instrument-calendar.js'
import { createInstrument, getInstrument, updateInstrument } from '../../../services/instruments.js'
import type { WebContext } from '../../env.js'
import { errorText } from '../../errors.js'
import { fromLocalInput } from '../../format.js'
import type { MessageKey } from '../../i18n/index.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import {
  fieldErrorsOf,
  formValuesFrom,
  formValuesOf,
  parseInstrumentForm,
  SPARE_ROWS,
} from './instrument-form-values.js'
import { type FormState, MAX_CANCELLED_SHOWN, renderInstrumentForm } from './instrument-page.js'
import { institutionInScope } from './scope.js'

// /admin/instruments…: create and edit an instrument, its blackouts and its qualifications.

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const

/** The instrument, when this user administers it (else 403, as the API). */
async function managed(c: WebContext, user: User, id: string): Promise<Instrument> {
  const instrument = await getInstrument(c.var.deps, id)
  if (!administers(user, instrument.institutionId)) throw forbidden('Only the admin of its institution manages it.')
  return instrument
}

const instrumentPath = (id: string) => `/admin/instruments/${id}`

/** `?msg=` back to the instrument's page. */
const backTo = (c: WebContext, id: string, msg: MessageKey, extra = '') =>
  redirectWith(c, `${instrumentPath(id)}${extra}`, { msg })

/** A refused change of the instrument's calendar: `?err=<code>` back to its page; 401 and 403 keep their pages. */
const calendarRefusal = (c: WebContext, id: string, say: Partial<Record<ErrorCode, string>> = {}) =>
  onRefusal(c, flashTo(c, instrumentPath(id), say), ['unauthenticated', 'forbidden'])

/**
 * Saves the posted form with `save`, or shows it again as typed: with more blank rows when asked, or with the
 * errors of its shape (400), of the service's rules (400) or of a stale version (409) beside their fields.
 */
async function submitForm(
  c: WebContext,
  state: Omit<FormState, 'values' | 'errors'>,
  save: (input: InstrumentFieldValues, version: number | null) => Promise<Response>,
) {
  const fields = await formFields(c)
  const form = { ...state, values: formValuesFrom(fields) }
  if (fields.intent === 'more-rows') return renderInstrumentForm(c, { ...form, errors: {}, spareRows: SPARE_ROWS + 3 })
  const parsed = parseInstrumentForm(form.values)
  if (!parsed.ok) return renderInstrumentForm(c, { ...form, errors: parsed.errors, status: 400 })
  onRefusal(c, (error) => {
    if (error.code === 'precondition-failed')
      return renderInstrumentForm(c, {
        ...form,
        errors: { version: { detail: errorText(c.var.ui, error) } },
        status: 409,
      })
    const errors = fieldErrorsOf(error)
    return errors ? renderInstrumentForm(c, { ...form, errors, status: 400 }) : null
  })
  return save(parsed.input, /^\d+$/.test(form.values.version) ? Number(form.values.version) : null)
}

export const adminInstrumentRoutes = pagesApp()

adminInstrumentRoutes.get('/admin/instruments/new', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, c.req.query('institution'))
  if (!institution) return c.redirect('/admin', 303)
  const values = formValuesOf(null)
  values.hours = [1, 2, 3, 4, 5].map((d) => ({ weekday: String(d), open: '08:00', close: '18:00' }))
  return renderInstrumentForm(c, { user, institution, instrument: null, values, errors: {} })
})

adminInstrumentRoutes.post('/admin/instruments', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, (await formFields(c)).institution)
  if (!institution) throw notFound('Institution')
  return submitForm(c, { user, institution, instrument: null }, async (input) => {
    const created = await createInstrument(c.var.deps, user, { ...input, institutionId: institution.id })
    return backTo(c, created.id, 'msg.staff.instrumentSaved')
  })
})

adminInstrumentRoutes.get('/admin/instruments/:id', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const institution = (await institutionInScope(c, user, instrument.institutionId))!
  return renderInstrumentForm(c, { user, institution, instrument, values: formValuesOf(instrument), errors: {} })
})

adminInstrumentRoutes.post('/admin/instruments/:id', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const institution = (await institutionInScope(c, user, instrument.institutionId))!
  return submitForm(c, { user, institution, instrument }, async (input, version) => {
    await updateInstrument(c.var.deps, user, instrument.id, input, version)
    return backTo(c, instrument.id, 'msg.staff.instrumentSaved')
  })
})

adminInstrumentRoutes.post('/admin/instruments/:id/blackouts', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const fields = await formFields(c)
  const start = fromLocalInput(fields.start, instrument.timezone)
  const end = fromLocalInput(fields.end, instrument.timezone)
  if (start === null || end === null || end <= start)
    return redirectWith(c, instrumentPath(instrument.id), { err: 'validation' })
  calendarRefusal(c, instrument.id)
  const reason = (fields.reason ?? '').trim().slice(0, 500)
  const blackout = await addBlackout(c.var.deps, user, instrument.id, { start, end, reason })
  const ids = blackout.cancelledReservationIds.slice(0, MAX_CANCELLED_SHOWN).join(',')
  return backTo(c, instrument.id, 'msg.staff.blackoutAdded', `?cancelled=${ids}`)
})

adminInstrumentRoutes.post('/admin/instruments/:id/blackouts/:blackoutId/delete', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const id = c.req.param('id')
  calendarRefusal(c, id)
  await removeBlackout(c.var.deps, user, id, c.req.param('blackoutId'))
  return backTo(c, id, 'msg.staff.blackoutRemoved')
})

adminInstrumentRoutes.post('/admin/instruments/:id/qualifications', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const fields = await formFields(c)
  const expiresAt = fields.expiresAt ? fromLocalInput(`${fields.expiresAt}T23:59`, instrument.timezone) : null
  calendarRefusal(c, instrument.id, { 'not-found': 'staff-no-such-user' })
  const person = await lookUpUserByEmail(c.var.deps, user, (fields.email ?? '').trim())
  await grantQualification(c.var.deps, user, instrument.id, { userId: person.id, expiresAt })
  return backTo(c, instrument.id, 'msg.staff.qualificationGranted')
})

adminInstrumentRoutes.post('/admin/instruments/:id/qualifications/:userId/delete', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const id = c.req.param('id')
  calendarRefusal(c, id)
  await revokeQualification(c.var.deps, user, id, c.req.param('userId'))
  return backTo(c, id, 'msg.staff.qualificationRevoked')
})
