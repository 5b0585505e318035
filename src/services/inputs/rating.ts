import { z } from 'zod'
import { MAX_COMMENT_LENGTH, MAX_SCORE, MIN_SCORE } from '../../domain/ratings.js'
import { lines } from './text.js'

/* A rating (用户评价) after a use: three scores and an optional comment. */

const Score = z.number().int().min(MIN_SCORE).max(MAX_SCORE)

export const RatingComment = lines(MAX_COMMENT_LENGTH)

export const RatingInput = z.object({
  timeliness: Score.meta({ description: '及时性, 1–5' }),
  quality: Score.meta({ description: '质量, 1–5' }),
  staff: Score.meta({ description: '服务态度, 1–5' }),
  comment: RatingComment.optional().meta({
    description: `at most ${MAX_COMMENT_LENGTH} characters; read only by the instrument’s institute admin and the talent offices`,
  }),
})
export type RatingInput = z.infer<typeof RatingInput>
