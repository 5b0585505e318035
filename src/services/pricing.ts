import { billedMinutes, cancellationFee, type Fee, noShowFee, timeCharge } from '../domain/money/charge.js'
import { monthOrdOf } from '../domain/money/months.js'
import { type PriceClass, priceClassOf } from '../domain/money/rates.js'
import {
  coveredFen,
  isExhausted,
  VOUCHER_REFUSAL_DETAIL,
  type Voucher,
  type VoucherProgram,
  voucherRefusal,
} from '../domain/money/vouchers.js'
import { yearOf } from '../domain/sharing/counting.js'
import type { Institution, Instrument, Reservation } from '../domain/types.js'
import { AppError, notFound } from '../errors.js'
import type { FinalCharge, MoneyFacts } from '../repositories/charges.js'
import { findInstitution } from '../repositories/institutions.js'
import { findInstrument } from '../repositories/instruments.js'
import { findProgram, findVoucher, holderYearUsed, usedOfVouchers } from '../repositories/vouchers.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'

/*
 * The money around a reservation: its class, the voucher a user names (checked then: 404, 422), the charge when it
 * becomes final with the voucher's terms for the write, and the facts the billing entries copy. The rules are the
 * domain's (domain/money); the guarantees are the writes' (repositories/charges.ts).
 */

/** Lookups memoised for one request or one run of the job: a run finalises many uses of few vouchers. */
export function moneyLookups(deps: Deps) {
  const memo = <T>(load: (id: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>()
    return (id: string) => {
      let found = seen.get(id)
      if (!found) {
        found = load(id)
        seen.set(id, found)
      }
      return found
    }
  }
  return {
    institution: memo((id) => findInstitution(deps.db, id)),
    instrument: memo((id) => findInstrument(deps.db, id)),
    voucher: memo((id) => findVoucher(deps.db, id)),
    program: memo((id) => findProgram(deps.db, id)),
  }
}
export type MoneyLookups = ReturnType<typeof moneyLookups>

async function institutionOf(lookups: MoneyLookups, id: string): Promise<Institution> {
  const institution = await lookups.institution(id)
  if (!institution) throw notFound(`Institution ${id}`)
  return institution
}

/** The price class of a user of `userInstitutionId` on `instrument`, with both institutions. */
export async function classFor(lookups: MoneyLookups, instrument: Instrument, userInstitutionId: string) {
  const [user, provider] = await Promise.all([
    institutionOf(lookups, userInstitutionId),
    institutionOf(lookups, instrument.institutionId),
  ])
  return {
    priceClass: priceClassOf(provider.id, { institutionId: user.id, institutionKind: user.kind }),
    user,
    provider,
  }
}

/** A voucher by id, with its programme; 404 when it names nothing. */
export async function voucherWithProgram(lookups: MoneyLookups, id: string) {
  const voucher = await lookups.voucher(id)
  const program = voucher ? await lookups.program(voucher.programId) : null
  if (!voucher || !program) throw notFound('Voucher')
  return { voucher, program }
}

/** Balance and what the holder's yearly cap has used for a use starting at `useStart`. */
export async function voucherState(deps: Deps, voucher: Voucher, program: VoucherProgram, useStart: number) {
  const [used, yearUsed] = await Promise.all([
    usedOfVouchers(deps.db, [voucher.id]),
    holderYearUsed(deps.db, program.id, voucher.holderInstitutionId, yearOf(useStart)),
  ])
  return { balanceFen: voucher.amountFen - (used.get(voucher.id) ?? 0), holderYearUsedFen: yearUsed }
}

/**
 * A voucher named for a use (booking, recording, quote), checked now: 422 voucher-not-applicable (another holder's,
 * an internal use, a kind, city or date the programme does not cover, expired), 422 voucher-exhausted where the
 * balance or the holder's yearly cap is already 0. Nothing is held.
 */
export async function checkNamedVoucher(
  deps: Deps,
  named: { voucher: Voucher; program: VoucherProgram },
  use: { user: Institution; provider: Institution; priceClass: PriceClass; start: number },
) {
  const refusal = voucherRefusal({
    voucher: named.voucher,
    program: named.program,
    user: { institutionId: use.user.id, institutionKind: use.user.kind },
    providerCity: use.provider.city,
    priceClass: use.priceClass,
    useStart: use.start,
    namedAt: deps.clock(),
  })
  if (refusal) throw new AppError('voucher-not-applicable', VOUCHER_REFUSAL_DETAIL[refusal], { reason: refusal })
  const state = await voucherState(deps, named.voucher, named.program, use.start)
  if (isExhausted(named.program, state.balanceFen, state.holderYearUsedFen))
    throw new AppError(
      'voucher-exhausted',
      state.balanceFen <= 0
        ? 'This voucher has no balance left.'
        : 'The holder has used up this programme’s yearly cap for the year of this use.',
    )
  return state
}

/**
 * The charge of a reservation when it becomes final (at `actualEnd` for a check-out): its card copy, class and
 * times; nothing for a use recorded as not billable. The voucher is checked again, on the use's own date: where it
 * no longer applies the charge stands without a deduction.
 */
export async function finalChargeOf(
  lookups: MoneyLookups,
  reservation: Reservation,
  provider: Institution,
  actualEnd: number | null = reservation.actualEnd,
): Promise<FinalCharge> {
  const times = { ...reservation, actualEnd }
  if (!reservation.billable)
    return {
      billedMinutes: billedMinutes(reservation.rates.chargeBasis, times, reservation.rates.incrementMinutes),
      chargeFen: 0,
      deduction: null,
    }
  const charged = timeCharge(reservation.rates, reservation.priceClass, times)
  const base = { billedMinutes: charged.billedMinutes, chargeFen: charged.chargeFen, deduction: null }
  if (!reservation.voucherId || charged.chargeFen === 0) return base
  const voucher = await lookups.voucher(reservation.voucherId)
  const program = voucher ? await lookups.program(voucher.programId) : null
  const user = await lookups.institution(reservation.userInstitutionId)
  if (!voucher || !program || !user) return base
  const refusal = voucherRefusal({
    voucher,
    program,
    user: { institutionId: user.id, institutionKind: user.kind },
    providerCity: provider.city,
    priceClass: reservation.priceClass,
    useStart: reservation.start,
    namedAt: null,
  })
  if (refusal) return base
  return {
    ...base,
    deduction: {
      voucherId: voucher.id,
      programId: program.id,
      holderInstitutionId: voucher.holderInstitutionId,
      ceilingFen: coveredFen(charged.chargeFen, reservation.priceClass, program),
      perHolderYearCapFen: program.perHolderYearCapFen,
      countedYear: yearOf(reservation.start),
    },
  }
}

/** What the billing entries of a reservation copy besides its row (provider, month, year, price, a fee's basis). */
export function moneyFactsOf(reservation: Reservation, instrument: Instrument, fee: Fee | null = null): MoneyFacts {
  return {
    reservationId: reservation.id,
    providerInstitutionId: instrument.institutionId,
    monthOrd: monthOrdOf(reservation.start),
    countedYear: yearOf(reservation.start),
    unitPriceFen: reservation.rates.hour?.[reservation.priceClass] ?? 0,
    fee: fee ? { billedMinutes: fee.of.billedMinutes, percent: fee.percent } : null,
    statementId: newId(),
  }
}

/** The fee of a cancellation (null: free) — only a researcher's own, late one of a confirmed reservation. */
export const cancellationFeeOf = (reservation: Reservation, at: number, byResearcher: boolean): Fee | null =>
  cancellationFee(reservation.rates, reservation.priceClass, reservation, at, byResearcher)

/** A no-show's fee. */
export const noShowFeeOf = (reservation: Reservation): Fee =>
  noShowFee(reservation.rates, reservation.priceClass, reservation)

/** The instrument of a reservation, for the job (instruments are never deleted). */
export async function instrumentOfReservation(lookups: MoneyLookups, reservation: Reservation): Promise<Instrument> {
  const instrument = await lookups.instrument(reservation.instrumentId)
  if (!instrument) throw new Error(`instrument ${reservation.instrumentId} of ${reservation.id} is missing`)
  return instrument
}

/** The voucher a request names, with its programme: 404 when it names nothing (checked before 403s). */
export const namedVoucher = (lookups: MoneyLookups, voucherId: string | null | undefined) =>
  voucherId ? voucherWithProgram(lookups, voucherId) : Promise.resolve(null)

/**
 * The class and the card in force for a new use by a member of `userInstitutionId`, with the voucher named for
 * it; `check` then answers 422 when that voucher does not apply or is used up.
 */
export async function agreedMoney(
  deps: Deps,
  lookups: MoneyLookups,
  instrument: Instrument,
  userInstitutionId: string,
  named: Awaited<ReturnType<typeof namedVoucher>>,
  input: { fundAccount?: string; start: number; billable?: boolean },
) {
  const { priceClass, user, provider } = await classFor(lookups, instrument, userInstitutionId)
  const agreed = {
    priceClass,
    rates: instrument.rates,
    voucherId: named?.voucher.id ?? null,
    fundAccount: input.fundAccount ?? '',
    billable: input.billable ?? true,
  }
  const check = async () => {
    if (named) await checkNamedVoucher(deps, named, { user, provider, priceClass, start: input.start })
  }
  return { agreed, check, provider }
}
