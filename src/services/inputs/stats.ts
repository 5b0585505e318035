import { z } from 'zod'

/** The years statistics may be asked for: the platform's records start in 2000. */
export const FIRST_YEAR = 2000
export const LAST_YEAR = 2100
export const Year = z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR)

export const TargetInput = z.object({ target: z.number().int().min(0).max(1_000_000) })
