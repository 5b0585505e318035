import { type Charge, sampleCharge, timeCharge } from '../domain/money/charge.js'
import type { PriceClass } from '../domain/money/rates.js'
import { deductionFen } from '../domain/money/vouchers.js'
import type { User } from '../domain/types.js'
import { forbidden, invalid, notFound } from '../errors.js'
import { findInstrument } from '../repositories/instruments.js'
import type { Deps } from './deps.js'
import { checkNamedVoucher, classFor, moneyLookups, voucherWithProgram } from './pricing.js'

/** The longest time a quote is asked for (a reservation or recorded use never lasts longer). */
const MAX_QUOTE_MS = 31 * 24 * 3_600_000

export type Quote = Charge & {
  priceClass: PriceClass
  voucherId: string | null
  deductionFen: number
  payableFen: number
}

/**
 * `GET /instruments/{id}/quote`: what the caller would pay on the card in force now, for a time (billed by its
 * booked length: machine hours are not known yet) or a number of samples, and what a voucher would deduct at today's
 * balance — the voucher checked as a booking checks it (422), nothing held.
 */
export async function quote(
  deps: Deps,
  actor: User,
  instrumentId: string,
  query: { start?: number; end?: number; samples?: number; voucherId?: string },
): Promise<Quote> {
  const timed = query.start !== undefined || query.end !== undefined
  if (timed === (query.samples !== undefined))
    throw invalid('(query)', 'ask for a time (start and end) or for a number of samples, not both')
  if (timed && (query.start === undefined || query.end === undefined))
    throw invalid(query.start === undefined ? 'start' : 'end', 'a time needs both start and end')
  if (timed && query.end! <= query.start!) throw invalid('end', 'must be after start')
  if (timed && query.end! - query.start! > MAX_QUOTE_MS) throw invalid('end', 'at most 31 days after start')
  const instrument = await findInstrument(deps.db, instrumentId)
  if (!instrument) throw notFound('Instrument')
  const lookups = moneyLookups(deps)
  const named = query.voucherId ? await voucherWithProgram(lookups, query.voucherId) : null
  if (!actor.institutionId) throw forbidden('An account without an institution has no price class.')
  const { priceClass, user, provider } = await classFor(lookups, instrument, actor.institutionId)
  const useStart = query.start ?? deps.clock()
  const charge: Charge = timed
    ? timeCharge({ ...instrument.rates, chargeBasis: 'booked' }, priceClass, { start: query.start!, end: query.end! })
    : sampleCharge(instrument.rates, priceClass, query.samples!)
  let deduction = 0
  if (named) {
    const state = await checkNamedVoucher(deps, named, { user, provider, priceClass, start: useStart })
    deduction = deductionFen({ chargeFen: charge.chargeFen, priceClass, terms: named.program, ...state })
  }
  return {
    ...charge,
    priceClass,
    voucherId: named?.voucher.id ?? null,
    deductionFen: deduction,
    payableFen: charge.chargeFen - deduction,
  }
}
