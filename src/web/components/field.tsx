import type { Child } from 'hono/jsx'

/*
 * The one form field of the pages: a label tied to its control, an optional hint and an optional error, both
 * announced with the control (aria-describedby) and the error marking it invalid (aria-invalid). Every form of the
 * pages is built from it, so that each input is labelled and each error is said beside its field.
 */

export interface Option {
  value: string
  label: string
}

/** Options under a heading (`<optgroup>`). */
export interface OptionGroup {
  group: string
  options: readonly Option[]
}

type InputType = 'text' | 'email' | 'password' | 'number' | 'search' | 'date' | 'datetime-local' | 'file'

export interface FieldProps {
  id: string
  name: string
  label: Child
  /** an `<input>` of that type (text by default), a `select`, a `textarea` or a `checkbox` before its label */
  type?: InputType | 'select' | 'textarea' | 'checkbox'
  value?: string
  checked?: boolean
  options?: readonly (Option | OptionGroup)[]
  hint?: Child
  error?: Child
  required?: boolean
  /** the label is read out but not shown (a cell of the opening-hours editor, whose column head says it) */
  hideLabel?: boolean
  /** the wrapper's classes besides `field`, e.g. `wide` in a grid of filters, `inline` beside a button */
  class?: string
  /** further attributes of the control: min, max, step, maxlength, pattern, autocomplete, inputmode, placeholder… */
  attrs?: Record<string, string | number | boolean | undefined>
}

const isGroup = (option: Option | OptionGroup): option is OptionGroup => 'group' in option

function Options({ options, value }: { options: readonly (Option | OptionGroup)[]; value: string | undefined }) {
  const one = (option: Option) => (
    <option value={option.value} selected={option.value === value}>
      {option.label}
    </option>
  )
  return (
    <>
      {options.map((option) =>
        isGroup(option) ? <optgroup label={option.group}>{option.options.map(one)}</optgroup> : one(option),
      )}
    </>
  )
}

function Control(props: FieldProps & { describedBy: string | undefined }) {
  const common = {
    id: props.id,
    name: props.name,
    required: props.required,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': props.describedBy,
    ...props.attrs,
  }
  switch (props.type) {
    case 'select':
      return (
        <select {...common}>
          <Options options={props.options ?? []} value={props.value} />
        </select>
      )
    case 'textarea':
      return <textarea {...common}>{props.value ?? ''}</textarea>
    case 'checkbox':
      return <input type="checkbox" value="1" checked={props.checked} {...common} />
    default:
      return <input type={props.type ?? 'text'} value={props.value} {...common} />
  }
}

export function Field(props: FieldProps) {
  const hintId = props.hint ? `${props.id}-hint` : undefined
  const errorId = props.error ? `${props.id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  const label = (
    <label for={props.id} class={props.hideLabel ? 'visually-hidden' : undefined}>
      {props.label}
    </label>
  )
  const control = <Control {...props} describedBy={describedBy} />
  const checkbox = props.type === 'checkbox'
  return (
    <div class={['field', checkbox ? 'check' : '', props.class ?? ''].filter(Boolean).join(' ')}>
      {checkbox ? control : label}
      {checkbox ? label : control}
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={errorId} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  )
}
