import { z } from 'zod'
import { FIRST_INSTANT_YEAR, type InstantProblem, LAST_INSTANT_YEAR, parseInstant } from '../../domain/instant.js'

const EXAMPLE = '2027-03-01T09:00:00+08:00'

const MESSAGE: Record<InstantProblem, string> = {
  format: `must be an RFC 3339 instant with an offset, e.g. ${EXAMPLE}`,
  'offset-missing': `must carry an offset (Z or ±hh:mm), e.g. ${EXAMPLE}`,
  offset: 'has an offset beyond ±14:00',
  date: 'is not a real date and time (hours run 00–23)',
  range: `lies outside the years ${FIRST_INSTANT_YEAR}–${LAST_INSTANT_YEAR}`,
}

/** An instant of API.md: a string on the wire (domain/instant.ts reads it), epoch ms UTC once parsed (`toMs`). */
export const Instant = z
  .string()
  .max(64)
  .superRefine((text, ctx) => {
    const parsed = parseInstant(text)
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: MESSAGE[parsed.problem] })
  })
  .meta({ format: 'date-time', example: EXAMPLE })

/** The epoch ms of an instant that `Instant` accepted. */
export function toMs(instant: string): number {
  const parsed = parseInstant(instant)
  if (!parsed.ok) throw new RangeError(`not a valid instant: ${parsed.problem}`)
  return parsed.ms
}
export const toIso = (ms: number): string => new Date(ms).toISOString()
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms))

/** The ids of API.md: opaque strings. */
export const Id = z.string().min(1).max(100)
