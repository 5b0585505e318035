import { DateTime } from 'luxon'
import { z } from 'zod'

/** RFC 3339 with a mandatory offset: an instant without one is ambiguous and rejected. */
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i

/** An instant of API.md: a string on the wire, epoch ms UTC once parsed (`toMs`). */
export const Instant = z
  .string()
  .regex(RFC3339_WITH_OFFSET, 'must be an RFC 3339 instant with an offset, e.g. 2027-03-01T09:00:00+08:00')
  .refine((text) => DateTime.fromISO(text, { setZone: true }).isValid, 'is not a real date and time')
  .meta({ format: 'date-time', example: '2027-03-01T09:00:00+08:00' })

export const toMs = (instant: string): number => DateTime.fromISO(instant, { setZone: true }).toMillis()
export const toIso = (ms: number): string => new Date(ms).toISOString()
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms))

/** The ids of API.md: opaque strings. */
export const Id = z.string().min(1).max(100)
