import type { InstitutionKind } from '../types.js'
import { mulDivDown } from './fen.js'
import { daySpan } from './months.js'
import type { PriceClass } from './rates.js'

/**
 * Innovation vouchers (创新券, DOMAIN.md "Vouchers"): what a programme covers of one charge, the deduction once the
 * balance and the holder's yearly cap are known, and when a voucher may not be named for a use at all. The database
 * applies `deductionFen`'s rule inside the write that makes a charge final (repositories/charges.ts), reading the
 * balance there, so that concurrent uses can never take a voucher below zero.
 */

/** The money terms of a programme. */
export interface VoucherTerms {
  coveragePercent: number
  /** A charge strictly below this is covered whole; null: no such threshold. */
  fullCoverageBelowFen: number | null
  perUseCapFen: number | null
  /** Per holder institution and calendar year (by the use's counted year); null: none. */
  perHolderYearCapFen: number | null
}

export interface VoucherProgram extends VoucherTerms {
  id: string
  name: string
  /** The issuing city (its science bureau; the talent office acts for it). */
  city: string
  holderKinds: InstitutionKind[]
  /** Cities whose providers accept it; null: every city (通用通兑). */
  providerCities: string[] | null
  /** `YYYY-MM-DD`, Asia/Shanghai: the uses it covers start on or after validFrom and on or before validTo. */
  validFrom: string
  validTo: string
  createdBy: string | null
  createdAt: number
}

export interface Voucher {
  id: string
  programId: string
  holderInstitutionId: string
  amountFen: number
  expiresAt: number
  grantedBy: string | null
  grantedAt: number
}

/** The holder kinds of a programme unless it says otherwise. */
export const DEFAULT_HOLDER_KINDS: InstitutionKind[] = ['enterprise']

/**
 * What the programme would pay of one charge before the voucher's balance and the holder's yearly cap: the whole
 * charge when it is strictly below the threshold, else charge × coverage rounded down to the fen; at most the cap per
 * use. Never anything for an internal use.
 */
export function coveredFen(chargeFen: number, priceClass: PriceClass, terms: VoucherTerms): number {
  if (priceClass === 'internal' || chargeFen <= 0) return 0
  const covered =
    terms.fullCoverageBelowFen !== null && chargeFen < terms.fullCoverageBelowFen
      ? chargeFen
      : mulDivDown(chargeFen, terms.coveragePercent, 100)
  return terms.perUseCapFen === null ? covered : Math.min(covered, terms.perUseCapFen)
}

/** What is left of the holder's yearly cap; Infinity without one. */
export const yearCapLeft = (terms: VoucherTerms, holderYearUsedFen: number): number =>
  terms.perHolderYearCapFen === null ? Number.POSITIVE_INFINITY : terms.perHolderYearCapFen - holderYearUsedFen

/**
 * The deduction when a charge becomes final: the smallest of what the programme covers, the balance and what is
 * left of the holder's yearly cap; never below 0. payable = charge − deduction.
 */
export function deductionFen(input: {
  chargeFen: number
  priceClass: PriceClass
  terms: VoucherTerms
  balanceFen: number
  holderYearUsedFen: number
}): number {
  const covered = coveredFen(input.chargeFen, input.priceClass, input.terms)
  return Math.max(0, Math.min(covered, input.balanceFen, yearCapLeft(input.terms, input.holderYearUsedFen)))
}

/** Why a voucher cannot be named for a use (422 voucher-not-applicable). */
export const VOUCHER_REFUSALS = [
  'other-holder',
  'internal',
  'holder-kind',
  'provider-city',
  'outside-validity',
  'expired',
] as const
export type VoucherRefusal = (typeof VOUCHER_REFUSALS)[number]

export const VOUCHER_REFUSAL_DETAIL: Record<VoucherRefusal, string> = {
  'other-holder': 'This voucher belongs to another institution; only its holder’s people may use it.',
  internal: 'A voucher never covers an internal use (the instrument belongs to your own institution).',
  'holder-kind': 'The programme of this voucher is not for institutions of your kind.',
  'provider-city': 'The programme of this voucher does not cover providers in the instrument’s city.',
  'outside-validity': 'The use’s date lies outside the programme’s validity.',
  expired: 'This voucher has expired (or will have expired by the use).',
}

/**
 * Whether a voucher may be named for a use, checked in this order: another holder's, an internal use, a holder
 * kind or provider city the programme does not cover, a use outside the programme's dates, an expired voucher (by
 * the use's start, or already when it is named). Null: it applies. Checked when it is named (`namedAt`) and again
 * when the charge becomes final (`namedAt` null: only the use's own date counts, so a job that runs a minute after
 * midnight never loses a deduction that was due).
 */
export function voucherRefusal(input: {
  voucher: Pick<Voucher, 'holderInstitutionId' | 'expiresAt'>
  program: Pick<VoucherProgram, 'holderKinds' | 'providerCities' | 'validFrom' | 'validTo'>
  user: { institutionId: string; institutionKind: InstitutionKind }
  providerCity: string
  priceClass: PriceClass
  useStart: number
  namedAt: number | null
}): VoucherRefusal | null {
  const { voucher, program, user } = input
  if (voucher.holderInstitutionId !== user.institutionId) return 'other-holder'
  if (input.priceClass === 'internal') return 'internal'
  if (!program.holderKinds.includes(user.institutionKind)) return 'holder-kind'
  if (program.providerCities !== null && !program.providerCities.includes(input.providerCity)) return 'provider-city'
  const from = daySpan(program.validFrom)
  const to = daySpan(program.validTo)
  if (!from || !to || input.useStart < from.start || input.useStart >= to.end) return 'outside-validity'
  if (voucher.expiresAt <= input.useStart) return 'expired'
  if (input.namedAt !== null && voucher.expiresAt <= input.namedAt) return 'expired'
  return null
}

/** 422 voucher-exhausted: the balance or what is left of the holder's yearly cap is already 0. */
export const isExhausted = (terms: VoucherTerms, balanceFen: number, holderYearUsedFen: number): boolean =>
  balanceFen <= 0 || yearCapLeft(terms, holderYearUsedFen) <= 0
