/**
 * The demo catalogue's generator: turns the plain data of seed/data/ (institutions, instrument kinds
 * and where each instrument stands, accounts, names) into the demo's instruments and accounts.
 * Institutions are real; instruments, rooms, phone numbers and people are generated and fictitious.
 * Deterministic (seeded PRNGs) and independent of the current time.
 */
import type { CategoryCode } from '../src/domain/categories.js'
import type { RateCard } from '../src/domain/money/rates.js'
import type { InstrumentMode, InstrumentStatus, OpeningPeriod } from '../src/domain/types.js'
import {
  DEMO_RESEARCHER_LOGINS,
  type DemoRole,
  type FixedAccount,
  OFFICE_ACCOUNTS,
  RESEARCHERS,
  ROLE_NOTES,
} from './data/accounts.js'
import { type CityCode, type DemoInstitution, EVERY_DEMO_INSTITUTION } from './data/institutions.js'
import type { InstrumentKind, KindRules } from './data/instrument-kind.js'
import { INSTRUMENT_KINDS, type KindKey } from './data/instrument-kinds.js'
import { GIVEN, SURNAMES } from './data/names.js'
import { PLACEMENTS } from './data/placements.js'
import { rateCardOf } from './data/rate-cards.js'
import { FIELD_NAMES, type ResearchField } from './data/research-fields.js'
import { createPrng } from './prng.js'

/** The demo institution with this short code; throws for an unknown one. */
export function demoInstitution(short: string): DemoInstitution {
  const institution = EVERY_DEMO_INSTITUTION.find((i) => i.short === short)
  if (!institution) throw new Error(`unknown demo institution ${short}`)
  return institution
}

export interface DemoInstrument {
  /** Stable key, e.g. "nimte-fesem-1". */
  key: string
  institution: string
  kind: KindKey
  name: string
  /** 资产编号, unique within the institution: its short code, the year bought and a running number. */
  assetNumber: string
  model: string
  manufacturer: string
  category: CategoryCode
  /** 原值 in CNY. */
  originalValue: number
  location: string
  specs: string
  functions: string
  contact: string
  status: InstrumentStatus
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
  /** The rate card (收费标准). */
  rates: RateCard
  /** Expected reservations a year, for the history generator. */
  annualReservations: number
  typicalMinutes: number[]
  fields: ResearchField[]
  /** Purposes of use; "field,field|text" fits researchers of those fields only. */
  purposes: string[]
}

/** A purpose of use that fits a researcher's field (an untagged one fits everyone). */
export function purposeFor(
  instrument: DemoInstrument,
  field: ResearchField | null,
  pick: <T>(items: readonly T[]) => T,
) {
  const parsed = instrument.purposes.map((entry) => {
    const bar = entry.indexOf('|')
    return bar < 0
      ? { fields: null, text: entry }
      : { fields: entry.slice(0, bar).split(','), text: entry.slice(bar + 1) }
  })
  const fitting = parsed.filter((p) => p.fields === null || (field !== null && p.fields.includes(field)))
  return pick(fitting.length > 0 ? fitting : parsed).text
}

function location(rng: ReturnType<typeof createPrng>, institution: DemoInstitution, kind: InstrumentKind): string {
  const building =
    institution.buildings[kind.building] ?? institution.buildings.analysis ?? Object.values(institution.buildings)[0]
  if (kind.building === 'dock') return `${institution.campus}${building ?? '科考码头'} ${rng.int(1, 3)} 号泊位`
  if (kind.building === 'naval') return `${institution.campus} ${building ?? ''} 拖曳水池大厅`
  if (kind.building === 'marine' && kind.category === 'marine') {
    return `${institution.campus} ${building ?? ''} ${rng.int(1, 2)} 楼设备库 ${rng.int(101, 120)} 室`
  }
  if (kind.building === 'medical') return `${institution.campus} ${building ?? ''} 磁共振 ${rng.int(2, 4)} 号机房`
  // electron microscopes sit on the ground floor or in the basement, away from vibration
  const floor = kind.category === 'electron-optics' ? rng.pick(['B1', '1']) : String(rng.int(1, 5))
  return `${institution.campus} ${building ?? ''} ${floor}${String(rng.int(1, 28)).padStart(2, '0')} 室`
}

function buildInstruments(): DemoInstrument[] {
  const rng = createPrng('yongzhou-demo-catalogue')
  const counters = new Map<string, number>()
  const assetCounters = new Map<string, number>()
  const phones = new Set<string>()
  const phoneFor = (city: CityCode): string => {
    for (;;) {
      const phone =
        city === 'ningbo' ? `0574-8760${String(rng.int(0, 9999)).padStart(4, '0')}` : `0580-2260${rng.int(100, 999)}`
      if (!phones.has(phone)) {
        phones.add(phone)
        return phone
      }
    }
  }
  return PLACEMENTS.map((placement) => {
    const kind: InstrumentKind = INSTRUMENT_KINDS[placement.kind]
    const institution = demoInstitution(placement.at)
    const model = kind.models[placement.model] ?? kind.models[0]!
    const counterKey = `${placement.at}-${placement.kind}`
    const n = (counters.get(counterKey) ?? 0) + 1
    counters.set(counterKey, n)
    const asset = (assetCounters.get(placement.at) ?? 0) + 1
    assetCounters.set(placement.at, asset)
    const rules: KindRules = { ...kind.rules, ...placement.rules }
    const [low, high] = kind.value
    const originalValue = Math.round((low + rng.next() * (high - low)) * 100) * 100
    return {
      key: `${counterKey}-${n}`,
      institution: placement.at,
      kind: placement.kind,
      name: kind.name,
      // not drawn from the PRNG, so adding it moved no other generated value
      assetNumber: `${placement.at.toUpperCase()}-${2012 + ((asset * 7) % 13)}-${String(asset).padStart(4, '0')}`,
      model: model.model,
      manufacturer: model.manufacturer,
      category: kind.category,
      originalValue,
      location: location(rng, institution, kind),
      specs: model.specs,
      functions: kind.functions,
      contact: `${kind.lab} ${phoneFor(institution.city)}`,
      status: placement.status ?? 'active',
      ...rules,
      rates: rateCardOf(placement.kind),
      annualReservations: Math.round(kind.annual * (placement.load ?? 1) * (0.48 + rng.next() * 0.2)),
      typicalMinutes: kind.typicalMinutes,
      fields: kind.fields,
      purposes: kind.purposes,
    }
  })
}

export const DEMO_INSTRUMENTS: readonly DemoInstrument[] = buildInstruments()

// ---------------------------------------------------------------------------------------------
// People (all fictitious)

export interface DemoUser {
  email: string
  name: string
  role: DemoRole
  /** Short code of the institution; null for the platform admin. */
  institution: string | null
  field: ResearchField | null
  note: string
}

function buildUsers(): DemoUser[] {
  const rng = createPrng('yongzhou-demo-people')
  const taken = new Set<string>()
  const person = (): { name: string; pinyin: string } => {
    for (;;) {
      const [surname, surnamePinyin] = rng.pick(SURNAMES)
      const parts = rng.chance(0.8) ? [rng.pick(GIVEN), rng.pick(GIVEN)] : [rng.pick(GIVEN)]
      if (parts.length === 2 && parts[0]![0] === parts[1]![0]) continue
      const name = surname + parts.map((p) => p[0]).join('')
      const pinyin = `${surnamePinyin}.${parts.map((p) => p[1]).join('')}`
      if (taken.has(name) || taken.has(pinyin)) continue
      taken.add(name)
      taken.add(pinyin)
      return { name, pinyin }
    }
  }
  // names are drawn in list order, so the same people keep the same names
  const named = (account: FixedAccount): DemoUser => ({ ...account, name: account.name ?? person().name })
  const users: DemoUser[] = OFFICE_ACCOUNTS.map(named)
  for (const institution of EVERY_DEMO_INSTITUTION) {
    if (institution.kind === 'government') continue
    users.push({
      email: `admin.${institution.short}@demo.yz`,
      name: person().name,
      role: 'institution_admin',
      institution: institution.short,
      field: null,
      note: `${ROLE_NOTES.institution_admin}（${institution.name}）`,
    })
  }
  users.push(...DEMO_RESEARCHER_LOGINS.map(named))
  for (const [short, field] of RESEARCHERS) {
    const { name, pinyin } = person()
    users.push({
      email: `${pinyin}@demo.yz`,
      name,
      role: 'researcher',
      institution: short,
      field,
      note: `${ROLE_NOTES.researcher}：${FIELD_NAMES[field]}`,
    })
  }
  return users
}

export const DEMO_USERS: readonly DemoUser[] = buildUsers()

export interface DemoAccount {
  email: string
  role: DemoRole
  institutionName: string | null
  note: string
}

/** Every demo login (password `demo1234`), for the README. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = DEMO_USERS.map((user) => ({
  email: user.email,
  role: user.role,
  institutionName: user.institution === null ? null : demoInstitution(user.institution).name,
  note: user.note,
}))
