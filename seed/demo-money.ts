/**
 * The demo's money (DOMAIN.md "Money"), planned over the history of seed/demo-history.ts exactly as the platform
 * would have made it: each reservation's class and the card of its instrument copied when it was made, a voucher
 * named by enterprise users, charges made final at check-out, at recording or by the minutely job (with its audit
 * event), fees for late cancellations and no-shows (a no-show after the job had charged returns the deduction),
 * vouchers spent in time order so that balances and yearly caps hold. Pure and deterministic; the statements that
 * settle it all are planned by seed/demo-statements.ts.
 */
import { DateTime } from 'luxon'
import { cancellationFee, type Fee, noShowFee, timeCharge } from '../src/domain/money/charge.js'
import { monthOrdOf } from '../src/domain/money/months.js'
import { type PriceClass, priceClassOf, type RateCard } from '../src/domain/money/rates.js'
import { deductionFen, isExhausted, type VoucherProgram, voucherRefusal } from '../src/domain/money/vouchers.js'
import { yearOf } from '../src/domain/sharing/counting.js'
import type { InstitutionKind } from '../src/domain/types.js'
import { type CityCode, DEMO_ENTERPRISES } from './data/institutions.js'
import { DEMO_INSTRUMENTS, DEMO_USERS, demoInstitution } from './demo-catalogue.js'
import { DEMO_ZONE, type DemoPlan, type PlannedEvent } from './demo-history.js'
import { createPrng } from './prng.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const YUAN = 100

export interface PlannedProgram extends Omit<VoucherProgram, 'id' | 'createdBy' | 'createdAt' | 'holderKinds'> {
  holderKinds: InstitutionKind[]
  /** index into DEMO_USERS: the talent office of the city */
  createdBy: number
  createdAt: number
}

export interface PlannedVoucher {
  program: number
  holder: string
  amountFen: number
  expiresAt: number
  grantedBy: number
  grantedAt: number
}

/** A reservation's money, as its row holds it. */
export interface PlannedReservationMoney {
  priceClass: PriceClass
  rates: RateCard
  voucher: number | null
  fundAccount: string
  billedMinutes: number | null
  chargeFen: number | null
  deductionFen: number | null
  payableFen: number | null
  feeFen: number | null
  chargedAt: number | null
}

export interface PlannedLedgerLine {
  voucher: number
  reservation: number
  provider: string
  deductionFen: number
  countedYear: number
  at: number
}

export interface PlannedEntry {
  kind: 'charge' | 'fee'
  reservation: number
  provider: string
  payer: string
  instrument: number
  user: number
  useStart: number
  monthOrd: number
  priceClass: PriceClass
  quantityUnits: number
  unitPriceFen: number
  feePercent: number | null
  chargeFen: number
  deductionFen: number
  payableFen: number
  fundAccount: string
  voucher: number | null
  createdAt: number
}

export interface DemoMoney {
  programs: PlannedProgram[]
  vouchers: PlannedVoucher[]
  reservations: PlannedReservationMoney[]
  /** every reservation's event trail, with the job's "charge final" events in their place */
  events: PlannedEvent[][]
  ledger: PlannedLedgerLine[]
  entries: PlannedEntry[]
}

const userIndex = (email: string) => DEMO_USERS.findIndex((u) => u.email === email)
const local = (ms: number) => DateTime.fromMillis(ms, { zone: DEMO_ZONE })

/** The two cities' programmes: Ningbo covers half (all of a small charge), Zhoushan 60 %, each with caps. */
function programs(launch: number, now: number): PlannedProgram[] {
  const validFrom = `${local(launch).year}-01-01`
  const validTo = `${local(now).year + 1}-12-31`
  const createdAt = local(launch).plus({ days: 2 }).set({ hour: 10 }).toMillis()
  return [
    {
      name: '宁波市科技创新券',
      city: 'ningbo',
      coveragePercent: 50,
      fullCoverageBelowFen: 300 * YUAN,
      perUseCapFen: 5_000 * YUAN,
      perHolderYearCapFen: 100_000 * YUAN,
      holderKinds: ['enterprise'],
      providerCities: null,
      validFrom,
      validTo,
      createdBy: userIndex('talent.ningbo@demo.yz'),
      createdAt,
    },
    {
      name: '舟山市科技创新券',
      city: 'zhoushan',
      coveragePercent: 60,
      fullCoverageBelowFen: null,
      perUseCapFen: 3_000 * YUAN,
      perHolderYearCapFen: 150_000 * YUAN,
      holderKinds: ['enterprise'],
      providerCities: null,
      validFrom,
      validTo,
      createdBy: userIndex('talent.zhoushan@demo.yz'),
      createdAt: createdAt + 3_600_000,
    },
  ]
}

/** Each enterprise holds its own city's voucher; two hold one of the other city's too. Amounts in yuan. */
const GRANTS: [holder: string, program: number, yuan: number][] = [
  ['yxmat', 0, 100_000],
  ['hsmfg', 0, 60_000],
  ['hailan', 1, 200_000],
  ['dhship', 1, 50_000],
  ['hailan', 0, 30_000],
  ['yxmat', 1, 20_000],
]

/** Fund accounts (经费卡号 / 课题号) a researcher charges: one or two, or none for some. */
function fundAccountsOf(user: number, year: number): string[] {
  const person = DEMO_USERS[user]!
  const rng = createPrng(`fund-${person.email}`)
  if (rng.chance(0.12) || !person.institution) return ['']
  const short = person.institution.toUpperCase()
  const kind = demoInstitution(person.institution).kind
  const code = () =>
    kind === 'enterprise'
      ? `${short}-RD${year}-${String(rng.int(1, 40)).padStart(2, '0')}`
      : `${short}-KY${year}${String(rng.int(1, 999)).padStart(3, '0')}`
  return rng.chance(0.4) ? [code(), code()] : [code()]
}

interface Moment {
  at: number
  order: number
  reservation: number
  what: 'book' | 'charge' | 'fee'
  times?: { actualStart: number | null; actualEnd: number | null }
  fee?: Fee
}

export function planDemoMoney(plan: DemoPlan, now: number): DemoMoney {
  const rng = createPrng('yongzhou-demo-money')
  const programList = programs(plan.launch, now)
  const vouchers: PlannedVoucher[] = GRANTS.map(([holder, program, yuan], i) => ({
    program,
    holder,
    amountFen: yuan * YUAN,
    expiresAt: DateTime.fromObject(
      { year: local(now).year + 1, month: 12, day: 31, hour: 23, minute: 59 },
      { zone: DEMO_ZONE },
    ).toMillis(),
    grantedBy: programList[program]!.createdBy,
    grantedAt: programList[program]!.createdAt + (i + 1) * DAY,
  }))
  const cityOf = (short: string): CityCode => demoInstitution(short).city
  const enterprises = new Set(DEMO_ENTERPRISES.map((e) => e.short))

  const money: PlannedReservationMoney[] = []
  const events: PlannedEvent[][] = []
  const moments: Moment[] = []
  plan.reservations.forEach((r, k) => {
    const instrument = DEMO_INSTRUMENTS[r.instrument]!
    const payer = DEMO_USERS[r.user]!.institution!
    const priceClass = priceClassOf(instrument.institution, {
      institutionId: payer,
      institutionKind: demoInstitution(payer).kind,
    })
    const accounts = fundAccountsOf(r.user, local(r.start).year)
    money.push({
      priceClass,
      rates: instrument.rates,
      voucher: null,
      fundAccount: rng.fork(`fund-${k}`).pick(accounts),
      billedMinutes: null,
      chargeFen: null,
      deductionFen: null,
      payableFen: null,
      feeFen: null,
      chargedAt: null,
    })
    const trail = [...r.events]
    events.push(trail)
    const last = trail.at(-1)!
    const add = (moment: Omit<Moment, 'order' | 'reservation'>) =>
      moments.push({ ...moment, order: moments.length, reservation: k })
    /** The job's charge: final a minute after the end (in use: a day later), with its audit event. */
    const byJob = (at: number, status: 'confirmed' | 'in_use') => {
      add({ at, what: 'charge', times: { actualStart: r.actualStart, actualEnd: null } })
      const event: PlannedEvent = { at, from: status, to: status, actor: null, reason: 'charge final' }
      const before = trail.findIndex((e) => e.at > at)
      trail.splice(before < 0 ? trail.length : before, 0, event)
    }
    if (enterprises.has(payer) && priceClass === 'enterprise') add({ at: trail[0]!.at, what: 'book' })
    if (r.status === 'completed') {
      const times = r.recorded
        ? { actualStart: r.start, actualEnd: r.end }
        : { actualStart: r.actualStart, actualEnd: r.actualEnd }
      add({ at: r.recorded ? trail[0]!.at : r.actualEnd!, what: 'charge', times })
    } else if (r.status === 'confirmed' && r.end + MINUTE <= now) byJob(r.end + MINUTE, 'confirmed')
    else if (r.status === 'in_use' && r.end + DAY + MINUTE <= now) byJob(r.end + DAY + MINUTE, 'in_use')
    else if (r.status === 'no_show') {
      if (r.end + MINUTE < last.at) byJob(r.end + MINUTE, 'confirmed')
      add({ at: last.at, what: 'fee', fee: noShowFee(instrument.rates, priceClass, r) })
    } else if (r.status === 'cancelled' && last.actor === 'user' && last.from === 'confirmed') {
      const fee = cancellationFee(instrument.rates, priceClass, { ...r, status: 'confirmed' }, last.at, true)
      if (fee) add({ at: last.at, what: 'fee', fee })
    }
  })

  // the vouchers are spent in the order things happened, so balances and yearly caps hold as they would have
  moments.sort((a, b) => a.at - b.at || a.order - b.order)
  const used = vouchers.map(() => 0)
  const yearUsed = new Map<string, number>()
  const yearKey = (v: number, year: number) => `${vouchers[v]!.program}:${vouchers[v]!.holder}:${year}`
  const ledger: PlannedLedgerLine[] = []
  const entries: PlannedEntry[] = []
  const chargeEntry = new Map<number, PlannedEntry>()
  const pickRng = rng.fork('vouchers')
  for (const moment of moments) {
    const k = moment.reservation
    const r = plan.reservations[k]!
    const m = money[k]!
    const instrument = DEMO_INSTRUMENTS[r.instrument]!
    const provider = instrument.institution
    const payer = DEMO_USERS[r.user]!.institution!
    const countedYear = yearOf(r.start)
    const state = (v: number) => ({
      balanceFen: vouchers[v]!.amountFen - used[v]!,
      holderYearUsedFen: yearUsed.get(yearKey(v, countedYear)) ?? 0,
    })
    const refusal = (v: number, namedAt: number | null) =>
      voucherRefusal({
        voucher: { holderInstitutionId: vouchers[v]!.holder, expiresAt: vouchers[v]!.expiresAt },
        program: programList[vouchers[v]!.program]!,
        user: { institutionId: payer, institutionKind: 'enterprise' },
        providerCity: cityOf(provider),
        priceClass: m.priceClass,
        useStart: r.start,
        namedAt,
      })
    const entry = (
      kind: 'charge' | 'fee',
      amounts: Pick<PlannedEntry, 'quantityUnits' | 'feePercent' | 'chargeFen' | 'deductionFen' | 'payableFen'>,
    ) => {
      const planned: PlannedEntry = {
        kind,
        reservation: k,
        provider,
        payer,
        instrument: r.instrument,
        user: r.user,
        useStart: r.start,
        monthOrd: monthOrdOf(r.start),
        priceClass: m.priceClass,
        unitPriceFen: m.rates.hour?.[m.priceClass] ?? 0,
        fundAccount: m.fundAccount,
        voucher: kind === 'charge' ? m.voucher : null,
        createdAt: moment.at,
        ...amounts,
      }
      entries.push(planned)
      return planned
    }
    if (moment.what === 'book') {
      // an enterprise's researcher names one of its vouchers most of the time, its own city's first
      const own = vouchers
        .map((v, i) => ({ v, i }))
        .filter(({ v }) => v.holder === payer && v.grantedAt <= moment.at)
        .sort(
          (a, b) =>
            Number(programList[b.v.program]!.city === cityOf(payer)) -
            Number(programList[a.v.program]!.city === cityOf(payer)),
        )
        .map(({ i }) => i)
      const usable = own.find(
        (v) =>
          !refusal(v, moment.at) &&
          !isExhausted(programList[vouchers[v]!.program]!, state(v).balanceFen, state(v).holderYearUsedFen),
      )
      if (usable !== undefined && pickRng.chance(0.85)) m.voucher = usable
    } else if (moment.what === 'charge') {
      const charged = timeCharge(m.rates, m.priceClass, { ...r, ...moment.times! })
      let deduction = 0
      if (m.voucher !== null && !refusal(m.voucher, null)) {
        const program = programList[vouchers[m.voucher]!.program]!
        deduction = deductionFen({
          chargeFen: charged.chargeFen,
          priceClass: m.priceClass,
          terms: program,
          ...state(m.voucher),
        })
        if (deduction > 0) {
          used[m.voucher]! += deduction
          yearUsed.set(
            yearKey(m.voucher, countedYear),
            (yearUsed.get(yearKey(m.voucher, countedYear)) ?? 0) + deduction,
          )
          ledger.push({
            voucher: m.voucher,
            reservation: k,
            provider,
            deductionFen: deduction,
            countedYear,
            at: moment.at,
          })
        }
      }
      Object.assign(m, {
        billedMinutes: charged.billedMinutes,
        chargeFen: charged.chargeFen,
        deductionFen: deduction,
        payableFen: charged.chargeFen - deduction,
        chargedAt: moment.at,
      })
      if (charged.chargeFen > 0)
        chargeEntry.set(
          k,
          entry('charge', {
            quantityUnits: charged.billedMinutes,
            feePercent: null,
            chargeFen: charged.chargeFen,
            deductionFen: deduction,
            payableFen: charged.chargeFen - deduction,
          }),
        )
    } else {
      const fee = moment.fee!
      // a no-show after the job charged: the fee replaces the charge, whose deduction goes back to the voucher;
      // its charge entry was still on a draft (fees come within days, statements are issued from the 5th)
      if (m.voucher !== null && (m.deductionFen ?? 0) > 0) {
        used[m.voucher]! -= m.deductionFen!
        yearUsed.set(
          yearKey(m.voucher, countedYear),
          (yearUsed.get(yearKey(m.voucher, countedYear)) ?? 0) - m.deductionFen!,
        )
        ledger.push({
          voucher: m.voucher,
          reservation: k,
          provider,
          deductionFen: -m.deductionFen!,
          countedYear,
          at: moment.at,
        })
      }
      const charged = chargeEntry.get(k)
      if (charged) entries.splice(entries.indexOf(charged), 1)
      Object.assign(m, {
        billedMinutes: null,
        chargeFen: null,
        deductionFen: null,
        feeFen: fee.feeFen,
        payableFen: fee.feeFen,
        chargedAt: moment.at,
      })
      if (fee.feeFen > 0)
        entry('fee', {
          quantityUnits: fee.of.billedMinutes,
          feePercent: fee.percent,
          chargeFen: fee.feeFen,
          deductionFen: 0,
          payableFen: fee.feeFen,
        })
    }
  }
  return { programs: programList, vouchers, reservations: money, events, ledger, entries }
}
