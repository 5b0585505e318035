import { parseYuan } from '../../../domain/money/fen.js'
import { daySpan } from '../../../domain/money/months.js'
import { INSTITUTION_KINDS } from '../../../domain/types.js'
import type { AppError } from '../../../errors.js'
import { toIso } from '../../../services/inputs/instant.js'
import { NewProgramInput, NewVoucherInput } from '../../../services/inputs/money.js'
import type { MessageKey } from '../../i18n/index.js'

/*
 * The talent offices' two forms as the browser sends them (strings, one checkbox per holder kind and provider city)
 * turned into the API's inputs and checked by the API's own schemas; amounts are typed in yuan and read exactly
 * into fen. Each failure is said beside its field, as a catalogue key or the service's own sentence.
 */

export type FormErrors = Record<string, { key: MessageKey } | { detail: string }>

export interface ProgramValues {
  name: string
  city: string
  coveragePercent: string
  fullCoverageBelow: string
  perUseCap: string
  perHolderYearCap: string
  holderKinds: string[]
  providerCities: string[]
  validFrom: string
  validTo: string
}

export interface GrantValues {
  programId: string
  holderInstitutionId: string
  amount: string
  expires: string
}

const ticked = (posted: Record<string, string>, prefix: string) =>
  Object.keys(posted)
    .filter((name) => name.startsWith(`${prefix}.`))
    .map((name) => name.slice(prefix.length + 1))

export function programValuesFrom(posted: Record<string, string>): ProgramValues {
  const text = (name: string) => (posted[name] ?? '').trim()
  return {
    name: text('name'),
    city: text('city'),
    coveragePercent: text('coveragePercent'),
    fullCoverageBelow: text('fullCoverageBelow'),
    perUseCap: text('perUseCap'),
    perHolderYearCap: text('perHolderYearCap'),
    holderKinds: ticked(posted, 'holderKinds'),
    providerCities: ticked(posted, 'providerCities'),
    validFrom: text('validFrom'),
    validTo: text('validTo'),
  }
}

export const grantValuesFrom = (posted: Record<string, string>): GrantValues => ({
  programId: (posted.programId ?? '').trim(),
  holderInstitutionId: (posted.holderInstitutionId ?? '').trim(),
  amount: (posted.amount ?? '').trim(),
  expires: (posted.expires ?? '').trim(),
})

/** The message of a schema failure on one of these forms' fields. */
function keyOf(field: string, code: string): MessageKey {
  if (['fullCoverageBelow', 'perUseCap', 'perHolderYearCap', 'amount'].includes(field))
    return code === 'too_big' ? 'money.form.tooMuch' : 'money.form.yuan'
  if (field === 'coveragePercent') return 'money.form.percent'
  if (['validFrom', 'validTo', 'expires'].includes(field)) return 'money.form.date'
  if (field === 'name') return code === 'too_big' ? 'staff.form.tooLong' : 'staff.form.required'
  return 'staff.form.choose'
}

/** A form field's name for a schema path (`fullCoverageBelowFen` is typed as `fullCoverageBelow`). */
const FIELD_OF: Record<string, string> = {
  fullCoverageBelowFen: 'fullCoverageBelow',
  perUseCapFen: 'perUseCap',
  perHolderYearCapFen: 'perHolderYearCap',
  amountFen: 'amount',
  expiresAt: 'expires',
}
const fieldOf = (path: readonly PropertyKey[] | string) => {
  const head = String(typeof path === 'string' ? path.split('.')[0] : path[0])
  return FIELD_OF[head] ?? head
}

type Parsed<T> = { ok: true; input: T } | { ok: false; errors: FormErrors }

function collect<T>(
  result: { success: boolean; data?: T; error?: { issues: { path: PropertyKey[]; code: string }[] } },
  errors: FormErrors,
): Parsed<T> {
  for (const issue of result.error?.issues ?? []) {
    const field = fieldOf(issue.path)
    errors[field] ??= { key: keyOf(field, issue.code) }
  }
  return result.success && Object.keys(errors).length === 0
    ? { ok: true, input: result.data as T }
    : { ok: false, errors }
}

/** An amount field: blank → null (none), yuan → fen, anything else an error on the field. */
function amountOf(text: string, field: string, errors: FormErrors): number | null {
  if (text === '') return null
  const fen = parseYuan(text)
  if (fen === null) errors[field] = { key: 'money.form.yuan' }
  return fen
}

export function parseProgramForm(values: ProgramValues): Parsed<NewProgramInput> {
  const errors: FormErrors = {}
  const input = {
    name: values.name,
    city: values.city,
    coveragePercent: /^\d{1,3}$/.test(values.coveragePercent) ? Number(values.coveragePercent) : values.coveragePercent,
    fullCoverageBelowFen: amountOf(values.fullCoverageBelow, 'fullCoverageBelow', errors),
    perUseCapFen: amountOf(values.perUseCap, 'perUseCap', errors),
    perHolderYearCapFen: amountOf(values.perHolderYearCap, 'perHolderYearCap', errors),
    holderKinds: values.holderKinds.filter((kind) => (INSTITUTION_KINDS as readonly string[]).includes(kind)),
    providerCities: values.providerCities.length === 0 ? null : values.providerCities,
    validFrom: values.validFrom,
    validTo: values.validTo,
  }
  return collect(NewProgramInput.safeParse(input), errors)
}

export function parseGrantForm(values: GrantValues): Parsed<NewVoucherInput> {
  const errors: FormErrors = {}
  const amountFen = values.amount === '' ? null : amountOf(values.amount, 'amount', errors)
  if (values.amount === '') errors.amount = { key: 'money.form.yuan' }
  // valid until the end of the day chosen, in Asia/Shanghai
  const day = daySpan(values.expires)
  if (!day) errors.expires = { key: 'money.form.date' }
  const input = {
    programId: values.programId,
    holderInstitutionId: values.holderInstitutionId,
    amountFen: amountFen ?? 0,
    expiresAt: day ? toIso(day.end - 1000) : '',
  }
  return collect(NewVoucherInput.safeParse(input), errors)
}

/** The service's refusal of a form as errors beside its fields (a validation's paths), or null for the others. */
export function formErrorsOf(error: AppError): FormErrors | null {
  if (error.code !== 'validation') return null
  const list = error.extra.errors
  if (!Array.isArray(list)) return null
  const errors: FormErrors = {}
  for (const item of list as { path?: unknown; message?: unknown }[])
    if (typeof item.path === 'string') errors[fieldOf(item.path)] ??= { detail: String(item.message ?? '') }
  return Object.keys(errors).length > 0 ? errors : null
}
