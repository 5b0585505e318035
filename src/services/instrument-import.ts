import {
  categoryOfText,
  columnOfHeader,
  DEFAULT_IMPORTED_HOURS,
  REQUIRED_SHEET_FIELDS,
  SHEET_COLUMNS,
  type SheetField,
  wanYuanToYuan,
} from '../domain/instrument-sheet.js'
import { parseOpeningHoursText } from '../domain/opening-hours-text.js'
import { modelKey } from '../domain/recognition.js'
import type { Instrument, User } from '../domain/types.js'
import { AppError, forbidden } from '../errors.js'
import {
  IMPORT_RACE,
  type InstrumentChange,
  listAllInstrumentsOf,
  writeInstrumentImport,
} from '../repositories/instruments.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers, getInstitution } from './directory.js'
import { InstrumentChangesInput, NewInstrumentInput } from './inputs/instrument.js'
import { instrumentRuleErrors, planInstrumentUpdate, withDefaults } from './instruments.js'
import { readSpreadsheet } from './spreadsheet.js'

/*
 * `POST /instruments/import` and `npm run import`: an institution's instrument list in the national platform's shape
 * (domain/instrument-sheet.ts). Every row is checked first, with the same input schema and rules as the API; only a
 * sheet without a single error is written, in one atomic batch. A dry run checks and writes nothing.
 */

export interface ImportError {
  /** The spreadsheet's row number (the header is row 1). */
  row: number
  /** The header's name as the sheet writes it ('' when the error is about the whole row). */
  column: string
  message: string
  /** A stable code for pages to say it in their language. */
  code: 'missing-column' | 'duplicate-column' | 'invalid' | 'unknown-category' | 'duplicate-row' | 'ambiguous-match'
}

export interface ImportReport {
  /** What the rows without errors create, update or leave as they are (taken effect only when `written`). */
  created: number
  updated: number
  unchanged: number
  errors: ImportError[]
  dryRun: boolean
  /** true when the import took effect: not a dry run, and not a single error */
  written: boolean
}

export interface ImportOptions {
  dryRun: boolean
  /** Called as rows are checked (`checking`, done of total) and once the batch is written (`written`). */
  onProgress?: (phase: 'checking' | 'written', done: number, total: number) => void
}

/** Through the API: the institution's admin (or a platform admin) imports into its list. */
export async function importInstruments(
  deps: Deps,
  actor: User,
  institutionId: string,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const institution = await getInstitution(deps, institutionId)
  if (!administers(actor, institution.id))
    throw forbidden('Only the admin of this institution imports its instrument list.')
  return runImport(deps, actor.id, institution.id, bytes, options)
}

/** From the console (`npm run import`): the operator of the database acts, recorded as no user (null). */
export async function importInstrumentsAsOperator(
  deps: Deps,
  institutionId: string,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const institution = await getInstitution(deps, institutionId)
  return runImport(deps, null, institution.id, bytes, options)
}

interface Plan {
  created: Instrument[]
  updated: InstrumentChange[]
  unchanged: number
  errors: ImportError[]
}

async function runImport(
  deps: Deps,
  actorId: string | null,
  institutionId: string,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportReport> {
  const sheet = await readSpreadsheet(bytes)
  const existing = await listAllInstrumentsOf(deps.db, institutionId)
  const plan = planImport(sheet.rows, institutionId, existing, options.onProgress)
  const report = {
    created: plan.created.length,
    updated: plan.updated.length,
    unchanged: plan.unchanged,
    errors: plan.errors,
    dryRun: options.dryRun,
    written: false,
  }
  if (options.dryRun || plan.errors.length > 0) return report
  if (plan.created.length + plan.updated.length === 0) return { ...report, written: true }
  try {
    await writeInstrumentImport(deps.db, deps.batch, plan, actorId, deps.clock())
  } catch (error) {
    if (error instanceof Error && IMPORT_RACE.test(error.message))
      throw new AppError(
        'precondition-failed',
        'An instrument of this list was changed by someone else during the import; nothing was written: import again.',
      )
    throw error
  }
  options.onProgress?.('written', sheet.rows.length, sheet.rows.length)
  return { ...report, written: true }
}

const matchKey = (name: string, model: string) => `${name}\u0000${modelKey(model)}`

/** Checks every row against the schema, the rules and the institution's instruments; pure apart from ids. */
export function planImport(
  rows: readonly string[][],
  institutionId: string,
  existing: readonly Instrument[],
  onProgress?: ImportOptions['onProgress'],
): Plan {
  const plan: Plan = { created: [], updated: [], unchanged: 0, errors: [] }
  const headers = rows[0] ?? []
  const columns = new Map<SheetField, { index: number; header: string }>()
  headers.forEach((header, index) => {
    const column = columnOfHeader(header)
    if (!column) return // unknown columns are ignored
    if (columns.has(column.field))
      plan.errors.push({
        row: 1,
        column: header,
        message: `the column ${header} appears twice`,
        code: 'duplicate-column',
      })
    else columns.set(column.field, { index, header })
  })
  for (const field of REQUIRED_SHEET_FIELDS) {
    if (columns.has(field)) continue
    const header = SHEET_COLUMNS.find((c) => c.field === field)!.header
    plan.errors.push({ row: 1, column: header, message: `the sheet has no column ${header}`, code: 'missing-column' })
  }
  if (plan.errors.length > 0) return plan

  const headerOf = (field: string) => columns.get(field as SheetField)?.header ?? ''
  const byAssetNumber = new Map(existing.filter((i) => i.assetNumber !== null).map((i) => [i.assetNumber!, i]))
  const byNameAndModel = new Map<string, Instrument[]>()
  for (const instrument of existing) {
    const key = matchKey(instrument.name, instrument.model)
    byNameAndModel.set(key, [...(byNameAndModel.get(key) ?? []), instrument])
  }
  const seenRows = new Map<string, number>()

  for (let r = 1; r < rows.length; r++) {
    onProgress?.('checking', r, rows.length - 1)
    const cells = rows[r]!
    const rowNumber = r + 1
    const cell = (field: SheetField) => {
      const column = columns.get(field)
      return column ? (cells[column.index] ?? '').trim() : ''
    }
    if ([...columns.values()].every((column) => (cells[column.index] ?? '').trim() === '')) continue
    const rowErrors: ImportError[] = []
    const fail = (field: string, message: string, code: ImportError['code'] = 'invalid') =>
      rowErrors.push({ row: rowNumber, column: headerOf(field), message, code })

    // the cells given (an empty cell changes nothing; a new instrument takes the default)
    const given: Record<string, unknown> = {}
    for (const { field } of SHEET_COLUMNS) {
      const text = cell(field)
      if (text === '' || !columns.has(field)) continue
      if (field === 'category') {
        const category = categoryOfText(text)
        if (category) given.category = category
        else
          fail(
            field,
            `unknown category “${text}”: write a category name such as 电子光学仪器, or its code`,
            'unknown-category',
          )
      } else if (field === 'originalValue') {
        const yuan = wanYuanToYuan(text)
        if (yuan === null) fail(field, `“${text}” is not an amount in 万元 such as 450.5`)
        else given.originalValue = yuan
      } else if (field === 'openingHours') {
        const hours = parseOpeningHoursText(text)
        if (hours.ok) given.openingHours = hours.periods
        else fail(field, `开放时间 “${text}” ${hours.message}`)
      } else given[field] = text
    }

    // which instrument the row is: by 资产编号, else by name and model (among those without an asset number)
    const name = cell('name')
    const model = cell('model')
    const assetNumber = cell('assetNumber')
    const key = assetNumber !== '' ? `asset\u0000${assetNumber}` : `name\u0000${matchKey(name, model)}`
    const earlier = seenRows.get(key)
    if (earlier !== undefined)
      fail(assetNumber !== '' ? 'assetNumber' : 'name', `the same instrument as row ${earlier}`, 'duplicate-row')
    seenRows.set(key, rowNumber)
    let match = assetNumber !== '' ? byAssetNumber.get(assetNumber) : undefined
    if (!match && name !== '') {
      const alike = (byNameAndModel.get(matchKey(name, model)) ?? []).filter(
        (i) => assetNumber === '' || i.assetNumber === null,
      )
      if (alike.length > 1)
        fail(
          'name',
          `${alike.length} instruments are named ${name}${model ? ` (${model})` : ''}: give each row its 资产编号`,
          'ambiguous-match',
        )
      else match = alike[0]
    }

    const schemaErrors = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
      for (const issue of issues) {
        const field = String(issue.path[0] ?? '')
        // a cell already refused (an unknown category) is not refused again as missing
        if (!rowErrors.some((e) => e.column !== '' && e.column === headerOf(field))) fail(field, issue.message)
      }
    }
    if (match) {
      const parsed = InstrumentChangesInput.safeParse(given)
      if (!parsed.success) schemaErrors(parsed.error.issues)
      else if (rowErrors.length === 0) {
        const { next, diff, changed } = planInstrumentUpdate(match, parsed.data)
        for (const e of instrumentRuleErrors(next)) fail(e.path.split('.')[0]!, e.message)
        if (rowErrors.length === 0) {
          if (Object.keys(diff).length === 0) plan.unchanged++
          else plan.updated.push({ id: match.id, version: match.version, changes: changed, diff })
        }
      }
    } else {
      const parsed = NewInstrumentInput.safeParse({ openingHours: DEFAULT_IMPORTED_HOURS, ...given, institutionId })
      if (!parsed.success) schemaErrors(parsed.error.issues)
      else if (rowErrors.length === 0) {
        const complete = withDefaults(parsed.data)
        for (const e of instrumentRuleErrors(complete)) fail(e.path.split('.')[0]!, e.message)
        if (rowErrors.length === 0) plan.created.push({ ...complete, id: newId(), version: 1 })
      }
    }
    plan.errors.push(...rowErrors)
  }
  return plan
}
