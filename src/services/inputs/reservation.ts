import { z } from 'zod'
import { Id, Instant } from './instant.js'
import { FundAccount } from './money.js'

/* What a booking, a move, a blackout, a qualification and a recorded use take: API and pages alike. */

const Purpose = z.string().trim().max(2000)

export const NewReservationInput = z.object({
  instrumentId: Id,
  start: Instant,
  end: Instant,
  purpose: Purpose.default(''),
  voucherId: Id.optional().meta({
    description: 'a voucher (创新券) of your institution: checked now, deducted when final',
  }),
  fundAccount: FundAccount.optional(),
})
export type NewReservationInput = z.infer<typeof NewReservationInput>

export const ReservationChangesInput = z
  .object({ start: Instant.optional(), end: Instant.optional(), purpose: Purpose.optional() })
  .strict()

/** The optional reason of a lifecycle move (cancel, reject, no-show…). */
export const ReasonInput = z.object({ reason: z.string().trim().max(1000).optional() })

export const BlackoutInput = z.object({ start: Instant, end: Instant, reason: z.string().trim().max(500).default('') })
export type BlackoutInput = z.infer<typeof BlackoutInput>

export const QualificationInput = z.object({ userId: Id, expiresAt: Instant.nullable().optional() })

export const RecordUseInput = z.object({
  userId: Id,
  start: Instant,
  end: Instant,
  billable: z.boolean().default(true).meta({ description: 'false: an old log settled elsewhere; costs nothing' }),
  voucherId: Id.optional().meta({ description: 'a voucher of the user’s institution' }),
  fundAccount: FundAccount.optional(),
})
export type RecordUseInput = z.infer<typeof RecordUseInput>
