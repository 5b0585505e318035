import { z } from 'zod'
import { MAX_HOURS_IN_A_YEAR } from '../../domain/evaluation-means.js'
import { Id } from './instant.js'
import { Year } from './stats.js'

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

/** `GET /evaluation` and `GET /evaluation.csv`: the year (default: this year in Asia/Shanghai) and the institution. */
export const EvaluationQuery = z.object({
  year: Year.optional().meta({ description: 'the calendar year in Asia/Shanghai; default: this year' }),
  institutionId: Id.optional().meta({
    description:
      'one institution; without it, an institute admin’s own, or every institution owning instruments for talent offices and platform admins',
  }),
})
export type EvaluationQuery = z.infer<typeof EvaluationQuery>
