import { z } from 'zod'
import { Id, Instant } from './instant.js'
import { FundAccount } from './money.js'
import { multiLine, singleLine } from './text.js'

/* What a booking, a move, a blackout, a qualification and a recorded use take: API and pages alike. */

/** Why the time is booked: several lines allowed. */
export const Purpose = multiLine(2000)
/** Why a move was made (cancel, reject, no-show): one line. */
export const Reason = singleLine(1000)

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
export const ReasonInput = z.object({ reason: Reason.optional() })

/** Why a blackout is placed (maintenance, a holiday): one line, shown to everyone who looks at the calendar. */
export const BlackoutReason = singleLine(500)
export const BlackoutInput = z.object({ start: Instant, end: Instant, reason: BlackoutReason.default('') })
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
