import { z } from 'zod'
import {
  DELIVERIES,
  EXPLOSIVE_WORDS,
  HAZARDS,
  MAX_SAMPLES,
  MIN_SAMPLES,
  ORDER_STATUSES,
  SAMPLE_DISPOSALS,
  SAMPLE_FORMS,
} from '../../domain/orders.js'
import { Id, Instant } from './instant.js'
import { FundAccount } from './money.js'
import { multiLine, singleLine } from './text.js'

/* What a sample order (送样检测) and its moves take: API and pages alike (DOMAIN.md "Sample orders"). */

export const Samples = z
  .number()
  .int()
  .min(MIN_SAMPLES)
  .max(MAX_SAMPLES)
  .meta({ description: `number of samples, ${MIN_SAMPLES}–${MAX_SAMPLES}` })

/** What the samples are (composition, preparation, size…): several lines. */
export const SampleDescription = multiLine(2000, 1)
/** The tests wanted (检测项目): several lines. */
export const Tests = multiLine(2000, 1)
/** A courier's tracking number (快递单号): one line. */
export const TrackingNumber = singleLine(60, 1)
/** The report's note (the result in words, or what accompanies the PDF). */
export const ReportNote = multiLine(4000)

/** The hazard of the samples; explosives are refused by name, with a sentence that says so (400). */
export const Hazard = z
  .enum(HAZARDS, {
    error: (issue) =>
      typeof issue.input === 'string' && EXPLOSIVE_WORDS.includes(issue.input.trim().toLowerCase())
        ? 'explosives are never accepted (易爆品不予送检)'
        : `must be one of ${HAZARDS.join(', ')}`,
  })
  .meta({ description: `${HAZARDS.join(', ')}; explosives are never accepted` })

export const NewOrderInput = z.object({
  instrumentId: Id,
  samples: Samples,
  sampleDescription: SampleDescription.meta({ description: 'what the samples are (样品说明)' }),
  sampleForm: z.enum(SAMPLE_FORMS).optional().meta({ description: 'the samples’ form or state (样品状态)' }),
  hazard: Hazard,
  tests: Tests.meta({ description: 'the tests wanted (检测项目)' }),
  turnaroundDays: z.number().int().min(1).max(365).optional().meta({ description: 'turnaround wanted, in days' }),
  delivery: z.enum(DELIVERIES),
  trackingNumber: TrackingNumber.optional().meta({ description: 'the courier’s number; may be added later' }),
  voucherId: Id.optional().meta({
    description: 'a voucher (创新券) of your institution: checked now, deducted when final',
  }),
  fundAccount: FundAccount.optional(),
})
export type NewOrderInput = z.infer<typeof NewOrderInput>

export const OrderListQuery = z.object({ instrumentId: Id.optional(), status: z.enum(ORDER_STATUSES).optional() })

export const ReceiveInput = z.object({
  receivedSamples: Samples.optional().meta({ description: 'how many arrived; default: the number ordered' }),
})

export const TrackingInput = z.object({ trackingNumber: TrackingNumber }).strict()

export const RunInput = z.object({ start: Instant, end: Instant })

/** The fields of a report besides its PDF (multipart form fields). */
export const ReportFields = z.object({
  note: ReportNote.optional(),
  sampleDisposal: z.enum(SAMPLE_DISPOSALS).meta({ description: 'what became of the samples' }),
})
export type ReportFields = z.infer<typeof ReportFields>
