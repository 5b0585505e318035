import type { CategoryCode } from './categories.js'
import type { PriceClass, RateCard } from './money/rates.js'

/** Plain values the booking engine works on. Instants are epoch ms UTC. */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7 // Monday = 1, as ISO and luxon

/** A weekly open period in the instrument's zone; close may be "24:00"; never crosses midnight. */
export interface OpeningPeriod {
  weekday: Weekday
  open: string // "HH:mm"
  close: string // "HH:mm", may be "24:00"
}

export const INSTRUMENT_STATUSES = ['active', 'maintenance', 'retired'] as const
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number]
/** What the catalogue shows unless retired instruments are asked for. */
export const LISTED_INSTRUMENT_STATUSES: readonly InstrumentStatus[] = ['active', 'maintenance']

/** `self` (自主上机): the researcher operates it; `service` (送样检测): the institute's staff run it. */
export const INSTRUMENT_MODES = ['self', 'service'] as const
export type InstrumentMode = (typeof INSTRUMENT_MODES)[number]

export interface BookingRules {
  timezone: string
  openingHours: OpeningPeriod[]
  slotMinutes: number
  minMinutes: number
  maxMinutes: number
  bufferMinutes: number
  noticeMinutes: number
  horizonDays: number
  requiresApproval: boolean
  requiresQualification: boolean
}

export const RESERVATION_STATUSES = [
  'pending',
  'confirmed',
  'in_use',
  'completed',
  'rejected',
  'cancelled',
  'expired',
  'no_show',
] as const
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number]

/** Statuses that hold their time: nothing else may overlap them (buffers included). */
export const HELD_STATUSES: readonly ReservationStatus[] = ['pending', 'confirmed', 'in_use']

/** A held reservation as the engine sees it: [start, holdEnd) is taken, holdEnd = end + its buffer. */
export interface HeldInterval {
  start: number
  end: number
  holdEnd: number
}

/** The languages the platform speaks; a user's notifications and e-mails are in theirs (Chinese by default). */
export const LANGUAGES = ['zh', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const ROLES = ['researcher', 'institution_admin', 'talent_office', 'platform_admin'] as const
export type Role = (typeof ROLES)[number]

export const INSTITUTION_KINDS = ['university', 'institute', 'hospital', 'enterprise', 'government'] as const
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number]

export interface Institution {
  id: string
  name: string
  city: string
  kind: InstitutionKind
}

export interface User {
  id: string
  email: string
  name: string
  role: Role
  institutionId: string | null
  active: boolean
  language: Language
}

export interface Instrument extends BookingRules {
  id: string
  institutionId: string
  name: string
  /** 资产编号: the institution's asset number, unique within the institution when given. */
  assetNumber: string | null
  model: string
  manufacturer: string
  category: CategoryCode
  originalValue: number | null
  location: string
  specs: string
  functions: string
  contact: string
  status: InstrumentStatus
  mode: InstrumentMode
  /** The rate card in force (收费标准): copied onto every reservation when it is made. */
  rates: RateCard
  version: number
}

/** The money of a reservation (DOMAIN.md "Money"): what was agreed when it was made, and what is final. */
export interface ReservationMoney {
  priceClass: PriceClass
  /** The instrument's rate card when the reservation was made: later price changes never touch it. */
  rates: RateCard
  voucherId: string | null
  /** 经费卡号 / 课题号, copied onto statement lines; '' when none was given. */
  fundAccount: string
  /** false: a recorded use settled elsewhere, which counts as a use and costs nothing. */
  billable: boolean
  billedMinutes: number | null
  /** null until final; null again after a no-show replaced it with a fee. */
  chargeFen: number | null
  deductionFen: number | null
  /** chargeFen − deductionFen, or the fee; null until final. */
  payableFen: number | null
  feeFen: number | null
  /** When the charge or a fee became final; null: the charge is still open. */
  chargedAt: number | null
}

export interface Reservation extends ReservationMoney {
  id: string
  instrumentId: string
  userId: string
  userInstitutionId: string
  start: number
  end: number
  holdEnd: number
  status: ReservationStatus
  purpose: string
  recorded: boolean
  /** The recognition (资格互认) the researcher qualified through, when they held no own qualification. */
  recognitionId: string | null
  /** A run of this sample order: staff time on the calendar, never a use, never charged, never rated. */
  orderId: string | null
  actualStart: number | null
  actualEnd: number | null
  statusReason: string | null
  decidedBy: string | null
  decidedAt: number | null
  icsUid: string
  version: number
  createdAt: number
  updatedAt: number
}
