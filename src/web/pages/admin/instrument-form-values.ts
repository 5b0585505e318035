import type { Instrument } from '../../../domain/types.js'
import type { AppError } from '../../../errors.js'
import {
  INSTRUMENT_DEFAULTS,
  InstrumentFields,
  type InstrumentFieldValues,
} from '../../../services/inputs/instrument.js'
import { isStaffKey, type StaffKey } from '../../i18n/staff-zh.js'
import { type FieldSpec, INSTRUMENT_FIELD_SPECS, type ScalarFieldName } from './instrument-field-specs.js'

/*
 * The instrument form's values as the browser sends them (strings), turned into the API's shape and checked by the
 * very schema the API uses; every rule that spans fields (the slot grid, min ≤ max, the opening hours) is the
 * service's, and its validation errors come back with paths that the form shows beside the same fields. Field by
 * field this follows the schema (instrument-field-specs.ts): a new setting needs nothing here.
 */

/** One row of the opening-hours editor, as typed. */
export interface HoursRow {
  weekday: string
  open: string
  close: string
}

/** The form's state: what to show in each field (re-rendered as typed after an error). */
export interface InstrumentFormValues {
  /** each one-value field as typed; a ticked box is '1', an unticked one '' */
  fields: Record<ScalarFieldName, string>
  hours: HoursRow[]
  /** The version the editor saw: a stale form is refused (precondition-failed), never silently applied. */
  version: string
}

/** A field's error: a catalogue key, or the service's own sentence (cross-field rules). */
export type FieldError = { key: StaffKey } | { detail: string }
export type FieldErrors = Record<string, FieldError>

/** Blank rows the editor always offers: filling one adds an opening period, clearing one removes it. */
export const SPARE_ROWS = 2
const MAX_ROWS = 100

const textOf = (spec: FieldSpec, value: unknown) =>
  spec.kind === 'boolean' ? (value ? '1' : '') : value === null || value === undefined ? '' : String(value)

/** A new instrument starts on the API's defaults (its shortest booking is one slot). */
const NEW_INSTRUMENT: Partial<Record<ScalarFieldName, unknown>> = {
  ...INSTRUMENT_DEFAULTS,
  minMinutes: INSTRUMENT_DEFAULTS.slotMinutes,
}

export function formValuesOf(instrument: Instrument | null): InstrumentFormValues {
  const source: Partial<Record<ScalarFieldName, unknown>> = instrument ?? NEW_INSTRUMENT
  const fields = Object.fromEntries(INSTRUMENT_FIELD_SPECS.map((spec) => [spec.name, textOf(spec, source[spec.name])]))
  return {
    fields: fields as InstrumentFormValues['fields'],
    hours: (instrument?.openingHours ?? []).map((p) => ({ weekday: String(p.weekday), open: p.open, close: p.close })),
    version: String(instrument?.version ?? 0),
  }
}

/** The rows posted as `hours.<i>.weekday|open|close` (+ `hours.<i>.remove`), in index order, removed ones dropped. */
export function hoursRowsOf(fields: Record<string, string>): HoursRow[] {
  const rows = new Map<number, HoursRow & { remove: boolean }>()
  for (const [name, value] of Object.entries(fields)) {
    const match = /^hours\.(\d{1,3})\.(weekday|open|close|remove)$/.exec(name)
    if (!match) continue
    const index = Number(match[1])
    const row = rows.get(index) ?? { weekday: '', open: '', close: '', remove: false }
    if (match[2] === 'remove') row.remove = value !== ''
    else row[match[2] as 'weekday' | 'open' | 'close'] = value.trim()
    rows.set(index, row)
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => !row.remove)
    .map(({ weekday, open, close }) => ({ weekday, open, close }))
    .slice(0, MAX_ROWS)
}

/** A row that is not blank: the editor's spare rows stay blank when unused. */
const isFilled = (row: HoursRow) => row.open !== '' || row.close !== ''

/** What the browser posted; an unticked box is absent, a blank text falls back to its default (the time zone). */
export function formValuesFrom(posted: Record<string, string>): InstrumentFormValues {
  const typedValue = (spec: FieldSpec) => {
    if (spec.kind === 'boolean') return posted[spec.name] !== undefined ? '1' : ''
    const typed = (posted[spec.name] ?? '').trim()
    const fallback = spec.kind === 'text' ? NEW_INSTRUMENT[spec.name] : undefined
    return typed === '' && typeof fallback === 'string' ? fallback : typed
  }
  const fields = Object.fromEntries(INSTRUMENT_FIELD_SPECS.map((spec) => [spec.name, typedValue(spec)]))
  return {
    fields: fields as InstrumentFormValues['fields'],
    hours: hoursRowsOf(posted).filter(isFilled),
    version: (posted.version ?? '').trim(),
  }
}

/** A whole number as typed, or the text itself, which the schema then refuses as not a number. */
const numberOrText = (text: string): number | string => (/^\d{1,12}$/.test(text) ? Number(text) : text)

function inputOf(spec: FieldSpec, text: string): unknown {
  if (spec.kind === 'boolean') return text !== ''
  if (spec.kind === 'number') return text === '' && !spec.required ? null : numberOrText(text)
  return text
}

const SPECS = new Map(INSTRUMENT_FIELD_SPECS.map((spec) => [spec.name as string, spec]))

/** The message of a schema failure on one field of the form. */
function keyOfIssue(path: readonly PropertyKey[], code: string): StaffKey {
  const [field = '', , leaf] = path.map(String)
  const spec = SPECS.get(field)
  if (!spec) return leaf === 'weekday' ? 'staff.form.choose' : 'staff.form.time' // the opening hours' rows
  if (spec.kind === 'choice') return 'staff.form.choose'
  if (spec.kind === 'number') return 'staff.form.wholeNumber'
  return code === 'too_big' ? 'staff.form.tooLong' : code === 'custom' ? 'staff.form.plainText' : 'staff.form.required'
}

/** The form's field name of a schema path (`openingHours.2.close` is the editor's row `hours.2.close`). */
const formFieldOf = (path: readonly PropertyKey[] | string) =>
  (typeof path === 'string' ? path : path.map(String).join('.')).replace(/^openingHours\./, 'hours.')

/**
 * The service input of a filled form, or the field errors of its shape. Opening-hours errors use the row
 * index of `values.hours` (`hours.2.close`), as the service's `openingHours.2.close` does.
 */
export function parseInstrumentForm(
  values: InstrumentFormValues,
): { ok: true; input: InstrumentFieldValues } | { ok: false; errors: FieldErrors } {
  const input = Object.fromEntries(
    INSTRUMENT_FIELD_SPECS.map((spec) => [spec.name, inputOf(spec, values.fields[spec.name])]),
  )
  const result = InstrumentFields.safeParse({
    ...input,
    openingHours: values.hours.map((row) => ({ weekday: numberOrText(row.weekday), open: row.open, close: row.close })),
  })
  if (result.success) return { ok: true, input: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues)
    errors[formFieldOf(issue.path)] ??= { key: keyOfIssue(issue.path, issue.code) }
  return { ok: false, errors }
}

/** The service's validation errors (`openingHours.2.close`, `minMinutes`) as form field errors; null for others. */
export function fieldErrorsOf(error: AppError): FieldErrors | null {
  if (error.code !== 'validation') return null
  const list = error.extra.errors
  if (!Array.isArray(list)) return null
  const errors: FieldErrors = {}
  for (const item of list as { path?: unknown; message?: unknown; code?: unknown }[]) {
    if (typeof item.path !== 'string') continue
    // A rule with a code is said in the page's language; anything else keeps the service's sentence.
    const key = `staff.rule.${String(item.code)}`
    errors[formFieldOf(item.path)] ??= isStaffKey(key) ? { key } : { detail: String(item.message ?? '') }
  }
  return errors
}
