import type { InstitutionKind } from '../types.js'

/**
 * Rate cards (收费标准) and price classes (DOMAIN.md "Money"). A card has no city column: a researcher of the other
 * city pays exactly what one of another institution of the instrument's own city pays. That is same-city treatment
 * (同城待遇), true by construction — nothing here can even express a surcharge for a city.
 */

/** `internal` (校内: the user's institution owns the instrument), `academic` (校外), `enterprise` (企业). */
export const PRICE_CLASSES = ['internal', 'academic', 'enterprise'] as const
export type PriceClass = (typeof PRICE_CLASSES)[number]

/** Which billed minutes a time use pays: the booked length, the machine hours, or the larger of the two. */
export const CHARGE_BASES = ['booked', 'actual', 'greater'] as const
export type ChargeBasis = (typeof CHARGE_BASES)[number]

/** A price in fen for each class: per hour (time reservations) or per sample (sample orders). */
export type ClassPrices = Record<PriceClass, number>

export interface RateCard {
  /** Fen per hour by class; null: time uses are free of charge. */
  hour: ClassPrices | null
  /** Fen per sample by class; null: samples are free of charge. */
  sample: ClassPrices | null
  chargeBasis: ChargeBasis
  /** Billed minutes are rounded up to whole increments. */
  incrementMinutes: number
  /** A researcher's cancellation less than this many hours before the start costs `lateCancelPercent`. */
  freeCancelHours: number
  lateCancelPercent: number
  noShowPercent: number
}

/** API.md's defaults: free, billed by the booked length in half hours, free cancellation until 24 h before. */
export const DEFAULT_RATE_CARD: RateCard = {
  hour: null,
  sample: null,
  chargeBasis: 'booked',
  incrementMinutes: 30,
  freeCancelHours: 24,
  lateCancelPercent: 0,
  noShowPercent: 100,
}

/**
 * The class of a use, from the institution snapshot on the reservation (or order): the owner's own people are
 * `internal`, enterprises `enterprise`, every other university, institute, hospital or government body `academic`.
 * The user's city plays no part.
 */
export function priceClassOf(
  providerInstitutionId: string,
  user: { institutionId: string; institutionKind: InstitutionKind },
): PriceClass {
  if (user.institutionId === providerInstitutionId) return 'internal'
  return user.institutionKind === 'enterprise' ? 'enterprise' : 'academic'
}
