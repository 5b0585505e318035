import { z } from 'zod'
import { MAX_HOURS_IN_A_YEAR } from '../../domain/evaluation-means.js'

/** Hours with at most 2 decimals, as the evaluation states them. */
const Hours = z
  .number()
  .min(0)
  .max(MAX_HOURS_IN_A_YEAR)
  .refine((hours) => Math.abs(hours * 100 - Math.round(hours * 100)) < 1e-6, 'at most 2 decimals')

/** `PUT /evaluation/means/{year}`: the national means of a year's evaluation (1,599 h and 273 h in 2025). */
export const NationalMeansInput = z.object({
  effectiveHours: Hours.meta({
    description: '有效工作机时: the national mean of effective hours of a large instrument',
  }),
  externalHours: Hours.meta({ description: '对外服务机时: the national mean of hours served to outside users' }),
})
export type NationalMeansInput = z.infer<typeof NationalMeansInput>
