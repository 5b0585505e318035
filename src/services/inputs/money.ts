import { z } from 'zod'
import { CHARGE_BASES, DEFAULT_RATE_CARD } from '../../domain/money/rates.js'
import { STATEMENT_STATUSES } from '../../domain/money/statements.js'
import { DEFAULT_HOLDER_KINDS } from '../../domain/money/vouchers.js'
import { INSTITUTION_KINDS } from '../../domain/types.js'
import { Id, Instant } from './instant.js'

/*
 * The inputs of money (DOMAIN.md "Money"): rate cards, quotes, voucher programmes and vouchers, statements. Amounts
 * are integer fen; percents whole numbers 0–100; dates `YYYY-MM-DD` and months `YYYY-MM` in Asia/Shanghai.
 */

/** A price: ¥0 to ¥1,000,000 in fen. */
export const MAX_PRICE_FEN = 100_000_000
export const Fen = z.number().int().min(0).max(MAX_PRICE_FEN).meta({ description: 'integer fen (0.01 CNY)' })
const Percent = z.number().int().min(0).max(100)
/** An amount of a voucher or a cap: up to ¥100,000,000 in fen. */
const Amount = z.number().int().min(0).max(10_000_000_000).meta({ description: 'integer fen (0.01 CNY)' })

export const ClassPricesSchema = z
  .object({ internal: Fen, academic: Fen, enterprise: Fen })
  .meta({ description: 'fen per hour or per sample for each class of user; no city column (同城待遇)' })

/** A rate card as answered: every field present. */
export const RateCardSchema = z.object({
  hour: ClassPricesSchema.nullable().meta({ description: 'per hour; null: time uses are free' }),
  sample: ClassPricesSchema.nullable().meta({ description: 'per sample; null: samples are free' }),
  chargeBasis: z.enum(CHARGE_BASES),
  incrementMinutes: z.number().int().min(1).max(1440),
  freeCancelHours: z.number().int().min(0).max(720),
  lateCancelPercent: Percent,
  noShowPercent: Percent,
})

/** A rate card as sent: replaced as a whole; what it leaves out takes API.md's defaults. */
export const RateCardInput = z.object({
  hour: RateCardSchema.shape.hour.default(DEFAULT_RATE_CARD.hour),
  sample: RateCardSchema.shape.sample.default(DEFAULT_RATE_CARD.sample),
  chargeBasis: RateCardSchema.shape.chargeBasis.default(DEFAULT_RATE_CARD.chargeBasis),
  incrementMinutes: RateCardSchema.shape.incrementMinutes.default(DEFAULT_RATE_CARD.incrementMinutes),
  freeCancelHours: RateCardSchema.shape.freeCancelHours.default(DEFAULT_RATE_CARD.freeCancelHours),
  lateCancelPercent: RateCardSchema.shape.lateCancelPercent.default(DEFAULT_RATE_CARD.lateCancelPercent),
  noShowPercent: RateCardSchema.shape.noShowPercent.default(DEFAULT_RATE_CARD.noShowPercent),
})

/** 经费卡号 / 课题号: free text a finance office recognises. */
export const FundAccount = z.string().trim().max(100).meta({ description: '经费卡号 / 课题号, copied onto statements' })

/** `GET /instruments/{id}/quote`: a time (`start` and `end`) or a number of samples, and optionally a voucher. */
export const QuoteQuery = z.object({
  start: Instant.optional(),
  end: Instant.optional(),
  samples: z.coerce.number().int().min(1).max(500).optional(),
  voucherId: Id.optional(),
})

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .meta({ description: 'a date in Asia/Shanghai', example: '2027-01-01' })
export const MonthText = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
  .meta({ description: 'a month in Asia/Shanghai', example: '2027-03' })

export const NewProgramInput = z.object({
  name: z.string().trim().min(1).max(200),
  city: z.string().min(1).max(50),
  coveragePercent: Percent,
  fullCoverageBelowFen: Amount.nullable().default(null),
  perUseCapFen: Amount.nullable().default(null),
  perHolderYearCapFen: Amount.nullable().default(null),
  holderKinds: z
    .array(z.enum(INSTITUTION_KINDS))
    .min(1)
    .max(INSTITUTION_KINDS.length)
    .default([...DEFAULT_HOLDER_KINDS]),
  providerCities: z
    .array(z.string().min(1).max(50))
    .min(1)
    .max(50)
    .nullable()
    .default(null)
    .meta({ description: 'null: providers of every city (通用通兑)' }),
  validFrom: DateText,
  validTo: DateText,
})
export type NewProgramInput = z.infer<typeof NewProgramInput>

export const NewVoucherInput = z.object({
  programId: Id,
  holderInstitutionId: Id,
  amountFen: Amount.refine((n) => n > 0, 'must be more than 0'),
  expiresAt: Instant,
})
export type NewVoucherInput = z.infer<typeof NewVoucherInput>

export const NewStatementInput = z.object({
  providerInstitutionId: Id,
  payerInstitutionId: Id,
  month: MonthText,
})

export const StatementFilters = z.object({
  providerInstitutionId: Id.optional(),
  payerInstitutionId: Id.optional(),
  month: MonthText.optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
})

export const DisputeInput = z.object({ reason: z.string().trim().min(1).max(2000) })
export const AnswerInput = z.object({ note: z.string().trim().min(1).max(2000) })
