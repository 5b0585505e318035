import type { Interval } from '../interval.js'
import { type MachineTimeInput, machineMillis } from '../sharing/counting.js'
import { ceilToMultiple, mulDivHalfUp } from './fen.js'
import type { ChargeBasis, PriceClass, RateCard } from './rates.js'

/**
 * What a use costs (DOMAIN.md "Charge of a time use"): billed minutes by the card's basis, rounded up to whole
 * increments; charge = billed minutes × hourly price ÷ 60, rounded half up to a fen; fees as a percent of the charge
 * for the booked length. Pure: every instant and every price comes in as an argument.
 */

const MS_PER_MINUTE = 60_000
const MS_PER_HOUR = 3_600_000

/** A time charge as API.md reports it; `quantity` = billed hours to 2 decimals, for display only. */
export interface TimeCharge {
  unit: 'hour'
  billedMinutes: number
  quantity: number
  unitPriceFen: number
  chargeFen: number
}

export interface SampleCharge {
  unit: 'sample'
  quantity: number
  unitPriceFen: number
  chargeFen: number
}

export type Charge = TimeCharge | SampleCharge

/** Billed minutes shown as hours with two decimals (display; money never goes through it). */
export const hoursOf = (minutes: number): number => Math.round((minutes * 100) / 60) / 100

/**
 * The billed minutes of a time use: `booked` = the booked length, `actual` = its machine time (DOMAIN.md's
 * machine-hours rule), `greater` = the larger; rounded up to whole `incrementMinutes` (0 stays 0).
 */
export function billedMinutes(basis: ChargeBasis, use: MachineTimeInput, incrementMinutes: number): number {
  const booked = use.end - use.start
  const actual = machineMillis(use)
  const ms = basis === 'booked' ? booked : basis === 'actual' ? actual : Math.max(booked, actual)
  return ceilToMultiple(Math.max(0, ms), incrementMinutes * MS_PER_MINUTE) / MS_PER_MINUTE
}

/** The charge of a time use on a card for a class; a card without hourly prices charges nothing. */
export function timeCharge(card: RateCard, priceClass: PriceClass, use: MachineTimeInput): TimeCharge {
  const minutes = billedMinutes(card.chargeBasis, use, card.incrementMinutes)
  const unitPriceFen = card.hour?.[priceClass] ?? 0
  return {
    unit: 'hour',
    billedMinutes: minutes,
    quantity: hoursOf(minutes),
    unitPriceFen,
    chargeFen: mulDivHalfUp(minutes, unitPriceFen, 60),
  }
}

/** The charge of `samples` samples on a card for a class; a card without sample prices charges nothing. */
export function sampleCharge(card: RateCard, priceClass: PriceClass, samples: number): SampleCharge {
  const unitPriceFen = card.sample?.[priceClass] ?? 0
  return { unit: 'sample', quantity: samples, unitPriceFen, chargeFen: mulDivHalfUp(samples, unitPriceFen, 1) }
}

/** The charge for the booked length, whatever the card's basis: what fees are a percent of. */
export function bookedCharge(card: RateCard, priceClass: PriceClass, booked: Interval): TimeCharge {
  return timeCharge({ ...card, chargeBasis: 'booked' }, priceClass, booked)
}

export interface Fee {
  feeFen: number
  percent: number
  /** the charge for the booked length the fee is a percent of */
  of: TimeCharge
}

/** `percent` of the charge for the booked length, rounded half up. */
export function feeOf(card: RateCard, priceClass: PriceClass, booked: Interval, percent: number): Fee {
  const of = bookedCharge(card, priceClass, booked)
  return { feeFen: mulDivHalfUp(of.chargeFen, percent, 100), percent, of }
}

/** A no-show's fee: the card's `noShowPercent` of the booked charge. */
export const noShowFee = (card: RateCard, priceClass: PriceClass, booked: Interval): Fee =>
  feeOf(card, priceClass, booked, card.noShowPercent)

/**
 * The fee of a cancellation, or null when it is free: only a researcher's own cancellation of a confirmed
 * reservation less than `freeCancelHours` before its start costs anything (an admin's, a rejection, an expiry or a
 * blackout never do; a request not yet approved was never granted).
 */
export function cancellationFee(
  card: RateCard,
  priceClass: PriceClass,
  reservation: Interval & { status: string },
  cancelledAt: number,
  byResearcher: boolean,
): Fee | null {
  if (!byResearcher || reservation.status !== 'confirmed') return null
  if (reservation.start - cancelledAt >= card.freeCancelHours * MS_PER_HOUR) return null
  return feeOf(card, priceClass, reservation, card.lateCancelPercent)
}
