import { z } from 'zod'
import { monthOrdOf, monthText } from '../../../domain/money/months.js'
import { STATEMENT_STATUSES } from '../../../domain/money/statements.js'
import { forbidden } from '../../../errors.js'
import { Id } from '../../../services/inputs/instant.js'
import { AnswerInput, DisputeInput, MonthText, NewStatementInput } from '../../../services/inputs/money.js'
import { institutionsById, STATEMENT_SIDES, statementList, statementPage } from '../../../services/statement-views.js'
import { actOnStatement, openStatement, statementCsv } from '../../../services/statements.js'
import type { WebContext } from '../../env.js'
import type { MessageKey } from '../../i18n/index.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { renderStatementList } from './list-page.js'
import { renderPrintable } from './print-page.js'
import { renderStatement } from './statement-page.js'

// 结算单 /statements: the admins of either side act on them, talent offices read them (the service decides).

const READERS = ['institution_admin', 'talent_office', 'platform_admin'] as const

/** A query value the API's schema accepts, else left out (as if not chosen). */
const pick = <T,>(schema: z.ZodType<T>, value: string | undefined): T | undefined =>
  value ? schema.safeParse(value.trim()).data : undefined

const DONE: Record<'issue' | 'pay' | 'dispute' | 'answer', MessageKey> = {
  issue: 'msg.money.issued',
  pay: 'msg.money.paid',
  dispute: 'msg.money.disputed',
  answer: 'msg.money.answered',
}

const statementPath = (c: WebContext) => `/statements/${encodeURIComponent(c.req.param('id') ?? '')}`

export const statementRoutes = pagesApp()
  .get('/statements', async (c) => {
    const { deps, ui } = c.var
    const user = requireUser(c, ...READERS)
    const q = (name: string) => c.req.query(name)
    const query = {
      month: pick(MonthText, q('month')),
      status: pick(z.enum(STATEMENT_STATUSES), q('status')),
      counterpartId: pick(Id, q('counterpart')),
      side: pick(z.enum(STATEMENT_SIDES), q('side')),
      providerInstitutionId: pick(Id, q('provider')),
      payerInstitutionId: pick(Id, q('payer')),
      cursor: pick(z.string().max(500), q('cursor')),
      limit: 50,
    }
    const [{ items, nextCursor }, institutions] = await Promise.all([
      statementList(deps, user, query),
      institutionsById(deps),
    ])
    const own = user.role === 'institution_admin' && user.institutionId ? institutions.get(user.institutionId) : null
    return renderStatementList(c, {
      query,
      items,
      nextCursor,
      institutions,
      own: own ?? null,
      thisMonth: monthText(monthOrdOf(ui.now)),
    })
  })
  .post('/statements', async (c) => {
    const user = requireUser(c, 'institution_admin')
    if (!user.institutionId) throw forbidden('An admin without an institution opens no statement.')
    const fields = await formFields(c)
    const input = NewStatementInput.safeParse({
      providerInstitutionId: user.institutionId,
      payerInstitutionId: (fields.payerInstitutionId ?? '').trim(),
      month: (fields.month ?? '').trim(),
    })
    if (!input.success) return redirectWith(c, '/statements', { err: 'validation' })
    onRefusal(c, flashTo(c, '/statements'))
    const { statement } = await openStatement(c.var.deps, user, input.data)
    return redirectWith(c, `/statements/${statement.id}`, { msg: 'msg.money.opened' })
  })
  .get('/statements/:id', async (c) => {
    const user = requireUser(c, ...READERS)
    return renderStatement(c, await statementPage(c.var.deps, user, c.req.param('id')))
  })
  .get('/statements/:id/print', async (c) => {
    const user = requireUser(c, ...READERS)
    return renderPrintable(c, await statementPage(c.var.deps, user, c.req.param('id')))
  })
  .get('/statements/:id/csv', async (c) => {
    const user = requireUser(c, ...READERS)
    const { filename, csv } = await statementCsv(c.var.deps, user, c.req.param('id'))
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    })
  })
  .post('/statements/:id/:action{issue|pay|dispute|answer}', async (c) => {
    const user = requireUser(c, ...READERS)
    const action = c.req.param('action') as keyof typeof DONE
    const back = statementPath(c)
    const fields = await formFields(c)
    let text: string | null = null
    if (action === 'dispute' || action === 'answer') {
      const parsed =
        action === 'dispute'
          ? DisputeInput.safeParse({ reason: fields.reason ?? '' }).data?.reason
          : AnswerInput.safeParse({ note: fields.note ?? '' }).data?.note
      if (parsed === undefined) return redirectWith(c, back, { err: 'validation' })
      text = parsed
    }
    // the wrong side's admin, or a talent office, gets the 403 page; a move the state or the month refuses, a flash
    onRefusal(c, flashTo(c, back), ['unauthenticated', 'not-found', 'forbidden'])
    await actOnStatement(c.var.deps, user, c.req.param('id'), action, text)
    return redirectWith(c, back, { msg: DONE[action] })
  })
