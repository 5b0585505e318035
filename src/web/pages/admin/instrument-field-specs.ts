import {
  INSTRUMENT_DEFAULTS,
  InstrumentFields,
  type InstrumentFieldValues,
} from '../../../services/inputs/instrument.js'
import { INSTRUMENT_FIELD_LABELS, type InstrumentFieldName } from '../../i18n/instrument-fields.js'

/*
 * The admin's instrument form, read off the schema the API validates with (services/inputs/instrument.ts): each field
 * becomes a control by its zod type — a whole number a number input with the schema's bounds, a yes/no a checkbox, a
 * choice a select, a text a text input (a textarea when it may be long) — so a new setting needs no page code, only
 * its label (i18n/instrument-fields.ts). Structured values (the opening hours, the rate card) have their own editors.
 */

/** The fields with one value each (every field but the structured ones: the opening hours' list, the rate card). */
export type ScalarFieldName = {
  [K in InstrumentFieldName]: NonNullable<InstrumentFieldValues[K]> extends readonly unknown[] | Record<string, unknown>
    ? never
    : K
}[InstrumentFieldName]

interface SpecBase {
  name: ScalarFieldName
  group: (typeof INSTRUMENT_FIELD_LABELS)[ScalarFieldName]['group']
  required: boolean
}

export type FieldSpec = SpecBase &
  (
    | { kind: 'text'; maxLength?: number; multiline: boolean }
    | { kind: 'number'; min?: number; max?: number; integer: boolean }
    | { kind: 'boolean' }
    | { kind: 'choice'; options: readonly string[] }
  )

/** Texts that may be longer than this get a textarea. */
const LONG_TEXT = 1000

/** The parts of a zod schema this form reads (zod 4's own getters); nothing else of zod is relied on. */
export interface SchemaView {
  /** `in`: what a pipe (a schema with a transform) reads, which is what the form sends */
  def: { type: string; in?: SchemaView }
  unwrap?: () => SchemaView
  minLength?: number | null
  maxLength?: number | null
  minValue?: number | null
  maxValue?: number | null
  isInt?: boolean
  options?: readonly string[]
}

const bound = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? undefined : n)

/**
 * The control of one field, by its zod type; `group` is its fieldset, `hasDefault` whether a new instrument starts
 * with a value for it (a choice without one offers "choose…" first and must be chosen).
 */
export function fieldSpecOf(
  name: ScalarFieldName,
  schema: SchemaView,
  options: { group: FieldSpec['group']; hasDefault: boolean },
): FieldSpec {
  let inner = schema
  let required = true
  for (;;) {
    if (inner.def.type === 'pipe' && inner.def.in) inner = inner.def.in
    else if (['nullable', 'optional', 'default'].includes(inner.def.type) && inner.unwrap) {
      inner = inner.unwrap()
      required = false
    } else break
  }
  const base = { name, group: options.group, required }
  switch (inner.def.type) {
    case 'string':
      return {
        ...base,
        kind: 'text',
        required: required && (inner.minLength ?? 0) > 0,
        maxLength: bound(inner.maxLength),
        multiline: (inner.maxLength ?? Number.POSITIVE_INFINITY) > LONG_TEXT,
      }
    case 'number':
      return { ...base, kind: 'number', min: bound(inner.minValue), max: bound(inner.maxValue), integer: !!inner.isInt }
    case 'boolean':
      return { ...base, kind: 'boolean' }
    case 'enum':
      return { ...base, kind: 'choice', options: inner.options ?? [], required: required && !options.hasDefault }
    default:
      throw new Error(`The instrument form has no control for ${name} (a zod ${inner.def.type})`)
  }
}

/** A structured value (a list, an object) has an editor of its own, not one control. */
const isStructured = (schema: SchemaView): boolean =>
  ['array', 'object'].includes(schema.def.type) ||
  (['optional', 'nullable', 'default'].includes(schema.def.type) && !!schema.unwrap && isStructured(schema.unwrap()))

/** Every one-value field of the instrument, in the schema's order. */
export const INSTRUMENT_FIELD_SPECS: readonly FieldSpec[] = Object.entries(InstrumentFields.shape)
  .filter(([, schema]) => !isStructured(schema as SchemaView))
  .map(([name, schema]) =>
    fieldSpecOf(name as ScalarFieldName, schema as SchemaView, {
      // a field without a label (test/web/instrument-fields.test.ts fails then) still shows, among the rules
      group:
        (INSTRUMENT_FIELD_LABELS[name as ScalarFieldName] as { group?: FieldSpec['group'] } | undefined)?.group ??
        'rules',
      hasDefault: name in INSTRUMENT_DEFAULTS,
    }),
  )
