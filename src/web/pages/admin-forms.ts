import type { Instrument, OpeningPeriod } from '../../domain/types.js'
import type { AppError } from '../../errors.js'
import { INSTRUMENT_DEFAULTS, InstrumentFields, type InstrumentFieldValues } from '../../services/inputs/instrument.js'
import { isStaffKey, type StaffKey } from '../i18n/staff-zh.js'

/*
 * The instrument form of /admin: its values as the browser sends them (strings), turned into the API's shape and
 * checked by the very schema the API uses (services/inputs/instrument.ts); every rule that spans fields (the slot
 * grid, min ≤ max, the opening hours) is the service's, and its validation errors come back with paths that the
 * form shows beside the same fields.
 */

/** One row of the opening-hours editor, as typed. */
export interface HoursRow {
  weekday: string
  open: string
  close: string
}

export const NUMBER_FIELDS = [
  'slotMinutes',
  'minMinutes',
  'maxMinutes',
  'bufferMinutes',
  'noticeMinutes',
  'horizonDays',
] as const

/** The form's state: what to show in each field (re-rendered as typed after an error). */
export interface InstrumentFormValues {
  name: string
  model: string
  manufacturer: string
  location: string
  contact: string
  timezone: string
  specs: string
  functions: string
  category: string
  status: string
  mode: string
  originalValue: string
  slotMinutes: string
  minMinutes: string
  maxMinutes: string
  bufferMinutes: string
  noticeMinutes: string
  horizonDays: string
  requiresApproval: boolean
  requiresQualification: boolean
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

export function formValuesOf(instrument: Omit<Instrument, 'id' | 'institutionId'> | null): InstrumentFormValues {
  const base = instrument ?? {
    ...INSTRUMENT_DEFAULTS,
    name: '',
    category: '',
    minMinutes: INSTRUMENT_DEFAULTS.slotMinutes,
    openingHours: [] as OpeningPeriod[],
    version: 0,
  }
  return {
    name: base.name,
    model: base.model,
    manufacturer: base.manufacturer,
    location: base.location,
    contact: base.contact,
    timezone: base.timezone,
    specs: base.specs,
    functions: base.functions,
    category: base.category,
    status: base.status,
    mode: base.mode,
    originalValue: base.originalValue === null ? '' : String(base.originalValue),
    slotMinutes: String(base.slotMinutes),
    minMinutes: String(base.minMinutes),
    maxMinutes: String(base.maxMinutes),
    bufferMinutes: String(base.bufferMinutes),
    noticeMinutes: String(base.noticeMinutes),
    horizonDays: String(base.horizonDays),
    requiresApproval: base.requiresApproval,
    requiresQualification: base.requiresQualification,
    hours: base.openingHours.map((p) => ({ weekday: String(p.weekday), open: p.open, close: p.close })),
    version: String(base.version),
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

export function formValuesFrom(fields: Record<string, string>): InstrumentFormValues {
  const get = (name: string) => (fields[name] ?? '').trim()
  return {
    name: get('name'),
    model: get('model'),
    manufacturer: get('manufacturer'),
    location: get('location'),
    contact: get('contact'),
    timezone: get('timezone') || INSTRUMENT_DEFAULTS.timezone,
    specs: (fields.specs ?? '').trim(),
    functions: (fields.functions ?? '').trim(),
    category: get('category'),
    status: get('status'),
    mode: get('mode'),
    originalValue: get('originalValue'),
    slotMinutes: get('slotMinutes'),
    minMinutes: get('minMinutes'),
    maxMinutes: get('maxMinutes'),
    bufferMinutes: get('bufferMinutes'),
    noticeMinutes: get('noticeMinutes'),
    horizonDays: get('horizonDays'),
    requiresApproval: fields.requiresApproval !== undefined,
    requiresQualification: fields.requiresQualification !== undefined,
    hours: hoursRowsOf(fields).filter(isFilled),
    version: get('version'),
  }
}

/** A whole number as typed, or the text itself, which the schema then refuses as not a number. */
const numberOrText = (text: string): number | string => (/^\d{1,12}$/.test(text) ? Number(text) : text)

export type ParsedInstrument = InstrumentFieldValues

const ENUM_FIELDS = new Set(['category', 'status', 'mode'])
const NUMERIC_FIELDS = new Set<string>([...NUMBER_FIELDS, 'originalValue'])

/** The message of a schema failure on one field of the form. */
function keyOfIssue(path: readonly PropertyKey[], code: string): StaffKey {
  const [field, , leaf] = path.map(String)
  if (field === 'openingHours') return leaf === 'weekday' ? 'staff.form.choose' : 'staff.form.time'
  if (field !== undefined && ENUM_FIELDS.has(field)) return 'staff.form.choose'
  if (field !== undefined && NUMERIC_FIELDS.has(field)) return 'staff.form.wholeNumber'
  return code === 'too_big' ? 'staff.form.tooLong' : code === 'custom' ? 'staff.form.plainText' : 'staff.form.required'
}

/** The form's field name of a schema path (`openingHours.2.close` is the editor's row `hours.2.close`). */
const formFieldOf = (path: readonly PropertyKey[]) =>
  path
    .map(String)
    .join('.')
    .replace(/^openingHours\./, 'hours.')

/**
 * The service input of a filled form, or the field errors of its shape. Opening-hours errors use the row
 * index of `values.hours` (`hours.2.close`), as the service's `openingHours.2.close` does.
 */
export function parseInstrumentForm(
  values: InstrumentFormValues,
): { ok: true; input: ParsedInstrument } | { ok: false; errors: FieldErrors } {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((name) => [name, numberOrText(values[name])]))
  const result = InstrumentFields.safeParse({
    name: values.name,
    model: values.model,
    manufacturer: values.manufacturer,
    category: values.category,
    originalValue: values.originalValue === '' ? null : numberOrText(values.originalValue),
    location: values.location,
    specs: values.specs,
    functions: values.functions,
    contact: values.contact,
    status: values.status,
    mode: values.mode,
    timezone: values.timezone,
    openingHours: values.hours.map((row) => ({ weekday: numberOrText(row.weekday), open: row.open, close: row.close })),
    ...numbers,
    requiresApproval: values.requiresApproval,
    requiresQualification: values.requiresQualification,
  })
  if (result.success) return { ok: true, input: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues)
    errors[formFieldOf(issue.path)] ??= { key: keyOfIssue(issue.path, issue.code) }
  return { ok: false, errors }
}

/** The service's validation errors (`openingHours.2.close`, `minMinutes`) as form field errors. */
export function fieldErrorsOf(error: AppError): FieldErrors | null {
  if (error.code !== 'validation') return null
  const list = error.extra.errors
  if (!Array.isArray(list)) return null
  const errors: FieldErrors = {}
  for (const item of list as { path?: unknown; message?: unknown; code?: unknown }[]) {
    if (typeof item.path !== 'string') continue
    const path = item.path.replace(/^openingHours\./, 'hours.')
    // A rule with a code is said in the page's language; anything else keeps the service's sentence.
    const key = `staff.rule.${String(item.code)}`
    errors[path] ??= isStaffKey(key) ? { key } : { detail: String(item.message ?? '') }
  }
  return errors
}
