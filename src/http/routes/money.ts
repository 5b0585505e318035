import { createRoute, z } from '@hono/zod-openapi'
import { monthOrdOf, parseMonth } from '../../domain/money/months.js'
import { PRICE_CLASSES } from '../../domain/money/rates.js'
import { INSTITUTION_KINDS } from '../../domain/types.js'
import { Id, toIso, toMs } from '../../services/inputs/instant.js'
import { MonthText, NewProgramInput, NewVoucherInput, QuoteQuery } from '../../services/inputs/money.js'
import { keysetPage } from '../../services/paging.js'
import { quote } from '../../services/quotes.js'
import {
  createProgram,
  findPrograms,
  findVouchers,
  getVoucher,
  grantVoucher,
  redemptionsCsv,
  redemptionsOf,
  type VoucherView,
} from '../../services/vouchers.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, Pagination, problems } from '../schemas.js'

/* Quotes, voucher programmes, vouchers and their redemptions (API.md "Additions"). */

const IdParam = z.object({ id: Id })

const QuoteSchema = z
  .object({
    priceClass: z.enum(PRICE_CLASSES),
    unit: z.enum(['hour', 'sample']),
    billedMinutes: z.number().int().optional(),
    quantity: z.number().openapi({ description: 'billed hours (2 decimals) or samples' }),
    unitPriceFen: z.number().int(),
    chargeFen: z.number().int(),
    voucherId: z.string().nullable(),
    deductionFen: z.number().int().openapi({ description: 'at today’s balance; nothing is held' }),
    payableFen: z.number().int(),
  })
  .openapi('Quote')

const ProgramSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    coveragePercent: z.number().int(),
    fullCoverageBelowFen: z.number().int().nullable(),
    perUseCapFen: z.number().int().nullable(),
    perHolderYearCapFen: z.number().int().nullable(),
    holderKinds: z.array(z.enum(INSTITUTION_KINDS)),
    providerCities: z.array(z.string()).nullable(),
    validFrom: z.string(),
    validTo: z.string(),
    createdAt: z.string(),
  })
  .openapi('VoucherProgram')

const VoucherSchema = z
  .object({
    id: z.string(),
    programId: z.string(),
    programName: z.string(),
    programCity: z.string(),
    holderInstitutionId: z.string(),
    amountFen: z.number().int(),
    balanceFen: z.number().int(),
    expiresAt: z.string(),
    grantedAt: z.string(),
    ledger: z.array(
      z.object({
        reservationId: z.string().nullable(),
        orderId: z.string().nullable(),
        deductionFen: z
          .number()
          .int()
          .openapi({ description: 'a deduction (> 0) or its return after a no-show (< 0)' }),
        at: z.string(),
      }),
    ),
  })
  .openapi('Voucher')

const RedemptionsSchema = z
  .object({
    programId: z.string(),
    programName: z.string(),
    city: z.string(),
    month: z.string(),
    providers: z.array(
      z.object({
        institutionId: z.string(),
        name: z.string(),
        city: z.string(),
        deductions: z.number().int(),
        deductionFen: z.number().int(),
      }),
    ),
    totalFen: z.number().int(),
  })
  .openapi('Redemptions')

const programDto = (p: Awaited<ReturnType<typeof createProgram>>) => {
  const { createdBy: _by, createdAt, ...rest } = p
  return { ...rest, createdAt: toIso(createdAt) }
}
const voucherDto = (v: VoucherView) => ({
  id: v.id,
  programId: v.programId,
  programName: v.programName,
  programCity: v.programCity,
  holderInstitutionId: v.holderInstitutionId,
  amountFen: v.amountFen,
  balanceFen: v.balanceFen,
  expiresAt: toIso(v.expiresAt),
  grantedAt: toIso(v.grantedAt),
  ledger: v.ledger.map((line) => ({ ...line, at: toIso(line.at) })),
})

const MonthQuery = z.object({ month: MonthText.optional().openapi({ description: 'default: this month' }) })
const monthOf = (c: { var: { deps: { clock(): number } } }, month: string | undefined) =>
  month === undefined ? monthOrdOf(c.var.deps.clock()) : parseMonth(month)!

export const moneyRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/quote',
      tags: ['money'],
      summary: 'What the caller would pay: a time (start, end) or samples, optionally with a voucher',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam, query: QuoteQuery },
      responses: {
        200: json(QuoteSchema, 'The quote'),
        ...problems('forbidden', 'not-found', 'voucher-not-applicable', 'voucher-exhausted'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const answer = await quote(c.var.deps, currentUser(c), c.req.valid('param').id, {
        start: q.start ? toMs(q.start) : undefined,
        end: q.end ? toMs(q.end) : undefined,
        samples: q.samples,
        voucherId: q.voucherId,
      })
      return c.json(answer, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/voucher-programs',
      tags: ['vouchers'],
      summary: 'Voucher programmes (券种), newest first',
      request: { query: z.object({ city: z.string().max(50).optional(), ...Pagination }) },
      responses: { 200: json(listOf(ProgramSchema), 'A page of programmes'), ...problems() },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { page, nextCursor } = await keysetPage(
        query,
        'number',
        (p: { createdAt: number; id: string }) => [p.createdAt, p.id] as const,
        (after, limit) =>
          findPrograms(c.var.deps, { city: query.city, after: after && { createdAt: after[0], id: after[1] }, limit }),
      )
      return c.json({ items: page.map(programDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/voucher-programs',
      tags: ['vouchers'],
      summary: 'Create a programme of a city (its talent office, for the science bureau)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(named(NewProgramInput, 'NewVoucherProgram')),
      responses: { 201: json(ProgramSchema, 'Created'), ...problems('forbidden') },
    }),
    async (c) => {
      const program = await createProgram(c.var.deps, currentUser(c), c.req.valid('json'))
      c.header('Location', `/api/v1/voucher-programs/${program.id}`)
      return c.json(programDto(program), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/voucher-programs/{id}/redemptions',
      tags: ['vouchers'],
      summary: 'The month’s deductions by provider: what each claims back from the bureau (兑付)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam, query: MonthQuery },
      responses: { 200: json(RedemptionsSchema, 'Redemptions'), ...problems('forbidden', 'not-found') },
    }),
    async (c) => {
      const month = monthOf(c, c.req.valid('query').month)
      return c.json(await redemptionsOf(c.var.deps, currentUser(c), c.req.valid('param').id, month), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/voucher-programs/{id}/redemptions.csv',
      tags: ['vouchers'],
      summary: 'The month’s deductions as CSV (UTF-8 with a BOM): every deduction, subtotals by provider, the total',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam, query: MonthQuery },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
        ...problems('forbidden', 'not-found'),
      },
    }),
    async (c) => {
      const month = monthOf(c, c.req.valid('query').month)
      const { filename, csv } = await redemptionsCsv(c.var.deps, currentUser(c), c.req.valid('param').id, month)
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/vouchers',
      tags: ['vouchers'],
      summary: 'Grant a voucher (创新券) to a holder institution (the talent office of the programme’s city)',
      security: bearer,
      middleware: [signedIn] as const,
      request: jsonBody(named(NewVoucherInput, 'NewVoucher')),
      responses: {
        201: json(VoucherSchema, 'Granted'),
        ...problems('forbidden', 'not-found', 'voucher-not-applicable', 'voucher-exhausted'),
      },
    }),
    async (c) => {
      const voucher = await grantVoucher(c.var.deps, currentUser(c), c.req.valid('json'))
      c.header('Location', `/api/v1/vouchers/${voucher.id}`)
      return c.json(voucherDto(voucher), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/vouchers',
      tags: ['vouchers'],
      summary: 'Vouchers with balance and ledger: your institution’s (talent offices: any)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ holderInstitutionId: Id.optional(), ...Pagination }) },
      responses: { 200: json(listOf(VoucherSchema), 'A page of vouchers'), ...problems('forbidden') },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { page, nextCursor } = await keysetPage(
        query,
        'number',
        (v: VoucherView) => [v.grantedAt, v.id] as const,
        (after, limit) =>
          findVouchers(c.var.deps, currentUser(c), {
            holderInstitutionId: query.holderInstitutionId,
            after: after && { grantedAt: after[0], id: after[1] },
            limit,
          }),
      )
      return c.json({ items: page.map(voucherDto), nextCursor }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/vouchers/{id}',
      tags: ['vouchers'],
      summary: 'One voucher with its balance and ledger (its holder’s people, talent offices)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: json(VoucherSchema, 'The voucher'), ...problems('not-found') },
    }),
    async (c) => c.json(voucherDto(await getVoucher(c.var.deps, currentUser(c), c.req.valid('param').id)), 200),
  )
