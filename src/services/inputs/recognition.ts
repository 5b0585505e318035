import { z } from 'zod'
import { Id, Instant } from './instant.js'

/** `POST /instruments/{id}/recognitions`: whose qualifications to recognise, and until when (none: until revoked). */
export const RecognitionInput = z.object({
  issuingInstitutionId: Id.meta({ description: 'the institution whose qualifications are recognised' }),
  expiresAt: Instant.nullable().optional(),
})
export type RecognitionInput = z.infer<typeof RecognitionInput>
