import type { Db } from '../db/database.js'
import { isValidTimezone, validateOpeningHours } from '../domain/opening-hours.js'
import { INSTRUMENT_STATUSES, type Instrument, type User } from '../domain/types.js'
import { AppError, forbidden, notFound } from '../errors.js'
import { findInstitution } from '../repositories/institutions.js'
import {
  findInstrument,
  findInstrumentByAssetNumber,
  insertInstrument,
  listInstrumentEvents,
  listInstruments,
  updateInstrumentIfVersion,
} from '../repositories/instruments.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { INSTRUMENT_DEFAULTS, InstrumentFields, type NewInstrumentInput } from './inputs/instrument.js'

export type InstrumentInput = Omit<Instrument, 'id' | 'version'>
export type InstrumentChanges = Partial<Omit<Instrument, 'id' | 'version' | 'institutionId'>>

/** A new instrument's fields with API.md's defaults filled in (`minMinutes` defaults to its `slotMinutes`). */
export function withDefaults(input: NewInstrumentInput): InstrumentInput {
  const slotMinutes = input.slotMinutes ?? INSTRUMENT_DEFAULTS.slotMinutes
  return { ...INSTRUMENT_DEFAULTS, minMinutes: slotMinutes, ...input, slotMinutes }
}

/** Rules that span fields (the grid, min ≤ max, hours on the grid); single fields are checked by zod. */
export function instrumentRuleErrors(instrument: InstrumentInput) {
  const errors: { path: string; message: string; code: string }[] = validateOpeningHours(
    instrument.openingHours,
    instrument.slotMinutes,
  ).map((e) => ({ ...e, path: `openingHours.${e.path}` }))
  const add = (path: string, message: string, code: string) => errors.push({ path, message, code })
  if (!isValidTimezone(instrument.timezone)) add('timezone', 'not an IANA time zone', 'timezone')
  const slot = instrument.slotMinutes
  if (instrument.minMinutes % slot !== 0)
    add('minMinutes', `must be a multiple of slotMinutes (${slot})`, 'slot-multiple')
  if (instrument.maxMinutes % slot !== 0)
    add('maxMinutes', `must be a multiple of slotMinutes (${slot})`, 'slot-multiple')
  if (instrument.minMinutes > instrument.maxMinutes) add('minMinutes', 'must not exceed maxMinutes', 'min-max')
  return errors
}

function checkRules(instrument: InstrumentInput) {
  const errors = instrumentRuleErrors(instrument)
  if (errors.length > 0)
    throw new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
}

/** An asset number (资产编号) names one instrument of its institution: 409 duplicate when another has it. */
async function checkAssetNumberFree(db: Db, instrument: Pick<Instrument, 'institutionId' | 'assetNumber' | 'id'>) {
  if (instrument.assetNumber === null) return
  const holder = await findInstrumentByAssetNumber(db, instrument.institutionId, instrument.assetNumber)
  if (holder && holder.id !== instrument.id)
    throw new AppError(
      'duplicate',
      `The asset number ${instrument.assetNumber} (资产编号) belongs to another instrument of this institution: ${holder.name}.`,
    )
}

export async function getInstrument({ db }: Deps, id: string): Promise<Instrument> {
  const instrument = await findInstrument(db, id)
  if (!instrument) throw notFound('Instrument')
  return instrument
}

/** Every instrument of an institution, retired ones included, for its admin's pages. */
export async function institutionInstruments({ db }: Deps, actor: User, institutionId: string): Promise<Instrument[]> {
  if (!administers(actor, institutionId)) throw forbidden('Only the admin of this institution manages its instruments.')
  return listInstruments(db, { institutionId, statuses: [...INSTRUMENT_STATUSES], limit: 1000 })
}

export async function createInstrument(
  { db, clock }: Deps,
  actor: User,
  input: NewInstrumentInput,
): Promise<Instrument> {
  if (!(await findInstitution(db, input.institutionId))) throw notFound(`Institution ${input.institutionId}`)
  if (!administers(actor, input.institutionId))
    throw forbidden('Only the admin of this institution may list instruments for it.')
  const complete = withDefaults(input)
  checkRules(complete)
  const instrument: Instrument = { ...complete, id: newId(), version: 1 }
  await checkAssetNumberFree(db, instrument)
  await insertInstrument(db, instrument, clock())
  return instrument
}

/**
 * Partial update, guarded by the version the caller saw (If-Match) or the one just read, and
 * recorded in the instrument's audit trail in the same atomic batch. Existing reservations are
 * never touched: rules apply when a reservation is made or moved.
 */
export async function updateInstrument(
  { db, batch, clock }: Deps,
  actor: User,
  id: string,
  changes: InstrumentChanges,
  ifMatchVersion: number | null,
): Promise<Instrument> {
  const current = await findInstrument(db, id)
  if (!current) throw notFound('Instrument')
  if (!administers(actor, current.institutionId)) throw forbidden('Only the admin of its institution may change it.')
  if (ifMatchVersion !== null && ifMatchVersion !== current.version)
    throw new AppError('precondition-failed', 'The instrument has changed since you read it; fetch it again.')
  const { next, diff, changed } = planInstrumentUpdate(current, changes)
  checkRules(next)
  if (Object.keys(diff).length === 0) return current
  if (diff.assetNumber) await checkAssetNumberFree(db, next)
  const updated = await updateInstrumentIfVersion(
    db,
    batch,
    { id, version: current.version, changes: changed, diff },
    actor.id,
    clock(),
  )
  if (!updated)
    throw new AppError(
      'precondition-failed',
      'The instrument was changed by someone else at the same time; fetch it again.',
    )
  return next
}

/**
 * What a partial update makes of an instrument: the next version (a `minMinutes` that followed the old grid follows
 * the new one), the audit diff of the fields that really change, and their new values. Rules are not checked here.
 */
export function planInstrumentUpdate(current: Instrument, changes: InstrumentChanges) {
  const next: Instrument = { ...current, ...changes, version: current.version + 1 }
  if (
    changes.slotMinutes !== undefined &&
    changes.minMinutes === undefined &&
    current.minMinutes === current.slotMinutes
  )
    next.minMinutes = changes.slotMinutes
  const diff: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of Object.keys(InstrumentFields.shape) as (keyof typeof InstrumentFields.shape)[]) {
    if (JSON.stringify(current[field]) !== JSON.stringify(next[field]))
      diff[field] = { from: current[field], to: next[field] }
  }
  const changed = Object.fromEntries(Object.keys(diff).map((field) => [field, next[field as keyof Instrument]]))
  return { next, diff, changed }
}

/** The audit trail of an instrument's rule and field changes, for its institute admin. */
export async function instrumentHistory(deps: Deps, actor: User, id: string) {
  const instrument = await getInstrument(deps, id)
  if (!administers(actor, instrument.institutionId) && actor.role !== 'talent_office')
    throw forbidden('Only the admin of its institution may read its change history.')
  return listInstrumentEvents(deps.db, id)
}
