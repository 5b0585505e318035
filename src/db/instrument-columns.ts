import type { Generated } from 'kysely'
import type { Instrument } from '../domain/types.js'

/*
 * How each field of an instrument is stored: its column and its codec. The Kysely table type and the row ↔ domain
 * mapping are both derived from this one table, so a new instrument setting is one line here (plus its migration).
 */

interface Column<Value, Stored> {
  column: string
  read(stored: Stored): Value
  write(value: Value): Stored
}

const as =
  <Value>() =>
  <Name extends string>(column: Name) => ({
    column,
    read: (stored: Value): Value => stored,
    write: (value: Value): Value => value,
  })
const text = as<string>()
const integer = as<number>()
const nullableInteger = as<number | null>()
const nullableText = as<string | null>()
const flag = <Name extends string>(column: Name) => ({
  column,
  read: (stored: number): boolean => stored === 1,
  write: (value: boolean): number => (value ? 1 : 0),
})
/** A structured value kept as JSON text (the opening hours, a rate card). */
const json =
  <Value>() =>
  <Name extends string>(column: Name) => ({
    column,
    read: (stored: string): Value => JSON.parse(stored) as Value,
    write: (value: Value): string => JSON.stringify(value),
  })
const code =
  <Value extends string>() =>
  <Name extends string>(column: Name) => ({
    column,
    read: (stored: string): Value => stored as Value,
    write: (value: Value): string => value,
  })

/** A column with a DEFAULT in the schema: inserts may leave it out. */
const withDefault = <C extends object>(column: C) => ({ ...column, hasDefault: true as const })

/** The fields an instrument's admin sets: everything but its id, institution and version. */
export type InstrumentField = Exclude<keyof Instrument, 'id' | 'institutionId' | 'version'>

export const INSTRUMENT_COLUMNS = {
  name: text('name'),
  assetNumber: withDefault(nullableText('asset_number')),
  model: withDefault(text('model')),
  manufacturer: withDefault(text('manufacturer')),
  category: code<Instrument['category']>()('category'),
  originalValue: nullableInteger('original_value'),
  location: withDefault(text('location')),
  specs: withDefault(text('specs')),
  functions: withDefault(text('functions')),
  contact: withDefault(text('contact')),
  status: withDefault(code<Instrument['status']>()('status')),
  mode: withDefault(code<Instrument['mode']>()('mode')),
  timezone: withDefault(text('timezone')),
  openingHours: json<Instrument['openingHours']>()('opening_hours'),
  slotMinutes: integer('slot_minutes'),
  minMinutes: integer('min_minutes'),
  maxMinutes: integer('max_minutes'),
  bufferMinutes: integer('buffer_minutes'),
  noticeMinutes: integer('notice_minutes'),
  horizonDays: integer('horizon_days'),
  requiresApproval: flag('requires_approval'),
  requiresQualification: flag('requires_qualification'),
  rates: withDefault(json<Instrument['rates']>()('rates')),
} satisfies { [Field in InstrumentField]: Column<Instrument[Field], unknown> }

type Columns = typeof INSTRUMENT_COLUMNS
type StoredOf<C> = C extends { write(value: never): infer Stored } ? Stored : never

/** The columns of the instrument's fields, as Kysely sees them (snake_case names, stored types). */
export type InstrumentFieldColumns = {
  [Field in keyof Columns as Columns[Field]['column']]: Columns[Field] extends { hasDefault: true }
    ? Generated<StoredOf<Columns[Field]>>
    : StoredOf<Columns[Field]>
}

export const INSTRUMENT_FIELDS = Object.keys(INSTRUMENT_COLUMNS) as InstrumentField[]

/** The stored values of some fields, by column name. */
export function instrumentColumnValues(fields: Partial<Pick<Instrument, InstrumentField>>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const field of INSTRUMENT_FIELDS) {
    if (!(field in fields)) continue
    const { column, write } = INSTRUMENT_COLUMNS[field] as Column<unknown, unknown>
    values[column] = write(fields[field])
  }
  return values
}

/** The fields of a stored row. */
export function instrumentFieldsOf(row: Record<string, unknown>): Pick<Instrument, InstrumentField> {
  const fields: Record<string, unknown> = {}
  for (const field of INSTRUMENT_FIELDS) {
    const { column, read } = INSTRUMENT_COLUMNS[field] as Column<unknown, unknown>
    fields[field] = read(row[column])
  }
  return fields as Pick<Instrument, InstrumentField>
}
