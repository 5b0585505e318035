import { Field, type Option } from '../../components/field.js'
import type { Ui } from '../../env.js'
import { isMessageKey } from '../../i18n/index.js'
import { type Bilingual, INSTRUMENT_FIELD_LABELS } from '../../i18n/instrument-fields.js'
import type { FieldSpec } from './instrument-field-specs.js'
import type { FieldError } from './instrument-form-values.js'

/** A field's label in the page's language (its name, should the labels file lack it). */
export const fieldLabel = (ui: Ui, name: keyof typeof INSTRUMENT_FIELD_LABELS): string =>
  (INSTRUMENT_FIELD_LABELS[name] as Bilingual | undefined)?.[ui.lang] ?? name

/** The name of one option of a choice: from the labels file, or the message catalogue its prefix names. */
export function optionLabel(ui: Ui, spec: FieldSpec, value: string): string {
  const options: unknown = (INSTRUMENT_FIELD_LABELS[spec.name] as { options?: unknown } | undefined)?.options
  if (typeof options === 'string') {
    const key = `${options}.${value}`
    return isMessageKey(key) ? ui.t(key) : value
  }
  const names = options as Record<string, { zh: string; en: string }> | undefined
  return names?.[value]?.[ui.lang] ?? value
}

export function errorMessage(ui: Ui, error: FieldError | undefined): string | undefined {
  if (!error) return undefined
  return 'key' in error ? ui.t(error.key) : `${ui.t('staff.form.rule')} ${error.detail}`
}

/** One field of the instrument form, drawn from its spec (its zod type) and its label. */
export function SchemaField(props: { ui: Ui; spec: FieldSpec; value: string; error?: FieldError }) {
  const { ui, spec } = props
  const common = {
    id: `f-${spec.name}`,
    name: spec.name,
    label: fieldLabel(ui, spec.name),
    value: props.value,
    required: spec.required,
    error: errorMessage(ui, props.error),
  }
  switch (spec.kind) {
    case 'boolean':
      return <Field {...common} type="checkbox" value={undefined} checked={props.value !== ''} required={false} />
    case 'number':
      return (
        <Field
          {...common}
          type="number"
          attrs={{ inputmode: 'numeric', min: spec.min, max: spec.max, step: spec.integer ? 1 : 'any' }}
        />
      )
    case 'choice': {
      const options: Option[] = spec.options.map((value) => ({ value, label: optionLabel(ui, spec, value) }))
      const choose = { value: '', label: ui.t('staff.form.chooseOption') }
      return <Field {...common} type="select" options={spec.required ? [choose, ...options] : options} />
    }
    case 'text':
      return <Field {...common} type={spec.multiline ? 'textarea' : 'text'} attrs={{ maxlength: spec.maxLength }} />
  }
}
