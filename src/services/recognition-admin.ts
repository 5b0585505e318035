import type { Instrument, User } from '../domain/types.js'
import { forbidden, notFound } from '../errors.js'
import { listRecognitionEvents } from '../repositories/recognitions.js'
import { listUsersByIds } from '../repositories/users.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { getInstrument } from './instruments.js'
import { type RecognitionView, recognitionCandidates, recognitionsOf } from './recognitions.js'

/*
 * What the instrument's admin reads about its recognitions (资格互认), with the people named: who recognised and who
 * revoked (admins), and who booked under a recognition and was qualified by it (researchers on its own instrument,
 * whom its admin sees in its queue anyway). The rules themselves are in recognitions.ts.
 */

/** A person as the recognition pages name them. */
export interface NamedPerson {
  name: string
  institutionId: string | null
}

async function namesOf({ db }: Deps, ids: readonly (string | null)[]): Promise<Map<string, NamedPerson>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  const users = wanted.length === 0 ? [] : await listUsersByIds(db, wanted)
  return new Map(users.map((u) => [u.id, { name: u.name, institutionId: u.institutionId }]))
}

async function administered(deps: Deps, actor: User, instrumentId: string): Promise<Instrument> {
  const instrument = await getInstrument(deps, instrumentId)
  if (!administers(actor, instrument.institutionId))
    throw forbidden('Only the admin of the instrument’s institution manages its recognitions.')
  return instrument
}

/** The instrument's recognitions (newest first, revoked and expired too) and the institutions it could recognise. */
export async function recognitionsForAdmin(deps: Deps, actor: User, instrumentId: string) {
  const instrument = await administered(deps, actor, instrumentId)
  const [recognitions, candidates] = await Promise.all([
    recognitionsOf(deps, instrument.id),
    recognitionCandidates(deps, actor, instrument.id),
  ])
  const people = await namesOf(
    deps,
    recognitions.flatMap((r) => [r.createdBy, r.revokedBy]),
  )
  return { recognitions, candidates, people }
}

/** One recognition of the instrument with its every step in time order, and the people named in them. */
export async function recognitionForAdmin(
  deps: Deps,
  actor: User,
  instrumentId: string,
  recognitionId: string,
): Promise<{
  instrument: Instrument
  recognition: RecognitionView
  events: RecognitionEvent[]
  people: Map<string, NamedPerson>
}> {
  const instrument = await administered(deps, actor, instrumentId)
  const recognition = (await recognitionsOf(deps, instrument.id)).find((r) => r.id === recognitionId)
  if (!recognition) throw notFound('Recognition')
  // by time: the demo writes a history's bookings before the qualifications they led to (ties keep their order)
  const events = (await listRecognitionEvents(deps.db, recognition.id)).sort((a, b) => a.at - b.at)
  const people = await namesOf(deps, [
    recognition.createdBy,
    recognition.revokedBy,
    ...events.flatMap((e) => [e.actorId, e.userId]),
  ])
  return { instrument, recognition, events, people }
}

export type RecognitionEvent = Awaited<ReturnType<typeof listRecognitionEvents>>[number]
