import { invalid } from '../../../errors.js'
import { toIso, toMs } from '../../../services/inputs/instant.js'
import { RecognitionInput } from '../../../services/inputs/recognition.js'
import { getInstrument } from '../../../services/instruments.js'
import { recognitionForAdmin } from '../../../services/recognition-admin.js'
import { recognise, revokeRecognition } from '../../../services/recognitions.js'
import type { WebContext } from '../../env.js'
import { fromLocalInput } from '../../format.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { renderRecognitionHistory, renderRevokeQuestion } from './recognition-page.js'
import { recognitionPath } from './recognitions-section.js'

// /admin/instruments/{id}/recognitions…: recognise a candidate institution, read a recognition's history, revoke it.

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const

const instrumentPath = (id: string) => `/admin/instruments/${id}`

/** A refused step: `?err=` back to the instrument's page, naming what went wrong; 401 and 403 keep their pages. */
const refuseTo = (c: WebContext, id: string) =>
  onRefusal(
    c,
    flashTo(c, instrumentPath(id), {
      'rule-violation': 'recognition-own',
      duplicate: 'recognition-duplicate',
      validation: 'recognition-expiry',
      'not-found': 'recognition-unknown',
    }),
    ['unauthenticated', 'forbidden'],
  )

const detailOf = (c: WebContext) =>
  recognitionForAdmin(c.var.deps, requireUser(c, ...ADMIN_ROLES), c.req.param('id') ?? '', c.req.param('rid') ?? '')

export const adminRecognitionRoutes = pagesApp()

adminRecognitionRoutes.post('/admin/instruments/:id/recognitions', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await getInstrument(c.var.deps, c.req.param('id'))
  const fields = await formFields(c)
  refuseTo(c, instrument.id)
  // a date means "until the end of that day" in the instrument's zone, as a qualification's expiry does
  const until = fields.expiresAt ? fromLocalInput(`${fields.expiresAt}T23:59`, instrument.timezone) : null
  if (fields.expiresAt && until === null) throw invalid('expiresAt', 'is not a date')
  const parsed = RecognitionInput.safeParse({
    issuingInstitutionId: fields.issuingInstitutionId ?? '',
    expiresAt: until === null ? null : toIso(until),
  })
  if (!parsed.success) throw invalid('issuingInstitutionId', 'choose one of the institutions offered')
  await recognise(c.var.deps, user, instrument.id, {
    issuingInstitutionId: parsed.data.issuingInstitutionId,
    expiresAt: parsed.data.expiresAt ? toMs(parsed.data.expiresAt) : null,
  })
  return redirectWith(c, instrumentPath(instrument.id), { msg: 'msg.staff.recognised' })
})

adminRecognitionRoutes.get('/admin/instruments/:id/recognitions/:rid', async (c) =>
  renderRecognitionHistory(c, await detailOf(c)),
)

adminRecognitionRoutes.get('/admin/instruments/:id/recognitions/:rid/revoke', async (c) => {
  const detail = await detailOf(c)
  // revoked or expired already: nothing to ask, its history says so
  if (!detail.recognition.inForce) return c.redirect(recognitionPath(detail.instrument.id, detail.recognition.id), 303)
  return renderRevokeQuestion(c, detail)
})

adminRecognitionRoutes.post('/admin/instruments/:id/recognitions/:rid/revoke', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const id = c.req.param('id')
  onRefusal(c, flashTo(c, instrumentPath(id)), ['unauthenticated', 'forbidden', 'not-found'])
  await revokeRecognition(c.var.deps, user, id, c.req.param('rid'))
  return redirectWith(c, instrumentPath(id), { msg: 'msg.staff.recognitionRevoked' })
})
