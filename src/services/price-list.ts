import { sampleCharge, timeCharge } from '../domain/money/charge.js'
import { PRICE_CLASSES, type PriceClass, priceClassOf, type RateCard } from '../domain/money/rates.js'
import { isExhausted, type VoucherRefusal, voucherRefusal } from '../domain/money/vouchers.js'
import { yearOf } from '../domain/sharing/counting.js'
import type { Instrument, User } from '../domain/types.js'
import { findInstitution, listInstitutions } from '../repositories/institutions.js'
import { holderYearUsed, listProgramsByIds } from '../repositories/vouchers.js'
import type { Deps } from './deps.js'
import { findVouchers, type VoucherView } from './vouchers.js'

/*
 * Prices where people decide (DOMAIN.md "Money"): the class a visitor pays in on each instrument (signed out: the
 * academic price, what most visitors pay), what one hour and one sample cost each class on a card, and which of
 * their institution's vouchers a booking may name — each refused one with its reason, as the booking would refuse it.
 */

export interface ViewerPrice {
  priceClass: PriceClass
  /** whether the class is the viewer's own (signed in, of an institution), not the academic price shown to all */
  own: boolean
  /** fen per hour / per sample for that class; null: that kind of use is free */
  hourFen: number | null
  sampleFen: number | null
}

const priceOf = (card: RateCard, priceClass: PriceClass, own: boolean): ViewerPrice => ({
  priceClass,
  own,
  hourFen: card.hour ? card.hour[priceClass] : null,
  sampleFen: card.sample ? card.sample[priceClass] : null,
})

/** What the viewer pays on each instrument: by their institution's class when signed in with one, else academic. */
export async function viewerPrices(
  deps: Deps,
  viewer: User | null,
  instruments: readonly Instrument[],
): Promise<Map<string, ViewerPrice>> {
  const priceFor = await viewerPricing(deps, viewer)
  return new Map(instruments.map((instrument) => [instrument.id, priceFor(instrument)]))
}

/** What the viewer pays on one instrument (see `viewerPrices`). */
export async function viewerPrice(deps: Deps, viewer: User | null, instrument: Instrument): Promise<ViewerPrice> {
  return (await viewerPricing(deps, viewer))(instrument)
}

async function viewerPricing({ db }: Deps, viewer: User | null): Promise<(instrument: Instrument) => ViewerPrice> {
  const institution = viewer?.institutionId ? await findInstitution(db, viewer.institutionId) : null
  return (instrument) => {
    const priceClass = institution
      ? priceClassOf(instrument.institutionId, { institutionId: institution.id, institutionKind: institution.kind })
      : 'academic'
    return priceOf(instrument.rates, priceClass, institution !== null)
  }
}

/** One row of a card's preview: what one hour (billed as the card bills it) and one sample cost a class. */
export interface PreviewRow {
  priceClass: PriceClass
  /** the billed minutes of a one-hour booking (more than 60 when the increment does not divide an hour) */
  hourBilledMinutes: number
  hourFen: number | null
  sampleFen: number | null
}

const ONE_HOUR = { start: 0, end: 3_600_000 }

/** The card's preview by class: a one-hour booking and one sample. There is no city column to preview. */
export function cardPreview(card: RateCard): PreviewRow[] {
  return PRICE_CLASSES.map((priceClass) => {
    const hour = timeCharge({ ...card, chargeBasis: 'booked' }, priceClass, ONE_HOUR)
    return {
      priceClass,
      hourBilledMinutes: hour.billedMinutes,
      hourFen: card.hour ? hour.chargeFen : null,
      sampleFen: card.sample ? sampleCharge(card, priceClass, 1).chargeFen : null,
    }
  })
}

/** A voucher offered by the booking form: usable, or why not (DOMAIN.md's refusals, or used up). */
export interface VoucherChoice {
  voucher: VoucherView
  refusal: VoucherRefusal | 'exhausted' | null
}

/**
 * The vouchers of the booker's institution for a use of `instrument` starting at `useStart` (the form's start, or
 * now before one is chosen), each checked as a booking would check it at this moment; usable ones first.
 */
export async function voucherChoices(
  deps: Deps,
  actor: User,
  instrument: Instrument,
  useStart: number,
): Promise<VoucherChoice[]> {
  if (!actor.institutionId || (actor.role !== 'researcher' && actor.role !== 'institution_admin')) return []
  const [vouchers, institutions] = await Promise.all([
    findVouchers(deps, actor, { holderInstitutionId: actor.institutionId, limit: 100 }),
    listInstitutions(deps.db),
  ])
  if (vouchers.length === 0) return []
  const user = institutions.find((i) => i.id === actor.institutionId)
  const provider = institutions.find((i) => i.id === instrument.institutionId)
  if (!user || !provider) return []
  const programs = new Map(
    (await listProgramsByIds(deps.db, [...new Set(vouchers.map((v) => v.programId))])).map((p) => [p.id, p]),
  )
  const priceClass = priceClassOf(provider.id, { institutionId: user.id, institutionKind: user.kind })
  const now = deps.clock()
  const choices = await Promise.all(
    vouchers.map(async (voucher): Promise<VoucherChoice> => {
      const program = programs.get(voucher.programId)
      if (!program) return { voucher, refusal: 'outside-validity' }
      const refusal = voucherRefusal({
        voucher,
        program,
        user: { institutionId: user.id, institutionKind: user.kind },
        providerCity: provider.city,
        priceClass,
        useStart,
        namedAt: now,
      })
      if (refusal) return { voucher, refusal }
      const yearUsed = await holderYearUsed(deps.db, program.id, voucher.holderInstitutionId, yearOf(useStart))
      return { voucher, refusal: isExhausted(program, voucher.balanceFen, yearUsed) ? 'exhausted' : null }
    }),
  )
  return [...choices.filter((c) => c.refusal === null), ...choices.filter((c) => c.refusal !== null)]
}
