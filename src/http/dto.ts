import { z } from '@hono/zod-openapi'
import { CATEGORY_CODES } from '../domain/categories.js'
import type { Instrument, Reservation, User, Weekday } from '../domain/types.js'
import { INSTITUTION_KINDS, RESERVATION_STATUSES, ROLES } from '../domain/types.js'
import { toIso, toIsoOrNull } from './schemas.js'

/** Response shapes of API.md: the domain objects as JSON, instants as RFC 3339 strings. */
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES as [string, ...string[]]),
    institutionId: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('User')

export const userDto = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  institutionId: user.institutionId,
  active: user.active,
})

export const CitySchema = z.object({ code: z.string(), name: z.string() }).openapi('City')
export const CategorySchema = z.object({ code: z.enum(CATEGORY_CODES), name: z.string() }).openapi('Category')
export const InstitutionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    kind: z.enum(INSTITUTION_KINDS as [string, ...string[]]),
  })
  .openapi('Institution')

export const OpeningPeriodSchema = z
  .object({
    weekday: z
      .number()
      .int()
      .min(1)
      .max(7)
      .transform((n) => n as Weekday)
      .openapi({ description: 'Monday = 1' }),
    open: z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:mm'),
    close: z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:mm (24:00 allowed)'),
  })
  .openapi('OpeningPeriod')

export const InstrumentSchema = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    name: z.string(),
    model: z.string(),
    manufacturer: z.string(),
    category: z.string(),
    originalValue: z.number().nullable().openapi({ description: 'CNY' }),
    location: z.string(),
    specs: z.string(),
    functions: z.string(),
    contact: z.string(),
    status: z.enum(['active', 'maintenance', 'retired']),
    mode: z.enum(['self', 'service']),
    timezone: z.string(),
    openingHours: z.array(OpeningPeriodSchema),
    slotMinutes: z.number().int(),
    minMinutes: z.number().int(),
    maxMinutes: z.number().int(),
    bufferMinutes: z.number().int(),
    noticeMinutes: z.number().int(),
    horizonDays: z.number().int(),
    requiresApproval: z.boolean(),
    requiresQualification: z.boolean(),
  })
  .openapi('Instrument')

export const instrumentDto = ({ version: _version, ...instrument }: Instrument) => instrument

export const ReservationSchema = z
  .object({
    id: z.string(),
    instrumentId: z.string(),
    userId: z.string(),
    userInstitutionId: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(RESERVATION_STATUSES),
    purpose: z.string(),
    recorded: z.boolean().openapi({ description: 'a use recorded after the fact by an institute admin' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    statusReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('Reservation')

export const reservationDto = (r: Reservation) => ({
  id: r.id,
  instrumentId: r.instrumentId,
  userId: r.userId,
  userInstitutionId: r.userInstitutionId,
  start: toIso(r.start),
  end: toIso(r.end),
  status: r.status,
  purpose: r.purpose,
  recorded: r.recorded,
  createdAt: toIso(r.createdAt),
  updatedAt: toIso(r.updatedAt),
  actualStart: toIsoOrNull(r.actualStart),
  actualEnd: toIsoOrNull(r.actualEnd),
  statusReason: r.statusReason,
  decidedBy: r.decidedBy,
  decidedAt: toIsoOrNull(r.decidedAt),
})

export const etagOf = (kind: string, id: string, version: number) => `"${kind}-${id}-v${version}"`
