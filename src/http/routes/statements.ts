import { createRoute, z } from '@hono/zod-openapi'
import { hoursOf } from '../../domain/money/charge.js'
import { parseMonth } from '../../domain/money/months.js'
import { PRICE_CLASSES } from '../../domain/money/rates.js'
import { ENTRY_KINDS, LINE_KINDS, STATEMENT_STATUSES, type StatementAction } from '../../domain/money/statements.js'
import { Id, toIso, toIsoOrNull } from '../../services/inputs/instant.js'
import { AnswerInput, DisputeInput, NewStatementInput, StatementFilters } from '../../services/inputs/money.js'
import { keysetPage } from '../../services/paging.js'
import {
  actOnStatement,
  findStatements,
  getStatement,
  openStatement,
  type StatementView,
  statementCsv,
} from '../../services/statements.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, Pagination, problems } from '../schemas.js'

/* Monthly statements (结算单): drafts, issue, pay, dispute, answer, CSV (API.md "Vouchers and statements"). */

const IdParam = z.object({ id: Id })
const Amounts = z.object({ chargeFen: z.number().int(), deductionFen: z.number().int(), payableFen: z.number().int() })

const StatementSchema = z
  .object({
    id: z.string(),
    providerInstitutionId: z.string(),
    payerInstitutionId: z.string(),
    month: z.string(),
    status: z.enum(STATEMENT_STATUSES),
    internal: z.boolean().openapi({ description: 'payer = provider: internal uses, grouped by fund account' }),
    createdAt: z.string(),
    issuedAt: z.string().nullable(),
    issuedBy: z.string().nullable(),
    paidAt: z.string().nullable(),
    disputeReason: z.string().nullable(),
    disputedAt: z.string().nullable(),
    answerNote: z.string().nullable(),
    answeredAt: z.string().nullable(),
    lines: z.array(
      z.object({
        kind: z.enum(LINE_KINDS),
        source: z.enum(ENTRY_KINDS).openapi({ description: 'what the line records: a charge, a fee, a reversal' }),
        date: z.string().openapi({ description: 'the booked start of the use' }),
        reservationId: z.string().nullable(),
        orderId: z.string().nullable(),
        instrumentId: z.string(),
        instrumentName: z.string(),
        userId: z.string(),
        userName: z.string(),
        fundAccount: z.string(),
        priceClass: z.enum(PRICE_CLASSES),
        unit: z.enum(['hour', 'sample']),
        billedMinutes: z.number().int().nullable(),
        quantity: z.number(),
        unitPriceFen: z.number().int(),
        feePercent: z.number().int().nullable(),
        chargeFen: z.number().int(),
        deductionFen: z.number().int(),
        payableFen: z.number().int(),
      }),
    ),
    totals: Amounts.openapi({ description: 'exactly the sums of the lines' }),
    byFundAccount: z.array(z.object({ fundAccount: z.string(), lines: z.number().int(), totals: Amounts })),
    history: z.array(
      z.object({
        at: z.string(),
        actorId: z.string().nullable(),
        from: z.string().nullable(),
        to: z.string(),
        note: z.string().nullable(),
      }),
    ),
  })
  .openapi('Statement')

const statementDto = (s: StatementView) => ({
  id: s.id,
  providerInstitutionId: s.providerInstitutionId,
  payerInstitutionId: s.payerInstitutionId,
  month: s.month,
  status: s.status,
  internal: s.internal,
  createdAt: toIso(s.createdAt),
  issuedAt: toIsoOrNull(s.issuedAt),
  issuedBy: s.issuedBy,
  paidAt: toIsoOrNull(s.paidAt),
  disputeReason: s.disputeReason,
  disputedAt: toIsoOrNull(s.disputedAt),
  answerNote: s.answerNote,
  answeredAt: toIsoOrNull(s.answeredAt),
  lines: s.lines.map(({ entryId: _entry, quantityUnits, date, ...line }) => ({
    ...line,
    date: toIso(date),
    billedMinutes: line.unit === 'hour' ? quantityUnits : null,
    quantity: line.unit === 'hour' ? hoursOf(quantityUnits) : quantityUnits,
  })),
  totals: s.totals,
  byFundAccount: s.byFundAccount,
  history: s.history.map((e) => ({ ...e, at: toIso(e.at) })),
})

const moveRoute = <B extends z.ZodObject>(action: StatementAction, summary: string, body: B, required: boolean) =>
  createRoute({
    method: 'post',
    path: `/statements/{id}/${action}`,
    tags: ['statements'],
    summary,
    security: bearer,
    middleware: [signedIn] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: body } }, required } },
    responses: {
      200: json(StatementSchema, 'The statement after the move'),
      ...problems(
        'forbidden',
        'not-found',
        'invalid-transition',
        ...(action === 'issue' ? (['month-open'] as const) : []),
      ),
    },
  })
const NoBody = z.object({})

export const statementRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/statements',
      tags: ['statements'],
      summary: 'Open the draft of a provider, payer and month (the provider’s admin); 200 with the existing one',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(named(NewStatementInput, 'NewStatement')),
      responses: {
        201: json(StatementSchema, 'Opened'),
        200: json(StatementSchema, 'It existed already'),
        ...problems('forbidden', 'not-found'),
      },
    }),
    async (c) => {
      const { statement, created } = await openStatement(c.var.deps, currentUser(c), c.req.valid('json'))
      if (created) {
        c.header('Location', `/api/v1/statements/${statement.id}`)
        return c.json(statementDto(statement), 201)
      }
      return c.json(statementDto(statement), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/statements',
      tags: ['statements'],
      summary: 'Statements the caller may see (admins of either side; talent offices), latest month first',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: StatementFilters.extend(Pagination) },
      responses: { 200: json(listOf(StatementSchema), 'A page of statements'), ...problems('forbidden') },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { page, nextCursor } = await keysetPage(
        query,
        'number',
        (s: StatementView) => [s.monthOrd, s.id] as const,
        (after, limit) =>
          findStatements(c.var.deps, currentUser(c), {
            providerInstitutionId: query.providerInstitutionId,
            payerInstitutionId: query.payerInstitutionId,
            monthOrd: query.month === undefined ? undefined : (parseMonth(query.month) ?? undefined),
            status: query.status,
            after: after && { monthOrd: after[0], id: after[1] },
            limit,
          }),
      )
      return c.json({ items: page.map(statementDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/statements/{id}',
      tags: ['statements'],
      summary: 'One statement with its lines and totals',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(StatementSchema, 'The statement'), ...problems('not-found') },
    }),
    async (c) => c.json(statementDto(await getStatement(c.var.deps, currentUser(c), c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/statements/{id}/csv',
      tags: ['statements'],
      summary: 'The statement as CSV (UTF-8 with a BOM): lines, subtotals by fund account when internal, totals',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
        ...problems('not-found'),
      },
    }),
    async (c) => {
      const { filename, csv } = await statementCsv(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
    },
  )
  .openapi(
    moveRoute('issue', 'Issue a draft of a month that has ended: its lines are frozen', NoBody, false),
    async (c) =>
      c.json(statementDto(await actOnStatement(c.var.deps, currentUser(c), c.req.valid('param').id, 'issue')), 200),
  )
  .openapi(moveRoute('pay', 'Mark an issued statement paid (the provider’s admin)', NoBody, false), async (c) =>
    c.json(statementDto(await actOnStatement(c.var.deps, currentUser(c), c.req.valid('param').id, 'pay')), 200),
  )
  .openapi(
    moveRoute('dispute', 'Dispute an issued statement, with a reason (the payer’s admin)', DisputeInput, true),
    async (c) => {
      const { reason } = c.req.valid('json')
      return c.json(
        statementDto(await actOnStatement(c.var.deps, currentUser(c), c.req.valid('param').id, 'dispute', reason)),
        200,
      )
    },
  )
  .openapi(
    moveRoute('answer', 'Answer a dispute, with a note: issued again (the provider’s admin)', AnswerInput, true),
    async (c) => {
      const { note } = c.req.valid('json')
      return c.json(
        statementDto(await actOnStatement(c.var.deps, currentUser(c), c.req.valid('param').id, 'answer', note)),
        200,
      )
    },
  )
