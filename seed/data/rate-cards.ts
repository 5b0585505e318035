/**
 * The demo's rate cards (收费标准) by instrument kind: prices in yuan per hour (and per sample where samples are sent),
 * for the institution's own people, other universities and institutes, and enterprises — the usual three columns of
 * a Zhejiang price list, and never a column for the other city (同城待遇). Plausible published levels, not any
 * institution's actual list.
 */
import type { ChargeBasis, RateCard } from '../../src/domain/money/rates.js'
import type { KindKey } from './instrument-kinds.js'

type Yuan = [internal: number, academic: number, enterprise: number]

interface CardSpec {
  hour: Yuan
  sample?: Yuan
  basis?: ChargeBasis
  increment?: number
  freeCancelHours?: number
  lateCancelPercent?: number
  noShowPercent?: number
}

const SPECS: Record<KindKey, CardSpec> = {
  fesem: { hour: [150, 300, 450], sample: [120, 200, 300], basis: 'greater', lateCancelPercent: 50 },
  tem: { hour: [400, 600, 900], increment: 60, lateCancelPercent: 50 },
  actem: { hour: [1500, 2500, 3500], increment: 60, freeCancelHours: 48, lateCancelPercent: 50 },
  cryoem: { hour: [500, 800, 1200], increment: 60, freeCancelHours: 72, lateCancelPercent: 50 },
  xrd: { hour: [80, 120, 180], sample: [50, 80, 120], basis: 'actual', lateCancelPercent: 30 },
  xps: { hour: [400, 600, 800], sample: [200, 300, 450], increment: 60, lateCancelPercent: 50 },
  nmr: { hour: [100, 150, 250], increment: 15, lateCancelPercent: 30 },
  afm: { hour: [200, 300, 450], basis: 'greater', increment: 60, lateCancelPercent: 30 },
  raman: { hour: [100, 150, 220], basis: 'actual', lateCancelPercent: 30 },
  sta: { hour: [80, 120, 180], increment: 60, lateCancelPercent: 30 },
  lcms: { hour: [300, 450, 600], sample: [150, 250, 400], increment: 60, lateCancelPercent: 50 },
  icpms: { hour: [250, 400, 550], sample: [60, 100, 150], increment: 60, lateCancelPercent: 50 },
  gcms: { hour: [150, 250, 350], sample: [80, 120, 180], lateCancelPercent: 30 },
  confocal: { hour: [150, 250, 350], increment: 60, lateCancelPercent: 50 },
  sorter: { hour: [300, 450, 600], increment: 60, lateCancelPercent: 50 },
  sequencer: { hour: [100, 150, 200], increment: 60, freeCancelHours: 72, lateCancelPercent: 30 },
  ivis: { hour: [200, 300, 400], increment: 60, lateCancelPercent: 50 },
  mri: { hour: [800, 1000, 1500], increment: 60, freeCancelHours: 48, lateCancelPercent: 50 },
  multibeam: { hour: [500, 800, 1200], increment: 60, freeCancelHours: 72, lateCancelPercent: 30 },
  ctd: { hour: [20, 30, 45], increment: 60, freeCancelHours: 48, lateCancelPercent: 0 },
  vessel: { hour: [1500, 2000, 3000], increment: 60, freeCancelHours: 168, lateCancelPercent: 30 },
  tank: { hour: [600, 900, 1300], increment: 60, freeCancelHours: 72, lateCancelPercent: 30 },
}

const fen = ([internal, academic, enterprise]: Yuan) => ({
  internal: internal * 100,
  academic: academic * 100,
  enterprise: enterprise * 100,
})

/** The rate card of an instrument of this kind. */
export function rateCardOf(kind: KindKey): RateCard {
  const spec = SPECS[kind]
  return {
    hour: fen(spec.hour),
    sample: spec.sample ? fen(spec.sample) : null,
    chargeBasis: spec.basis ?? 'booked',
    incrementMinutes: spec.increment ?? 30,
    freeCancelHours: spec.freeCancelHours ?? 24,
    lateCancelPercent: spec.lateCancelPercent ?? 0,
    noShowPercent: spec.noShowPercent ?? 100,
  }
}
