import { z } from '@hono/zod-openapi'
import { PRICE_CLASSES } from '../domain/money/rates.js'
import { DELIVERIES, HAZARDS, ORDER_STATUSES, type Order, SAMPLE_DISPOSALS, SAMPLE_FORMS } from '../domain/orders.js'
import type { RatingSummary } from '../domain/ratings.js'
import { RESERVATION_STATUSES, type Reservation } from '../domain/types.js'
import { toIso, toIsoOrNull } from '../services/inputs/instant.js'
import { RateCardSchema } from '../services/inputs/money.js'
import type { RatingWithComment } from '../services/ratings.js'

/** Response shapes of sample orders, their runs and ratings (API.md "Additions"). */

export const OrderSchema = z
  .object({
    id: z.string(),
    instrumentId: z.string(),
    userId: z.string(),
    userInstitutionId: z.string().openapi({ description: 'the requester’s institution when the order was submitted' }),
    status: z.enum(ORDER_STATUSES),
    samples: z.number().int(),
    receivedSamples: z.number().int().nullable().openapi({ description: 'how many arrived; the charge counts these' }),
    sampleDescription: z.string(),
    sampleForm: z.enum(SAMPLE_FORMS).nullable(),
    hazard: z.enum(HAZARDS),
    tests: z.string(),
    turnaroundDays: z.number().int().nullable(),
    delivery: z.enum(DELIVERIES),
    trackingNumber: z.string().nullable(),
    statusReason: z.string().nullable(),
    sampleDisposal: z.enum(SAMPLE_DISPOSALS).nullable().openapi({ description: 'what became of the samples' }),
    reportNote: z.string().nullable(),
    reportPdf: z
      .object({ bytes: z.number().int(), url: z.string() })
      .nullable()
      .openapi({ description: 'the report PDF, downloaded by the requester and the lab; null: none' }),
    reportedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    priceClass: z.enum(PRICE_CLASSES),
    rates: z
      .object(RateCardSchema.shape)
      .openapi({ description: 'the instrument’s rate card when submitted: what was agreed' }),
    voucherId: z.string().nullable(),
    fundAccount: z.string(),
    unit: z.literal('sample'),
    unitPriceFen: z.number().int().openapi({ description: 'the agreed per-sample price of its class (0: free)' }),
    quoteFen: z.number().int().openapi({ description: 'the quote at submission: samples ordered × unit price' }),
    chargeFen: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'final at the report: received samples × unit price' }),
    deductionFen: z.number().int().nullable(),
    payableFen: z.number().int().nullable(),
    chargedAt: z.string().nullable(),
  })
  .openapi('Order')

export const orderDto = (o: Order) => ({
  id: o.id,
  instrumentId: o.instrumentId,
  userId: o.userId,
  userInstitutionId: o.userInstitutionId,
  status: o.status,
  samples: o.samples,
  receivedSamples: o.receivedSamples,
  sampleDescription: o.sampleDescription,
  sampleForm: o.sampleForm,
  hazard: o.hazard,
  tests: o.tests,
  turnaroundDays: o.turnaroundDays,
  delivery: o.delivery,
  trackingNumber: o.trackingNumber,
  statusReason: o.statusReason,
  sampleDisposal: o.sampleDisposal,
  reportNote: o.reportNote,
  reportPdf: o.reportKey ? { bytes: o.reportBytes ?? 0, url: `/api/v1/orders/${o.id}/report` } : null,
  reportedAt: toIsoOrNull(o.reportedAt),
  completedAt: toIsoOrNull(o.completedAt),
  createdAt: toIso(o.createdAt),
  updatedAt: toIso(o.updatedAt),
  priceClass: o.priceClass,
  rates: o.rates,
  voucherId: o.voucherId,
  fundAccount: o.fundAccount,
  unit: 'sample' as const,
  unitPriceFen: o.rates.sample?.[o.priceClass] ?? 0,
  quoteFen: o.quoteFen,
  chargeFen: o.chargeFen,
  deductionFen: o.deductionFen,
  payableFen: o.payableFen,
  chargedAt: toIsoOrNull(o.chargedAt),
})

export const OrderEventSchema = z
  .object({
    at: z.string(),
    actorId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('OrderEvent')

/** A run as anyone who may see its order sees it: a block of the instrument's time, never whose. */
export const RunSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    instrumentId: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(RESERVATION_STATUSES).openapi({ description: 'confirmed (on the calendar) or cancelled' }),
    createdAt: z.string(),
  })
  .openapi('Run')

export const runDto = (r: Reservation) => ({
  id: r.id,
  orderId: r.orderId ?? '',
  instrumentId: r.instrumentId,
  start: toIso(r.start),
  end: toIso(r.end),
  status: r.status,
  createdAt: toIso(r.createdAt),
})

export const RatingSummarySchema = z
  .object({
    count: z.number().int(),
    average: z.number().nullable().openapi({ description: 'the mean of the three means, 2 decimals; null: none' }),
    timeliness: z.number().nullable(),
    quality: z.number().nullable(),
    staff: z.number().nullable(),
  })
  .openapi('RatingSummary')

/** The rating of an instrument nobody has rated. */
export const EMPTY_RATING: RatingSummary = { count: 0, average: null, timeliness: null, quality: null, staff: null }

export const RatingSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['reservation', 'order']),
    reservationId: z.string().nullable(),
    orderId: z.string().nullable(),
    instrumentId: z.string(),
    timeliness: z.number().int(),
    quality: z.number().int(),
    staff: z.number().int(),
    comment: z.string(),
    createdAt: z.string(),
  })
  .openapi('Rating')

export const ratingDto = (r: {
  id: string
  reservationId: string | null
  orderId: string | null
  instrumentId: string
  timeliness: number
  quality: number
  staff: number
  comment: string
  createdAt: number
}) => ({
  id: r.id,
  kind: r.orderId !== null ? ('order' as const) : ('reservation' as const),
  reservationId: r.reservationId,
  orderId: r.orderId,
  instrumentId: r.instrumentId,
  timeliness: r.timeliness,
  quality: r.quality,
  staff: r.staff,
  comment: r.comment,
  createdAt: toIso(r.createdAt),
})

export const RatingCommentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['reservation', 'order']),
    reservationId: z.string().nullable(),
    orderId: z.string().nullable(),
    timeliness: z.number().int(),
    quality: z.number().int(),
    staff: z.number().int(),
    comment: z.string(),
    useAt: z.string(),
    createdAt: z.string(),
    rater: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'who wrote it: for the instrument’s institute admin only (talent offices: null)' }),
  })
  .openapi('RatingComment')

export const ratingCommentDto = (r: RatingWithComment) => ({
  ...r,
  useAt: toIso(r.useAt),
  createdAt: toIso(r.createdAt),
})
