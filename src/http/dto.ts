import { z } from '@hono/zod-openapi'
import { CATEGORY_CODES } from '../domain/categories.js'
import type { Instrument, Reservation, User } from '../domain/types.js'
import { INSTITUTION_KINDS, RESERVATION_STATUSES, ROLES } from '../domain/types.js'
import { toIso, toIsoOrNull } from '../services/inputs/instant.js'
import { InstrumentFields } from '../services/inputs/instrument.js'

/** Response shapes of API.md: the domain objects as JSON, instants as RFC 3339 strings. */
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
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
    kind: z.enum(INSTITUTION_KINDS),
  })
  .openapi('Institution')

/** An instrument as answered: its id and institution, then exactly the fields a client sends (one definition). */
export const InstrumentSchema = z
  .object({ id: z.string(), institutionId: z.string() })
  .extend(InstrumentFields.shape)
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
    underRecognition: z.boolean().openapi({
      description:
        'the researcher qualified only through a recognition of another institution’s qualification (资格互认)',
    }),
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
  underRecognition: r.recognitionId !== null,
  createdAt: toIso(r.createdAt),
  updatedAt: toIso(r.updatedAt),
  actualStart: toIsoOrNull(r.actualStart),
  actualEnd: toIsoOrNull(r.actualEnd),
  statusReason: r.statusReason,
  decidedBy: r.decidedBy,
  decidedAt: toIsoOrNull(r.decidedAt),
})

export const etagOf = (kind: string, id: string, version: number) => `"${kind}-${id}-v${version}"`
