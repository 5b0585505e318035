import type { InstrumentKind } from './instrument-kind.js'
import { ELECTRON_MICROSCOPES } from './kinds/electron-microscopes.js'
import { LIFE_AND_MEDICAL } from './kinds/life-and-medical.js'
import { MARINE } from './kinds/marine.js'
import { MASS_SPECTROMETRY } from './kinds/mass-spectrometry.js'
import { MATERIALS_ANALYSIS } from './kinds/materials-analysis.js'

/** Every instrument kind of the demo, by key (SEED-REFERENCE.md "Instruments"). */
export const INSTRUMENT_KINDS = {
  ...ELECTRON_MICROSCOPES,
  ...MATERIALS_ANALYSIS,
  ...MASS_SPECTROMETRY,
  ...LIFE_AND_MEDICAL,
  ...MARINE,
} satisfies Record<string, InstrumentKind>

export type KindKey = keyof typeof INSTRUMENT_KINDS
