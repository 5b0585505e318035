import { z } from 'zod'
import { RECORDS_START_YEAR } from '../../domain/recorded-uses.js'

/** The years statistics may be asked for: the platform's records start in 2000. */
export const FIRST_YEAR = RECORDS_START_YEAR
export const LAST_YEAR = 2100
export const Year = z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR)

export const TargetInput = z.object({ target: z.number().int().min(0).max(1_000_000) })
