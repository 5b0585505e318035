import type { ReservationStatus } from './types.js'

/*
 * Qualification recognition (资格互认, DOMAIN.md): an institution recognises, for one of its instruments, the
 * qualifications another institution grants on instruments of the same category and model. Pure: `now` is always
 * an argument.
 */

/**
 * The form in which two models (型号) are compared: Unicode NFKC (full-width letters, digits and spaces become
 * their ASCII forms), trimmed, every run of white space one space, lower case. "Ａｐｒｅｏ　２" and " apreo  2 "
 * both become "apreo 2".
 */
export function modelKey(model: string): string {
  return model.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
}

/** Whether two instruments are of the same category and model; an instrument without a model matches none. */
export function sameCategoryAndModel(
  a: { category: string; model: string },
  b: { category: string; model: string },
): boolean {
  const key = modelKey(a.model)
  return key !== '' && a.category === b.category && key === modelKey(b.model)
}

export interface RecognitionTerms {
  expiresAt: number | null
  revokedAt: number | null
}

/** In force at `now`: not revoked, and without an expiry or before it (half-open: it ends at `expiresAt`). */
export function recognitionInForce(recognition: RecognitionTerms, now: number): boolean {
  return recognition.revokedAt === null && (recognition.expiresAt === null || now < recognition.expiresAt)
}

/**
 * The status a new booking starts in. Under a recognition the instrument's admin sees the researcher first: until
 * an admin has approved one of their bookings under a recognition on this instrument, every such booking waits
 * (`pending`), even where the instrument confirms at once.
 */
export function initialStatus(input: {
  requiresApproval: boolean
  underRecognition: boolean
  approvedUnderRecognitionBefore: boolean
}): ReservationStatus {
  if (input.requiresApproval) return 'pending'
  if (input.underRecognition && !input.approvedUnderRecognitionBefore) return 'pending'
  return 'confirmed'
}

export interface RecognitionFigures {
  /** Recognitions in force now. */
  inForce: number
  /** Every ordered pair of different cities, zeros included: the issuing institution's city → the instrument's. */
  byDirection: { from: string; to: string; count: number }[]
  /** Uses of the year made under a recognition. */
  usesUnderRecognition: number
}

/** Folds the recognitions in force (by the cities they join) and the year's uses under them into figures. */
export function recognitionFigures(
  inForce: readonly { issuingCity: string; instrumentCity: string }[],
  cities: readonly string[],
  usesUnderRecognition: number,
): RecognitionFigures {
  const counts = new Map<string, number>()
  for (const r of inForce) {
    const key = JSON.stringify([r.issuingCity, r.instrumentCity])
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return {
    inForce: inForce.length,
    byDirection: cities.flatMap((from) =>
      cities
        .filter((to) => to !== from)
        .map((to) => ({ from, to, count: counts.get(JSON.stringify([from, to])) ?? 0 })),
    ),
    usesUnderRecognition,
  }
}
