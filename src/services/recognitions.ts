import { initialStatus, recognitionInForce, sameCategoryAndModel } from '../domain/recognition.js'
import type { Institution, Instrument, ReservationStatus, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import { findInstitution, listInstitutions } from '../repositories/institutions.js'
import {
  countQualificationHolders,
  findRecognition,
  hasApprovedBookingUnderRecognition,
  insertRecognitionIfNew,
  listInstrumentsOfCategory,
  listRecognitionEvents,
  listRecognitions,
  listRecognitionsInForce,
  qualifiedInstrumentIds,
  type Recognition,
  revokeRecognitionIfUnrevoked,
} from '../repositories/recognitions.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { getInstrument } from './instruments.js'

/*
 * Qualification recognition (资格互认, DOMAIN.md): who may recognise whom for which instrument, the candidates the
 * platform finds, and whether a researcher may book through a recognition. The booking itself stays in
 * reservations.ts; the own qualification granted on completion is written by the completing move.
 */

export interface RecognitionView extends Recognition {
  issuingInstitution: Institution
  inForce: boolean
}

const view = (recognition: Recognition, institutions: Map<string, Institution>, now: number): RecognitionView => ({
  ...recognition,
  issuingInstitution: institutions.get(recognition.issuingInstitutionId)!,
  inForce: recognitionInForce(recognition, now),
})

async function institutionsById({ db }: Deps) {
  return new Map((await listInstitutions(db)).map((i) => [i.id, i]))
}

/** Recognises, for one instrument, the qualifications another institution grants (its institute admin). */
export async function recognise(
  deps: Deps,
  actor: User,
  instrumentId: string,
  input: { issuingInstitutionId: string; expiresAt: number | null },
): Promise<RecognitionView> {
  const instrument = await getInstrument(deps, instrumentId)
  const issuer = await findInstitution(deps.db, input.issuingInstitutionId)
  if (!issuer) throw notFound(`Institution ${input.issuingInstitutionId}`)
  if (!administers(actor, instrument.institutionId))
    throw forbidden('Only the admin of the instrument’s institution recognises qualifications for it.')
  const now = deps.clock()
  if (input.expiresAt !== null && input.expiresAt <= now) throw invalid('expiresAt', 'must lie in the future')
  if (issuer.id === instrument.institutionId)
    throw new AppError('rule-violation', 'An institution does not recognise its own qualifications: it grants them.', {
      rule: 'own-institution',
    })
  const recognition: Recognition = {
    id: newId(),
    instrumentId: instrument.id,
    issuingInstitutionId: issuer.id,
    createdBy: actor.id,
    createdAt: now,
    expiresAt: input.expiresAt,
    revokedBy: null,
    revokedAt: null,
  }
  if (!(await insertRecognitionIfNew(deps.db, deps.batch, recognition, now)))
    throw new AppError('duplicate', `The qualifications of ${issuer.name} are already recognised for this instrument.`)
  return { ...recognition, issuingInstitution: issuer, inForce: true }
}

/** Every recognition of an instrument, revoked and expired ones too (anyone may read them). */
export async function recognitionsOf(deps: Deps, instrumentId: string): Promise<RecognitionView[]> {
  const instrument = await getInstrument(deps, instrumentId)
  const [recognitions, institutions] = await Promise.all([
    listRecognitions(deps.db, instrument.id),
    institutionsById(deps),
  ])
  const now = deps.clock()
  return recognitions.map((r) => view(r, institutions, now))
}

async function recognitionOf(deps: Deps, instrumentId: string, recognitionId: string) {
  const instrument = await getInstrument(deps, instrumentId)
  const recognition = await findRecognition(deps.db, recognitionId)
  if (!recognition || recognition.instrumentId !== instrument.id) throw notFound('Recognition')
  return { instrument, recognition }
}

/**
 * Revokes a recognition: no new booking may be made under it; reservations made under it stay as they are (and a
 * completed one still grants the own qualification). Revoking twice is 409 invalid-transition.
 */
export async function revokeRecognition(deps: Deps, actor: User, instrumentId: string, recognitionId: string) {
  const { instrument, recognition } = await recognitionOf(deps, instrumentId, recognitionId)
  if (!administers(actor, instrument.institutionId))
    throw forbidden('Only the admin of the instrument’s institution revokes its recognitions.')
  if (!(await revokeRecognitionIfUnrevoked(deps.db, deps.batch, recognition.id, actor.id, deps.clock())))
    throw new AppError('invalid-transition', 'This recognition is revoked already.')
}

/** Who may read the recognitions' details and candidates: its institute admin, and talent offices (they read all). */
function mayInspect(actor: User, instrument: Instrument) {
  if (!administers(actor, instrument.institutionId) && actor.role !== 'talent_office')
    throw forbidden('Only the admin of the instrument’s institution sees this.')
}

/** The audit trail of one recognition: recognised, bookings under it, qualifications it led to, revoked. */
export async function recognitionHistory(deps: Deps, actor: User, instrumentId: string, recognitionId: string) {
  const { instrument, recognition } = await recognitionOf(deps, instrumentId, recognitionId)
  mayInspect(actor, instrument)
  return listRecognitionEvents(deps.db, recognition.id)
}

export interface RecognitionCandidate {
  institution: Institution
  /** Its instruments of the same category and model on which someone holds an unexpired qualification. */
  instruments: { id: string; name: string; model: string; qualifiedPeople: number }[]
  qualifiedPeople: number
  /** The recognition of this institution in force for the instrument, if any. */
  recognitionId: string | null
}

/**
 * The institutions whose qualifications could be recognised for this instrument, found by the platform: other
 * institutions that own instruments of the same category and model on which people hold unexpired
 * qualifications. Most qualified people first.
 */
export async function recognitionCandidates(
  deps: Deps,
  actor: User,
  instrumentId: string,
): Promise<RecognitionCandidate[]> {
  const instrument = await getInstrument(deps, instrumentId)
  mayInspect(actor, instrument)
  const now = deps.clock()
  const alike = (await listInstrumentsOfCategory(deps.db, instrument.category)).filter(
    (other) => other.institutionId !== instrument.institutionId && sameCategoryAndModel(instrument, other),
  )
  const [holders, institutions, inForce] = await Promise.all([
    countQualificationHolders(
      deps.db,
      alike.map((i) => i.id),
      now,
    ),
    institutionsById(deps),
    listRecognitionsInForce(deps.db, instrument.id, now),
  ])
  const byInstitution = new Map<string, RecognitionCandidate>()
  for (const other of alike) {
    const qualifiedPeople = holders.get(other.id) ?? 0
    if (qualifiedPeople === 0) continue
    const candidate = byInstitution.get(other.institutionId) ?? {
      institution: institutions.get(other.institutionId)!,
      instruments: [],
      qualifiedPeople: 0,
      recognitionId: inForce.find((r) => r.issuingInstitutionId === other.institutionId)?.id ?? null,
    }
    candidate.instruments.push({ id: other.id, name: other.name, model: other.model, qualifiedPeople })
    candidate.qualifiedPeople += qualifiedPeople
    byInstitution.set(other.institutionId, candidate)
  }
  return [...byInstitution.values()].sort(
    (a, b) =>
      b.qualifiedPeople - a.qualifiedPeople ||
      a.institution.name.localeCompare(b.institution.name, 'zh-Hans-CN') ||
      a.institution.id.localeCompare(b.institution.id),
  )
}

/**
 * The recognition through which a researcher without the instrument's own qualification qualifies for it at `now`:
 * one in force whose issuing institution granted them a qualification, unexpired, on an instrument of the same
 * category and model (the oldest such recognition); null when there is none.
 */
export async function qualifyingRecognition(
  { db }: Deps,
  userId: string,
  instrument: Instrument,
  now: number,
): Promise<string | null> {
  const recognitions = await listRecognitionsInForce(db, instrument.id, now)
  if (recognitions.length === 0) return null
  const issuers = [...new Set(recognitions.map((r) => r.issuingInstitutionId))]
  const alike = (await listInstrumentsOfCategory(db, instrument.category, issuers)).filter((other) =>
    sameCategoryAndModel(instrument, other),
  )
  if (alike.length === 0) return null
  const held = await qualifiedInstrumentIds(
    db,
    userId,
    alike.map((i) => i.id),
    now,
  )
  const issuersHeld = new Set(alike.filter((i) => held.has(i.id)).map((i) => i.institutionId))
  return recognitions.find((r) => issuersHeld.has(r.issuingInstitutionId))?.id ?? null
}

/** The status a new booking starts in: see `initialStatus` (the first booking under a recognition waits). */
export async function bookingStatus(
  { db }: Deps,
  instrument: Instrument,
  userId: string,
  recognitionId: string | null,
): Promise<ReservationStatus> {
  const underRecognition = recognitionId !== null
  return initialStatus({
    requiresApproval: instrument.requiresApproval,
    underRecognition,
    approvedUnderRecognitionBefore:
      underRecognition && (await hasApprovedBookingUnderRecognition(db, instrument.id, userId)),
  })
}
