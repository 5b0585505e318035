import { createRoute, z } from '@hono/zod-openapi'
import { EVALUATION_FLAGS } from '../../domain/evaluation/flags.js'
import { INSTRUMENT_STATUSES } from '../../domain/types.js'
import { evaluationCsvFor, evaluationFor } from '../../services/evaluation.js'
import { requireNationalMeans, setMeansOfYear } from '../../services/evaluation-means.js'
import { EvaluationQuery, NationalMeansInput } from '../../services/inputs/evaluation.js'
import { Year } from '../../services/inputs/stats.js'
import { currentUser, signedIn } from '../auth.js'
import { RatingSummarySchema } from '../order-dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, named, problems } from '../schemas.js'

const MeansSchema = z
  .object({
    year: z.number().int().openapi({ description: 'the year whose means these are' }),
    effectiveHours: z.number(),
    externalHours: z.number(),
  })
  .openapi('NationalMeans')

const Income = z
  .object({ internal: z.number().int(), external: z.number().int() })
  .openapi({ description: 'fen: the year’s final charges and fees before deductions, from internal and outside users' })
const Hours = (description: string) => z.number().openapi({ description: `${description}, hours to 2 decimals` })
const Rate = (description: string) =>
  z
    .number()
    .nullable()
    .openapi({ description: `${description}, a ratio 0–1 to 4 decimals; null when undefined` })

const EvaluationSchema = z
  .object({
    year: z.number().int(),
    nationalMeans: MeansSchema.nullable().openapi({
      description: 'the means in force for the year: its own, else the latest earlier year’s (`year` says which)',
    }),
    thresholds: z
      .object({
        daysCounted: z.number().int(),
        daysInYear: z.number().int(),
        effectiveHours: z.number(),
        externalHours: z.number(),
      })
      .nullable()
      .openapi({
        description:
          'what large instruments were compared with: the means × daysCounted ÷ daysInYear (the current year pro rata of its days, today counted)',
      }),
    instruments: z.array(
      z.object({
        instrumentId: z.string(),
        institutionId: z.string(),
        name: z.string(),
        model: z.string(),
        assetNumber: z.string().nullable(),
        originalValue: z.number().int().nullable().openapi({ description: '原值, whole yuan' }),
        large: z.boolean().openapi({ description: '原值 of 500,000 CNY or more' }),
        status: z.enum(INSTRUMENT_STATUSES),
        uses: z.number().int(),
        sharedUses: z.number().int(),
        effectiveHours: Hours('有效工作机时: machine hours of every use'),
        externalHours: Hours('对外服务机时: machine hours of shared uses'),
        shareRate: Rate('共享率 = external ÷ effective'),
        incomeFen: Income,
        userInstitutions: z.number().int().openapi({ description: '服务单位数: institutions served by shared uses' }),
        enterprises: z.number().int(),
        samples: z.number().int().openapi({ description: '样品数: the samples of the year’s reported sample orders' }),
        rating: RatingSummarySchema.openapi({
          description: '用户评价: the ratings of the year’s uses (count 0 and nulls when nobody rated one)',
        }),
        flags: z.array(z.enum(EVALUATION_FLAGS)).openapi({ description: 'a large instrument under the means' }),
      }),
    ),
    institutions: z.array(
      z.object({
        institutionId: z.string(),
        largeInstruments: z.number().int().openapi({ description: 'large instruments not retired before the year' }),
        openRate: Rate('开放率: of those, the ones that served a shared use in the year'),
        effectiveHours: Hours('over its large instruments'),
        externalHours: Hours('over its large instruments'),
        shareRate: Rate('Σ external ÷ Σ effective'),
        incomeFen: Income,
        userInstitutions: z.number().int(),
        enterprises: z.number().int(),
        flaggedInstruments: z.number().int(),
      }),
    ),
  })
  .openapi('Evaluation')

export const evaluationRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/evaluation',
      tags: ['evaluation'],
      summary: 'The open-sharing evaluation figures (开放共享评价) of a year, per instrument and per institution',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: EvaluationQuery },
      responses: { 200: json(EvaluationSchema, 'The year’s figures'), ...problems('forbidden', 'not-found') },
    }),
    async (c) => c.json(await evaluationFor(c.var.deps, currentUser(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/evaluation.csv',
      tags: ['evaluation'],
      summary:
        'The figures as the national platform’s columns, one row per instrument (UTF-8 with a BOM): 仪器名称, 资产编号, 型号, 原值（万元）, 所属单位, 有效工作机时（小时）, 对外服务机时（小时）, 共享率, 服务收入（元）, 服务单位数, 服务企业数, 样品数, 用户评价',
      security: bearer,
      middleware: [signedIn] as const,
      request: { query: EvaluationQuery },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
        ...problems('forbidden', 'not-found'),
      },
    }),
    async (c) => {
      const { year, csv } = await evaluationCsvFor(c.var.deps, currentUser(c), c.req.valid('query'))
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="evaluation-${year}.csv"`,
      })
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/evaluation/means/{year}',
      tags: ['evaluation'],
      summary: 'Set the national means of a year’s evaluation (platform admin); 1,599 h and 273 h in 2025',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: z.object({ year: Year }), ...jsonBody(named(NationalMeansInput, 'NationalMeansInput')) },
      responses: { 200: json(MeansSchema, 'Set'), ...problems('forbidden') },
    }),
    async (c) => {
      const { year } = c.req.valid('param')
      return c.json(await setMeansOfYear(c.var.deps, currentUser(c), year, c.req.valid('json')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/evaluation/means/{year}',
      tags: ['evaluation'],
      summary: 'The national means a year’s figures are compared with: its own, else the latest earlier year’s',
      request: { params: z.object({ year: Year }) },
      responses: {
        200: json(MeansSchema.extend({ forYear: z.number().int() }), 'In force for the year'),
        ...problems('not-found'),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param')
      return c.json({ ...(await requireNationalMeans(c.var.deps, year)), forYear: year }, 200)
    },
  )
