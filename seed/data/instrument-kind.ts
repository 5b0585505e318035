/**
 * The shape of an instrument kind (SEED-REFERENCE.md "Instruments"): its models, value range, booking
 * rules and how much and by whom it is used. The kinds themselves are in kinds/.
 */
import type { CategoryCode } from '../../src/domain/categories.js'
import type { InstrumentMode, OpeningPeriod } from '../../src/domain/types.js'
import type { BuildingHint } from './institutions.js'
import type { ResearchField } from './research-fields.js'

export interface Model {
  model: string
  manufacturer: string
  specs: string
}

export interface KindRules {
  mode: InstrumentMode
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

export interface InstrumentKind {
  name: string
  category: CategoryCode
  models: Model[]
  /** 原值 range in 万元 (10,000 CNY). */
  value: [number, number]
  functions: string
  lab: string
  building: BuildingHint
  rules: KindRules
  /** Typical booked lengths in minutes (clipped to min/max). */
  typicalMinutes: number[]
  /** Base number of reservations a year. */
  annual: number
  fields: ResearchField[]
  /** Purposes of use; "field,field|text" fits researchers of those fields only. */
  purposes: string[]
}
