import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { InstrumentFields } from '../../src/services/inputs/instrument.js'
import { en } from '../../src/web/i18n/en.js'
import { INSTRUMENT_FIELD_LABELS } from '../../src/web/i18n/instrument-fields.js'
import { zh } from '../../src/web/i18n/zh.js'
import {
  fieldSpecOf,
  INSTRUMENT_FIELD_SPECS,
  type ScalarFieldName,
  type SchemaView,
} from '../../src/web/pages/admin/instrument-field-specs.js'
import { createWorld } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/*
 * The admin's instrument form is drawn from the API's schema (services/inputs/instrument.ts) and the one labels file
 * (i18n/instrument-fields.ts): a new setting needs a label there, and then appears in the form by itself.
 */

const SCHEMA_FIELDS = Object.keys(InstrumentFields.shape)
const LABELS: Record<string, { zh: string; en: string; group: string; options?: unknown }> = INSTRUMENT_FIELD_LABELS

describe('the labels of the instrument fields', () => {
  it('name every field of the schema in both languages, and no field the schema lacks', () => {
    const missing = SCHEMA_FIELDS.filter((name) => !LABELS[name]?.zh.trim() || !LABELS[name]?.en.trim())
    expect(missing, 'fields of InstrumentFields without a label in i18n/instrument-fields.ts').toEqual([])
    expect(Object.keys(LABELS).filter((name) => !SCHEMA_FIELDS.includes(name))).toEqual([])
  })

  it('name every option of every choice in both languages', () => {
    const unnamed: string[] = []
    for (const spec of INSTRUMENT_FIELD_SPECS) {
      if (spec.kind !== 'choice') continue
      const options = LABELS[spec.name]?.options
      for (const value of spec.options) {
        const names =
          typeof options === 'string'
            ? [
                (zh as Record<string, string>)[`${options}.${value}`],
                (en as Record<string, string>)[`${options}.${value}`],
              ]
            : [
                (options as Record<string, { zh?: string; en?: string }> | undefined)?.[value]?.zh,
                (options as Record<string, { zh?: string; en?: string }> | undefined)?.[value]?.en,
              ]
        if (names.some((name) => !name?.trim())) unnamed.push(`${spec.name}=${value}`)
      }
    }
    expect(unnamed).toEqual([])
  })

  it('put every one-value field in a fieldset of the form, and structured ones in their own editors', () => {
    const typeOf = (name: string) => {
      let schema = (InstrumentFields.shape as Record<string, SchemaView>)[name]!
      while (schema.unwrap && ['optional', 'nullable', 'default'].includes(schema.def.type)) schema = schema.unwrap()
      return schema.def.type
    }
    const EDITOR_OF: Record<string, string> = { array: 'hours', object: 'rates' }
    for (const name of SCHEMA_FIELDS) {
      const editor = EDITOR_OF[typeOf(name)]
      expect(LABELS[name]?.group, name).toEqual(editor ?? expect.stringMatching(/^(basics|rules)$/))
    }
    expect(INSTRUMENT_FIELD_SPECS.map((spec) => spec.name).sort()).toEqual(
      SCHEMA_FIELDS.filter((name) => !['hours', 'rates'].includes(LABELS[name]?.group ?? '')).sort(),
    )
  })
})

describe('a field drawn from its zod type', () => {
  const spec = (schema: z.ZodType, hasDefault = false) =>
    fieldSpecOf('requiresApproval' as ScalarFieldName, schema as unknown as SchemaView, { group: 'rules', hasDefault })

  it.each([
    [
      'a whole number with bounds',
      z.number().int().min(5).max(90),
      { kind: 'number', min: 5, max: 90, integer: true, required: true },
    ],
    ['a nullable number', z.number().min(0).nullable(), { kind: 'number', min: 0, integer: false, required: false }],
    ['a yes/no', z.boolean(), { kind: 'boolean' }],
    ['a choice', z.enum(['a', 'b']), { kind: 'choice', options: ['a', 'b'], required: true }],
    [
      'a short text',
      z.string().trim().max(200).min(1),
      { kind: 'text', maxLength: 200, multiline: false, required: true },
    ],
    ['a long text', z.string().max(5000), { kind: 'text', maxLength: 5000, multiline: true, required: false }],
  ] as const)('%s', (_, schema, expected) => {
    expect(spec(schema)).toMatchObject(expected)
  })

  it('a choice with a default need not be chosen', () => {
    expect(spec(z.enum(['a', 'b']), true)).toMatchObject({ kind: 'choice', required: false })
  })

  it('refuses a type it cannot draw, rather than leave the field out', () => {
    expect(() => spec(z.date())).toThrow(/no control for/)
  })
})

describe('the instrument form', () => {
  it.each(['zh', 'en'] as const)('shows every field of the schema with its %s label and its bounds', async (lang) => {
    const world = await createWorld()
    const admin = browser(world)
    admin.signInAs(world.accounts.adminNbu)
    const page = html(await admin.get(`/admin/instruments/new?lang=${lang}`))
    for (const field of INSTRUMENT_FIELD_SPECS) {
      expect(page.text(`label[for="f-${field.name}"]`), field.name).toBe(INSTRUMENT_FIELD_LABELS[field.name][lang])
      const control = page.one(`#f-${field.name}`)
      expect(control.getAttribute('name')).toBe(field.name)
      if (field.kind === 'number') {
        expect(control.getAttribute('type')).toBe('number')
        expect(control.getAttribute('min')).toBe(field.min === undefined ? undefined : String(field.min))
        expect(control.getAttribute('max')).toBe(field.max === undefined ? undefined : String(field.max))
      }
      if (field.kind === 'boolean') expect(control.getAttribute('type')).toBe('checkbox')
      if (field.kind === 'choice')
        expect(control.querySelectorAll('option').map((o) => o.getAttribute('value'))).toEqual([
          ...(field.required ? [''] : []),
          ...field.options,
        ])
      if (field.kind === 'text') expect(control.tagName).toBe(field.multiline ? 'TEXTAREA' : 'INPUT')
    }
    expect(page.text('legend')).toContain(INSTRUMENT_FIELD_LABELS.openingHours[lang])
    // the option names come from the catalogues: 自主上机 / Self-service
    expect(page.text('#f-mode option[value="self"]')).toBe(lang === 'zh' ? zh['mode.self'] : en['mode.self'])
  })
})
