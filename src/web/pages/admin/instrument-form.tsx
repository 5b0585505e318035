import type { Institution } from '../../../domain/types.js'
import { Notice } from '../../components/notice.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import type { MessageKey } from '../../i18n/index.js'
import { type FieldSpec, INSTRUMENT_FIELD_SPECS } from './instrument-field-specs.js'
import type { FieldErrors, InstrumentFormValues } from './instrument-form-values.js'
import { OpeningHoursEditor } from './opening-hours-editor.js'
import { SchemaField } from './schema-field.js'

/*
 * The instrument form of /admin: every field of the schema (instrument-field-specs.ts) in its fieldset — the
 * details, the booking rules — then the opening-hours editor. Short fields share a grid; long texts and
 * checkboxes follow it on their own lines.
 */

const LEGEND: Record<'basics' | 'rules', MessageKey> = { basics: 'staff.form.basics', rules: 'instrument.rules' }

const inGrid = (spec: FieldSpec) => spec.kind !== 'boolean' && !(spec.kind === 'text' && spec.multiline)

function FieldGroup(props: { ui: Ui; group: 'basics' | 'rules'; values: InstrumentFormValues; errors: FieldErrors }) {
  const specs = INSTRUMENT_FIELD_SPECS.filter((spec) => spec.group === props.group)
  const field = (spec: FieldSpec) => (
    <SchemaField ui={props.ui} spec={spec} value={props.values.fields[spec.name]} error={props.errors[spec.name]} />
  )
  return (
    <fieldset>
      <legend>{props.ui.t(LEGEND[props.group])}</legend>
      <div class="filters">{specs.filter(inGrid).map(field)}</div>
      {specs.filter((spec) => spec.kind === 'text' && !inGrid(spec)).map(field)}
      {specs.filter((spec) => spec.kind === 'boolean').map(field)}
    </fieldset>
  )
}

export function InstrumentForm(props: {
  ui: Ui
  action: string
  values: InstrumentFormValues
  errors: FieldErrors
  spareRows: number
  institution: Institution
  backHref: string
}) {
  const { ui, values, errors } = props
  const stale = errors.version && 'detail' in errors.version ? errors.version.detail : null
  return (
    <PostForm ui={ui} action={props.action} class="stack">
      <Hidden name="version" value={values.version} />
      <Hidden name="institution" value={props.institution.id} />
      {stale ? (
        <Notice kind="error">{stale}</Notice>
      ) : Object.keys(errors).length > 0 ? (
        <Notice kind="error">{ui.t('error.validation')}</Notice>
      ) : null}
      <FieldGroup ui={ui} group="basics" values={values} errors={errors} />
      <FieldGroup ui={ui} group="rules" values={values} errors={errors} />
      <OpeningHoursEditor ui={ui} hours={values.hours} spareRows={props.spareRows} errors={errors} />
      <div class="actions">
        <button type="submit" name="intent" value="save">
          {ui.t('staff.form.save')}
        </button>
        <a href={props.backHref}>{ui.t('common.back')}</a>
      </div>
    </PostForm>
  )
}
