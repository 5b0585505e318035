import { z } from 'zod'
import { CATEGORY_CODES } from '../../domain/categories.js'
import { DEFAULT_RATE_CARD } from '../../domain/money/rates.js'
import { INSTRUMENT_MODES, INSTRUMENT_STATUSES, type Instrument, type Weekday } from '../../domain/types.js'
import { Id } from './instant.js'
import { RateCardInput } from './money.js'
import { multiLine, singleLine } from './text.js'

/*
 * The instrument's fields and booking rules: the one definition used by the API (request and response), its OpenAPI
 * document and the admin's instrument form. Rules that span fields (the slot grid, min ≤ max, the opening hours)
 * are checked by the service (services/instruments.ts) with the domain.
 */

/** 资产编号: optional; an empty one is none (null). */
export const AssetNumber = singleLine(100)
  .nullable()
  .transform((value) => (value === '' ? null : value))
  .meta({
    description: '资产编号, the institution’s asset number: unique within the institution; empty or null for none',
  })
const minutes = (min: number, max: number) => z.number().int().min(min).max(max)

export const OpeningPeriodSchema = z.object({
  weekday: z
    .number()
    .int()
    .min(1)
    .max(7)
    .transform((n) => n as Weekday)
    .meta({ description: 'Monday = 1' }),
  open: z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:mm'),
  close: z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:mm (24:00 allowed)'),
})

export const InstrumentFields = z.object({
  name: singleLine(200, 1),
  // optional even here: forms and clients that predate it leave it unchanged
  assetNumber: AssetNumber.optional(),
  model: singleLine(200),
  manufacturer: singleLine(200),
  category: z.enum(CATEGORY_CODES),
  originalValue: z.number().int().min(0).max(10_000_000_000).nullable().meta({ description: 'CNY' }),
  location: singleLine(500),
  specs: multiLine(5000),
  functions: multiLine(5000),
  contact: singleLine(500),
  status: z.enum(INSTRUMENT_STATUSES),
  mode: z.enum(INSTRUMENT_MODES),
  timezone: singleLine(64, 1),
  openingHours: z.array(OpeningPeriodSchema).max(100),
  slotMinutes: minutes(5, 1440),
  minMinutes: minutes(5, 43_200),
  maxMinutes: minutes(5, 43_200),
  bufferMinutes: minutes(0, 1440),
  noticeMinutes: minutes(0, 43_200),
  horizonDays: minutes(0, 730),
  requiresApproval: z.boolean(),
  requiresQualification: z.boolean(),
  // optional here so that a form without prices (or a client that never heard of them) leaves the card as it is
  rates: RateCardInput.optional().meta({
    description: 'the rate card (收费标准), replaced as a whole; copied onto every reservation when it is made',
  }),
})
export type InstrumentFieldValues = z.infer<typeof InstrumentFields>

/** `POST /instruments`: name, category and opening hours required, the rest defaults (INSTRUMENT_DEFAULTS). */
export const NewInstrumentInput = InstrumentFields.partial()
  .required({ name: true, category: true, openingHours: true })
  .extend({ institutionId: Id })
export type NewInstrumentInput = z.infer<typeof NewInstrumentInput>

/** `PATCH /instruments/{id}`: any subset of the fields; unknown fields are refused. */
export const InstrumentChangesInput = InstrumentFields.partial().strict()
export type InstrumentChangesInput = z.infer<typeof InstrumentChangesInput>

/** API.md "Instrument fields": the defaults of a new instrument (`minMinutes` defaults to its `slotMinutes`). */
export const INSTRUMENT_DEFAULTS = {
  assetNumber: null,
  model: '',
  manufacturer: '',
  originalValue: null,
  location: '',
  specs: '',
  functions: '',
  contact: '',
  status: 'active',
  mode: 'self',
  timezone: 'Asia/Shanghai',
  slotMinutes: 30,
  maxMinutes: 480,
  bufferMinutes: 0,
  noticeMinutes: 60,
  horizonDays: 30,
  requiresApproval: false,
  requiresQualification: false,
  rates: DEFAULT_RATE_CARD,
} as const satisfies Partial<InstrumentFieldValues>

/** The schema and the domain type name the same fields: a setting added to one but not the other fails typecheck. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false
export const SCHEMA_MATCHES_DOMAIN: SameKeys<
  InstrumentFieldValues,
  Omit<Instrument, 'id' | 'institutionId' | 'version'>
> = true
