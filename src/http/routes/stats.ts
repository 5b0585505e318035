import { createRoute, z } from '@hono/zod-openapi'
import { PRICE_CLASSES } from '../../domain/money/rates.js'
import { TargetInput, Year } from '../../services/inputs/stats.js'
import { moneyStatsFor } from '../../services/money-stats.js'
import { setYearlyTarget, sharingCsvFor, sharingStatsFor } from '../../services/sharing-stats.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, problems } from '../schemas.js'

const SharingStatsSchema = z
  .object({
    year: z.number().int(),
    target: z.number().int(),
    crossCityUses: z.number().int(),
    sharedUses: z.number().int(),
    totalUses: z.number().int(),
    machineHours: z.object({ total: z.number(), shared: z.number(), crossCity: z.number() }),
    byDirection: z.array(z.object({ from: z.string(), to: z.string(), uses: z.number().int() })),
    byMonth: z.array(
      z.object({ month: z.number().int(), crossCityUses: z.number().int(), sharedUses: z.number().int() }),
    ),
    byInstitution: z.array(
      z.object({ institutionId: z.string(), crossCityUses: z.number().int(), sharedUses: z.number().int() }),
    ),
    byCategory: z.array(z.object({ category: z.string(), crossCityUses: z.number().int() })),
    projection: z.object({ expectedCrossCityUses: z.number().int(), onTrack: z.boolean() }),
    recognitions: z
      .object({
        inForce: z.number().int(),
        byDirection: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
        usesUnderRecognition: z.number().int(),
      })
      .openapi({
        description:
          'recognitions (资格互认) in force now, by direction (the issuing institution’s city → the instrument’s), and the year’s uses made under one',
      }),
  })
  .openapi('SharingStats')

const Amounts = {
  chargeFen: z.number().int().openapi({ description: 'final charges, net of reversals' }),
  feeFen: z.number().int().openapi({ description: 'late-cancellation and no-show fees' }),
  deductionFen: z.number().int().openapi({ description: 'paid by vouchers' }),
  payableFen: z.number().int(),
}
const HourlyMean = z.object({ billedHours: z.number(), meanFenPerHour: z.number().int().nullable() })

const MoneyStatsSchema = z
  .object({
    year: z.number().int(),
    totals: z.object(Amounts),
    byDirection: z.array(
      z.object({
        from: z.string().openapi({ description: 'the user’s city' }),
        to: z.string().openapi({ description: 'the instrument’s city' }),
        ...Amounts,
        byClass: z.array(z.object({ priceClass: z.enum(PRICE_CLASSES), ...Amounts })),
      }),
    ),
    byClass: z.array(z.object({ priceClass: z.enum(PRICE_CLASSES), ...Amounts })),
    deductionsByProgram: z.array(
      z.object({ programId: z.string(), name: z.string(), city: z.string(), deductionFen: z.number().int() }),
    ),
    hourlyPrice: z
      .array(
        z.object({
          priceClass: z.enum(PRICE_CLASSES),
          comparedInstruments: z.number().int(),
          sameCity: HourlyMean,
          crossCity: HourlyMean,
        }),
      )
      .openapi({
        description:
          'per class, on the instruments both same-city and cross-city users of it used: the mean list price per billed hour each paid (同城待遇: equal, measured)',
      }),
  })
  .openapi('MoneyStats')

export const statsRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/stats/money',
      tags: ['statistics'],
      summary: 'Service income by direction and class, voucher deductions by programme, same-city price comparison',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ year: Year.optional() }) },
      responses: { 200: json(MoneyStatsSchema, 'The year’s money'), ...problems('forbidden') },
    }),
    async (c) => c.json(await moneyStatsFor(c.var.deps, currentUser(c), c.req.valid('query').year), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/stats/sharing',
      tags: ['statistics'],
      summary: 'Shared and cross-city uses of a year against the joint target (default: this year in Asia/Shanghai)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ year: Year.optional() }) },
      responses: { 200: json(SharingStatsSchema, 'The year’s sharing statistics'), ...problems('forbidden') },
    }),
    async (c) => {
      return c.json(await sharingStatsFor(c.var.deps, currentUser(c), c.req.valid('query').year), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/stats/sharing.csv',
      tags: ['statistics'],
      summary: 'One CSV row per counted use (UTF-8 with a BOM, institutions by name, no person names)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: z.object({ year: Year.optional() }) },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
        ...problems('forbidden'),
      },
    }),
    async (c) => {
      const { year, csv } = await sharingCsvFor(c.var.deps, currentUser(c), c.req.valid('query').year)
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sharing-${year}.csv"`,
      })
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/stats/targets/{year}',
      tags: ['statistics'],
      summary: 'Set the joint yearly target of cross-city uses (talent office)',
      security: bearer,
      middleware: [signedIn] as const,
      request: {
        params: z.object({ year: Year }),
        ...jsonBody(TargetInput),
      },
      responses: {
        200: json(z.object({ year: z.number().int(), target: z.number().int() }), 'Set'),
        ...problems('forbidden'),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param')
      return c.json(await setYearlyTarget(c.var.deps, currentUser(c), year, c.req.valid('json').target), 200)
    },
  )
