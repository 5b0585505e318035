/** Plain values the booking engine works on. Instants are epoch ms UTC. */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7 // Monday = 1, as ISO and luxon

/** A weekly open period in the instrument's zone; close may be "24:00"; never crosses midnight. */
export interface OpeningPeriod {
  weekday: Weekday
  open: string // "HH:mm"
  close: string // "HH:mm", may be "24:00"
}

export type InstrumentStatus = 'active' | 'maintenance' | 'retired'
export type InstrumentMode = 'self' | 'service'

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

export type Role = 'researcher' | 'institution_admin' | 'talent_office' | 'platform_admin'
export const ROLES: readonly Role[] = ['researcher', 'institution_admin', 'talent_office', 'platform_admin']

export type InstitutionKind = 'university' | 'institute' | 'hospital' | 'enterprise' | 'government'
export const INSTITUTION_KINDS: readonly InstitutionKind[] = [
  'university',
  'institute',
  'hospital',
  'enterprise',
  'government',
]

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
}

export interface Instrument extends BookingRules {
  id: string
  institutionId: string
  name: string
  model: string
  manufacturer: string
  category: string
  originalValue: number | null
  location: string
  specs: string
  functions: string
  contact: string
  status: InstrumentStatus
  mode: InstrumentMode
  version: number
}

export interface Reservation {
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
