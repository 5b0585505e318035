/**
 * The demo's qualification recognition (资格互认): 宁波东方理工大学 (eit) recognises, for its Apreo 2 SEM, the
 * qualifications 浙江海洋大学 (zjou) grants on its own Apreo 2. Zhoushan researchers who book the Ningbo Apreo after
 * that were trained in Zhoushan: their bookings until the first completed one are made under the recognition (the
 * first waits for the admin's approval), and that completion grants the Ningbo instrument's own qualification.
 * `researcher.zs@demo.yz` is trained on the Zhoushan Apreo but has never booked the Ningbo one, so a visitor can
 * walk the journey: book it without training, pending first, then confirmed at once. Pure and deterministic.
 */
import { DEMO_INSTRUMENTS, DEMO_USERS, demoInstitution } from './demo-catalogue.js'
import type { PlannedReservation } from './demo-history.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export const RECOGNISING_INSTRUMENT = 'eit-fesem-1'
export const RECOGNISED_INSTRUMENT = 'zjou-fesem-1'
export const RECOGNISED_INSTITUTION = 'zjou'
/** The journey's login: trained in Zhoushan, never booked in Ningbo. */
export const JOURNEY_LOGIN = 'researcher.zs@demo.yz'

export interface PlannedRecognition {
  instrument: number
  issuer: string
  createdAt: number
  /** Reservations (indexes into the plan) made under the recognition. */
  underRecognition: number[]
  /** Own qualifications of the recognising instrument granted by it: user → when (the completion). */
  grantedByRecognition: Map<number, number>
  /** Qualifications on the recognised instrument the researchers must hold: user → granted at. */
  trainedAt: Map<number, number>
}

const indexOf = (key: string) => {
  const index = DEMO_INSTRUMENTS.findIndex((instrument) => instrument.key === key)
  if (index < 0) throw new Error(`demo recognition: no instrument ${key}`)
  return index
}

/**
 * Marks the reservations made under the recognition (rewriting the first of each researcher to wait for approval)
 * and says which qualifications it implies. `reservations` is changed in place.
 */
export function planRecognition(reservations: PlannedReservation[], launch: number): PlannedRecognition {
  const instrument = indexOf(RECOGNISING_INSTRUMENT)
  const zhoushan = (user: number) => {
    const institution = DEMO_USERS[user]!.institution
    return institution !== null && demoInstitution(institution).city === 'zhoushan'
  }
  const booked = reservations
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.instrument === instrument && zhoushan(r.user) && DEMO_USERS[r.user]!.email !== JOURNEY_LOGIN)
    .sort((a, b) => a.r.createdAt - b.r.createdAt)
  const createdAt = Math.max(launch + DAY, (booked[0]?.r.createdAt ?? launch + 30 * DAY) - 3 * DAY)
  const plan: PlannedRecognition = {
    instrument,
    issuer: RECOGNISED_INSTITUTION,
    createdAt,
    underRecognition: [],
    grantedByRecognition: new Map(),
    trainedAt: new Map(),
  }
  const approved = new Set<number>()
  for (const { r, index } of booked) {
    if (plan.grantedByRecognition.has(r.user)) continue // qualified on the instrument itself by now
    plan.trainedAt.set(r.user, Math.min(plan.trainedAt.get(r.user) ?? createdAt - 30 * DAY, createdAt - 30 * DAY))
    plan.underRecognition.push(index)
    const first = r.events[0]
    if (!approved.has(r.user) && first?.from === null && first.to === 'confirmed') {
      // the first booking under a recognition waits for the admin, who approved it
      const decidedAt = Math.max(r.createdAt + 60_000, Math.min(r.createdAt + 2 * HOUR, r.start - HOUR))
      r.events.splice(
        0,
        1,
        { ...first, to: 'pending' },
        {
          at: decidedAt,
          from: 'pending',
          to: 'confirmed',
          actor: 'admin',
          reason: null,
        },
      )
      r.decidedAt = decidedAt
      approved.add(r.user)
    }
    if (r.status === 'completed') plan.grantedByRecognition.set(r.user, r.actualEnd ?? r.end)
  }
  return plan
}

export const recognisedInstrumentIndex = () => indexOf(RECOGNISED_INSTRUMENT)
