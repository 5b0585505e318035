import { z } from '@hono/zod-openapi'
import { CATEGORY_CODES } from '../domain/categories.js'
import { hoursOf } from '../domain/money/charge.js'
import { PRICE_CLASSES } from '../domain/money/rates.js'
import type { RatingSummary } from '../domain/ratings.js'
import type { Instrument, Reservation, User } from '../domain/types.js'
import { INSTITUTION_KINDS, LANGUAGES, RESERVATION_STATUSES, ROLES } from '../domain/types.js'
import { toIso, toIsoOrNull } from '../services/inputs/instant.js'
import { InstrumentFields } from '../services/inputs/instrument.js'
import { RateCardSchema } from '../services/inputs/money.js'
import { EMPTY_RATING, RatingSummarySchema } from './order-dto.js'

/** Response shapes of API.md: the domain objects as JSON, instants as RFC 3339 strings. */
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    institutionId: z.string().nullable(),
    active: z.boolean(),
    language: z.enum(LANGUAGES).openapi({ description: 'the language of their notifications and e-mails' }),
  })
  .openapi('User')

export const userDto = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  institutionId: user.institutionId,
  active: user.active,
  language: user.language,
})

export const CitySchema = z.object({ code: z.string(), name: z.string() }).openapi('City')
export const CategorySchema = z.object({ code: z.enum(CATEGORY_CODES), name: z.string() }).openapi('Category')
export const InstitutionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    kind: z.enum(INSTITUTION_KINDS),
  })
  .openapi('Institution')

/** An instrument as answered: its id and institution, then exactly the fields a client sends (one definition). */
export const InstrumentSchema = z
  .object({ id: z.string(), institutionId: z.string() })
  .extend(InstrumentFields.shape)
  // a fresh object of @hono/zod-openapi's z: the input module's schemas may predate its .openapi()
  .extend({ rates: z.object(RateCardSchema.shape).openapi('RateCard') })
  .extend({ rating: RatingSummarySchema.openapi({ description: 'its users’ ratings (用户评价): anyone sees these' }) })
  .openapi('Instrument')

/** An instrument as answered, with its rating (none yet unless given). */
export const instrumentDto = (
  { version: _version, ...instrument }: Instrument,
  rating: RatingSummary = EMPTY_RATING,
) => ({
  ...instrument,
  rating,
})

export const ReservationSchema = z
  .object({
    id: z.string(),
    instrumentId: z.string(),
    userId: z.string(),
    userInstitutionId: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(RESERVATION_STATUSES),
    purpose: z.string(),
    recorded: z.boolean().openapi({ description: 'a use recorded after the fact by an institute admin' }),
    orderId: z
      .string()
      .nullable()
      .openapi({ description: 'a run of this sample order: the lab’s time, never a use, never charged' }),
    underRecognition: z.boolean().openapi({
      description:
        'the researcher qualified only through a recognition of another institution’s qualification (资格互认)',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    statusReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    priceClass: z.enum(PRICE_CLASSES).openapi({ description: 'from the user’s institution when it was made' }),
    rates: z
      .object(RateCardSchema.shape)
      .openapi({ description: 'the instrument’s rate card when it was made: what was agreed' }),
    voucherId: z.string().nullable(),
    fundAccount: z.string().openapi({ description: '经费卡号 / 课题号; empty when none was given' }),
    billable: z.boolean().openapi({ description: 'false: a recorded use settled elsewhere, which costs nothing' }),
    unit: z.literal('hour'),
    unitPriceFen: z.number().int().openapi({ description: 'the agreed hourly price of its class (0: free)' }),
    billedMinutes: z.number().int().nullable(),
    quantity: z.number().nullable().openapi({ description: 'billed hours, 2 decimals, for display' }),
    chargeFen: z.number().int().nullable().openapi({ description: 'null until final, and after a no-show' }),
    deductionFen: z.number().int().nullable(),
    payableFen: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'charge − deduction, or the fee; null until final' }),
    feeFen: z.number().int().nullable().openapi({ description: 'a late cancellation’s or a no-show’s fee' }),
    chargedAt: z.string().nullable().openapi({ description: 'when the charge or fee became final' }),
  })
  .openapi('Reservation')

export const reservationDto = (r: Reservation) => ({
  id: r.id,
  instrumentId: r.instrumentId,
  userId: r.userId,
  userInstitutionId: r.userInstitutionId,
  start: toIso(r.start),
  end: toIso(r.end),
  status: r.status,
  purpose: r.purpose,
  recorded: r.recorded,
  orderId: r.orderId,
  underRecognition: r.recognitionId !== null,
  createdAt: toIso(r.createdAt),
  updatedAt: toIso(r.updatedAt),
  actualStart: toIsoOrNull(r.actualStart),
  actualEnd: toIsoOrNull(r.actualEnd),
  statusReason: r.statusReason,
  decidedBy: r.decidedBy,
  decidedAt: toIsoOrNull(r.decidedAt),
  priceClass: r.priceClass,
  rates: r.rates,
  voucherId: r.voucherId,
  fundAccount: r.fundAccount,
  billable: r.billable,
  unit: 'hour' as const,
  unitPriceFen: r.rates.hour?.[r.priceClass] ?? 0,
  billedMinutes: r.billedMinutes,
  quantity: r.billedMinutes === null ? null : hoursOf(r.billedMinutes),
  chargeFen: r.chargeFen,
  deductionFen: r.deductionFen,
  payableFen: r.payableFen,
  feeFen: r.feeFen,
  chargedAt: toIsoOrNull(r.chargedAt),
})

export const etagOf = (kind: string, id: string, version: number) => `"${kind}-${id}-v${version}"`

/** An audit event of a reservation or an order as its history lists it: who, when, from → to, why. */
export const auditEntryDto = <S extends string>(e: {
  at: number
  actor_id: string | null
  from_status: S | null
  to_status: S
  reason: string | null
  detail: string | null
}) => ({
  at: toIso(e.at),
  actorId: e.actor_id,
  from: e.from_status,
  to: e.to_status,
  reason: e.reason,
  detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
})
