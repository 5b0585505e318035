import { monthOrdOf, monthText, parseMonth } from '../../../domain/money/months.js'
import { statusOf } from '../../../http/problem.js'
import { listCities, listInstitutions } from '../../../services/directory.js'
import { voucherDesk } from '../../../services/voucher-views.js'
import { createProgram, getVoucher, grantVoucher, redemptionsCsv, redemptionsOf } from '../../../services/vouchers.js'
import type { WebContext } from '../../env.js'
import { errorText } from '../../errors.js'
import { cityLabel, DEFAULT_ZONE, isoDate } from '../../format.js'
import { onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { type DeskForms, emptyProgram, renderDesk } from './desk-page.js'
import { formErrorsOf, grantValuesFrom, parseGrantForm, parseProgramForm, programValuesFrom } from './voucher-forms.js'
import { renderRedemptions, renderVoucher } from './voucher-pages.js'

// 创新券 /vouchers: the talent offices' desk (programmes, grants, redemptions); one voucher for its holder's people too.

const DESK = ['talent_office', 'platform_admin'] as const

/** The month whose redemptions are shown first: the last that has ended, what providers claim back now. */
const lastMonth = (now: number) => monthText(monthOrdOf(now) - 1)

async function cityNames(c: WebContext) {
  const cities = await listCities(c.var.deps)
  const names = new Map(cities.map((city) => [city.code, cityLabel(city, c.var.ui.lang)]))
  return (code: string) => names.get(code) ?? code
}

/** The desk with its two forms, one of them as typed with its errors (or both blank). */
async function showDesk(c: WebContext, forms: Partial<DeskForms> = {}, status?: 400 | 403 | 404 | 422) {
  const { ui, deps } = c.var
  const user = requireUser(c, ...DESK)
  const desk = await voucherDesk(deps, user)
  const today = isoDate(ui.now, DEFAULT_ZONE)
  const blank: DeskForms = {
    program: emptyProgram(desk.bureauCities[0] ?? '', today, `${today.slice(0, 4)}-12-31`),
    programErrors: {},
    grant: { programId: '', holderInstitutionId: '', amount: '', expires: `${today.slice(0, 4)}-12-31` },
    grantErrors: {},
  }
  return renderDesk(c, desk, { ...blank, ...forms }, lastMonth(ui.now), status)
}

export const voucherRoutes = pagesApp()
  .get('/vouchers', (c) => showDesk(c))
  .post('/vouchers/programs', async (c) => {
    const user = requireUser(c, ...DESK)
    const program = programValuesFrom(await formFields(c))
    const parsed = parseProgramForm(program)
    if (!parsed.ok) return showDesk(c, { program, programErrors: parsed.errors }, 400)
    onRefusal(c, (error) => {
      const errors = formErrorsOf(error)
      const notice = errors ? undefined : { form: 'program' as const, text: errorText(c.var.ui, error) }
      return showDesk(c, { program, programErrors: errors ?? {}, notice }, statusOf(error.code) as 400)
    })
    await createProgram(c.var.deps, user, parsed.input)
    return redirectWith(c, '/vouchers', { msg: 'msg.money.programCreated' })
  })
  .post('/vouchers', async (c) => {
    const user = requireUser(c, ...DESK)
    const grant = grantValuesFrom(await formFields(c))
    const parsed = parseGrantForm(grant)
    if (!parsed.ok) return showDesk(c, { grant, grantErrors: parsed.errors }, 400)
    onRefusal(c, (error) => {
      const errors = formErrorsOf(error)
      const notice = errors ? undefined : { form: 'grant' as const, text: errorText(c.var.ui, error) }
      return showDesk(c, { grant, grantErrors: errors ?? {}, notice }, statusOf(error.code) as 400)
    })
    const voucher = await grantVoucher(c.var.deps, user, parsed.input)
    return redirectWith(c, `/vouchers/${voucher.id}`, { msg: 'msg.money.voucherGranted' })
  })
  .get('/vouchers/programs/:id/redemptions', async (c) => {
    const user = requireUser(c, ...DESK)
    const month = parseMonth(c.req.query('month') ?? '') ?? parseMonth(lastMonth(c.var.ui.now))!
    const [view, cityOf] = await Promise.all([redemptionsOf(c.var.deps, user, c.req.param('id'), month), cityNames(c)])
    return renderRedemptions(c, view, cityOf)
  })
  .get('/vouchers/programs/:id/:file{redemptions-[0-9]{4}-[0-9]{2}\\.csv}', async (c) => {
    const user = requireUser(c, ...DESK)
    const month = parseMonth(c.req.param('file').slice('redemptions-'.length, -'.csv'.length))
    if (month === null) return redirectWith(c, '/vouchers', { err: 'validation' })
    const { filename, csv } = await redemptionsCsv(c.var.deps, user, c.req.param('id'), month)
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    })
  })
  .get('/vouchers/:id', async (c) => {
    const user = requireUser(c)
    const voucher = await getVoucher(c.var.deps, user, c.req.param('id'))
    const [institutions, cityOf] = await Promise.all([listInstitutions(c.var.deps), cityNames(c)])
    const holder = institutions.find((i) => i.id === voucher.holderInstitutionId)?.name ?? ''
    return renderVoucher(c, voucher, { holder, cityOf })
  })
