/**
 * Plans a year of plausible platform history relative to `now`: reservations with their event
 * trails, blackouts, qualifications, instrument status changes and yearly targets. Pure and
 * deterministic: the same `now` always gives the same plan. Instruments and users are referred to
 * by their index in DEMO_INSTRUMENTS / DEMO_USERS; the loader turns the plan into rows with ids.
 *
 * Every reservation lies on its instrument's slot grid within opening hours and within its
 * min/max length, and no two reservations of one instrument overlap at all (buffers included),
 * so whatever their statuses, held time never conflicts. Blackouts never overlap a reservation,
 * except the few reservations that a maintenance blackout cancelled.
 */
import { DateTime } from 'luxon'
import type { ReservationStatus } from '../src/domain/types.js'
import type { CityCode } from './data/institutions.js'
import type { ResearchField } from './data/research-fields.js'
import { DEMO_INSTRUMENTS, DEMO_USERS, type DemoInstrument, demoInstitution, purposeFor } from './demo-catalogue.js'
import {
  JOURNEY_LOGIN,
  type PlannedRecognition,
  planRecognition,
  RECOGNISING_INSTRUMENT,
  recognisedInstrumentIndex,
} from './demo-recognition.js'
import { createPrng, type Prng } from './prng.js'

export const DEMO_ZONE = 'Asia/Shanghai'
export const DEMO_SEED = 'yongzhou-yixiang-demo-v1'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How far back the history goes and how far ahead bookings reach. */
export const HISTORY_DAYS = 365
export const FUTURE_DAYS = 30

export type Actor = 'user' | 'admin' | null

export interface PlannedEvent {
  at: number
  from: ReservationStatus | null
  to: ReservationStatus
  actor: Actor
  reason: string | null
  /** Index of the blackout that caused this transition, if any. */
  blackout?: number
}

export interface PlannedReservation {
  instrument: number
  user: number
  start: number
  end: number
  holdEnd: number
  status: ReservationStatus
  purpose: string
  recorded: boolean
  actualStart: number | null
  actualEnd: number | null
  statusReason: string | null
  decidedAt: number | null
  createdAt: number
  updatedAt: number
  events: PlannedEvent[]
}

export interface PlannedBlackout {
  instrument: number
  start: number
  end: number
  reason: string
  createdAt: number
}

export interface PlannedQualification {
  instrument: number
  user: number
  grantedAt: number
  /** granted when a booking under the demo's recognition was completed */
  byRecognition?: true
}

export interface PlannedStatusChange {
  instrument: number
  at: number
  to: 'maintenance' | 'retired'
}

export interface DemoPlan {
  /** When the demo accounts and instruments were created. */
  launch: number
  reservations: PlannedReservation[]
  blackouts: PlannedBlackout[]
  qualifications: PlannedQualification[]
  statusChanges: PlannedStatusChange[]
  targets: { year: number; target: number; setAt: number }[]
  recognition: PlannedRecognition
}

/** Chinese New Year's day (正月初一), for the Spring Festival closures. */
const SPRING_FESTIVAL: Record<number, string> = {
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
  2036: '2036-01-28',
}

const CANCEL_REASONS = ['实验计划调整', '样品尚未制备完成', '课题组另有安排', '出差，改约其他时段', '样品运输延误']
const REJECT_REASONS = [
  '样品不满足送检要求，请补充样品说明后重新预约',
  '该时段需进行设备校准，请改约',
  '实验方案需先与平台工程师沟通确认',
  '本周机时已满，请改约下周',
  '请先提交样品安全性说明',
]
const MAINTENANCE_DAY_REASONS = ['年度预防性维护', '厂家工程师上门校准', '设备巡检与性能验证', '软件升级与性能验证']
const MAINTENANCE_REASONS: Record<string, string> = {
  fesem: '场发射灯丝更换及电子光路调校',
  nmr: '超导磁体补充液氦及匀场',
  gcms: '离子源清洗与分子泵更换',
  ivis: 'CCD 制冷系统故障，返厂维修',
}
const NO_SHOW_REASON = '预约时段未到场上机'
const EXPIRED_REASON = '开始前未获审批，已自动过期'
const BLACKOUT_CANCEL_REASON = '仪器停机维护，预约已自动取消'
const RECORDED_REASON = '补录上机记录'

interface Period {
  open: number // minutes after local midnight
  close: number
}

interface Day {
  start: number // local midnight, epoch ms
  weekday: number
  date: DateTime
  /** Relative demand on that day, 0..1. */
  season: number
}

interface Researcher {
  index: number
  institution: string
  city: CityCode
  field: ResearchField
  weight: number
}

const local = (ms: number) => DateTime.fromMillis(ms, { zone: DEMO_ZONE })

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

function periodsByWeekday(instrument: DemoInstrument): Period[][] {
  const result: Period[][] = [[], [], [], [], [], [], [], []]
  for (const p of instrument.openingHours)
    result[p.weekday]!.push({ open: minutesOf(p.open), close: minutesOf(p.close) })
  for (const list of result) list.sort((a, b) => a.open - b.open)
  return result
}

/** Demand over the year: quiet at Spring Festival, in the summer holidays and the National Day week. */
function season(date: DateTime): number {
  const { month, day: dom, year } = date
  const festival = SPRING_FESTIVAL[year]
  if (festival) {
    const offset = date.diff(DateTime.fromISO(festival, { zone: DEMO_ZONE }), 'days').days
    if (offset >= -4 && offset <= 10) return 0.15
  }
  if (month === 10 && dom <= 7) return 0.3
  if ((month === 7 && dom >= 15) || (month === 8 && dom <= 25)) return 0.7
  return 1
}

/** The chance that a reservation of this instrument comes from the other city, before the ramp. */
function crossCityAppeal(instrument: DemoInstrument): number {
  const city = demoInstitution(instrument.institution).city
  if (city === 'ningbo' && ['electron-optics', 'chromatography-ms', 'analytical'].includes(instrument.category)) {
    return 0.16
  }
  if (city === 'zhoushan' && ['marine', 'naval-engineering'].includes(instrument.category)) return 0.6
  return 0.04
}

export function planDemoHistory(now: number): DemoPlan {
  const rng = createPrng(DEMO_SEED)
  const windowStart = now - HISTORY_DAYS * DAY
  const today = local(now).startOf('day')
  const launch = local(now - (HISTORY_DAYS + 85) * DAY)
    .startOf('day')
    .set({ hour: 9 })
    .toMillis()

  // the calendar days of the window, local midnights (Asia/Shanghai keeps no daylight saving,
  // so a wall-clock time of a day is its midnight plus minutes)
  const days: Day[] = []
  for (
    let date = local(windowStart).startOf('day');
    date.toMillis() <= today.plus({ days: FUTURE_DAYS + 3 }).toMillis();
    date = date.plus({ days: 1 })
  ) {
    days.push({ start: date.toMillis(), weekday: date.weekday, date, season: season(date) })
  }
  const dayIndexOf = (ms: number) => days.findIndex((d) => d.start <= ms && ms < d.start + DAY)
  const todayIndex = dayIndexOf(now)

  const researchers: Researcher[] = []
  DEMO_USERS.forEach((user, index) => {
    if (user.role !== 'researcher' || !user.institution || !user.field) return
    const weight = user.email === 'researcher.zs@demo.yz' || user.email === 'researcher.nb@demo.yz' ? 1.5 : 1
    const city = demoInstitution(user.institution).city
    researchers.push({ index, institution: user.institution, city, field: user.field, weight })
  })

  // ----- instrument status changes and blackouts
  const statusChanges: PlannedStatusChange[] = []
  const blackouts: PlannedBlackout[] = []
  /** Retired and maintenance instruments: reservations must end (with buffer) by then. */
  const activeUntil = new Map<number, number>()
  const maintenanceBlackout = new Map<number, number>()
  const statusRng = rng.fork('status')
  DEMO_INSTRUMENTS.forEach((instrument, i) => {
    if (instrument.status === 'retired') {
      const at = today
        .minus({ days: statusRng.int(100, 160) })
        .set({ hour: 10 })
        .toMillis()
      statusChanges.push({ instrument: i, at, to: 'retired' })
      activeUntil.set(i, at)
    } else if (instrument.status === 'maintenance') {
      const at = today
        .minus({ days: statusRng.int(5, 30) })
        .set({ hour: 9 })
        .toMillis()
      const end = today.plus({ days: statusRng.int(7, 40) }).toMillis()
      statusChanges.push({ instrument: i, at, to: 'maintenance' })
      activeUntil.set(i, at)
      maintenanceBlackout.set(i, blackouts.length)
      blackouts.push({
        instrument: i,
        start: at,
        end,
        reason: `停机维护：${MAINTENANCE_REASONS[instrument.kind] ?? '设备故障检修'}`,
        createdAt: at,
      })
    }
  })

  const createdBefore = (start: number, minDays: number, maxDays: number, r: Prng) =>
    Math.max(launch + DAY, Math.min(now - HOUR, start - r.int(minDays * 24, maxDays * 24) * HOUR))

  // Spring Festival closures of the two big universities' instruments (除夕 to 初七)
  for (const year of new Set([local(windowStart).year, local(now).year, local(now).year + 1])) {
    const festival = SPRING_FESTIVAL[year]
    if (!festival) continue
    const newYear = DateTime.fromISO(festival, { zone: DEMO_ZONE })
    const start = newYear.minus({ days: 1 }).toMillis()
    const end = newYear.plus({ days: 7 }).toMillis()
    if (end <= windowStart || start >= now + FUTURE_DAYS * DAY) continue
    DEMO_INSTRUMENTS.forEach((instrument, i) => {
      if (instrument.institution !== 'nbu' && instrument.institution !== 'zjou') return
      if (start >= (activeUntil.get(i) ?? Number.POSITIVE_INFINITY)) return
      blackouts.push({
        instrument: i,
        start,
        end,
        reason: '春节假期闭馆',
        createdAt: createdBefore(start, 20, 30, rng),
      })
    })
  }

  // single maintenance days in the past and a few planned ones ahead
  const dayRng = rng.fork('maintenance-days')
  const candidates = DEMO_INSTRUMENTS.map((instrument, i) => ({ instrument, i })).filter(
    ({ instrument }) => instrument.status === 'active' && instrument.slotMinutes < 240,
  )
  for (let k = 0; k < 12; k++) {
    const { i } = dayRng.pick(candidates)
    const future = k >= 9
    const offset = future ? dayRng.int(3, 25) : -dayRng.int(20, HISTORY_DAYS - 20)
    let date = today.plus({ days: offset })
    while (date.weekday > 5) date = date.plus({ days: 1 })
    const start = date.set({ hour: 8 }).toMillis()
    const end = date.set({ hour: 18 }).toMillis()
    if (blackouts.some((b) => b.instrument === i && b.start < end && start < b.end)) continue
    const createdAt = future ? now - dayRng.int(2, 96) * HOUR : createdBefore(start, 3, 14, dayRng)
    blackouts.push({ instrument: i, start, end, reason: dayRng.pick(MAINTENANCE_DAY_REASONS), createdAt })
  }

  // ----- reservations
  const reservations: PlannedReservation[] = []
  const firstUse = new Map<string, number>() // "instrument:user" -> earliest createdAt

  DEMO_INSTRUMENTS.forEach((instrument, i) => {
    const r = rng.fork(instrument.key)
    const periods = periodsByWeekday(instrument)
    const slot = instrument.slotMinutes * MINUTE
    const buffer = instrument.bufferMinutes * MINUTE
    const until = activeUntil.get(i) ?? Number.POSITIVE_INFINITY
    const ownBlackouts = blackouts.filter((b) => b.instrument === i)
    const taken: { start: number; hold: number }[] = []
    const isFree = (start: number, hold: number) =>
      !taken.some((t) => start < t.hold && t.start < hold) && !ownBlackouts.some((b) => start < b.end && b.start < hold)

    const lengths = instrument.typicalMinutes.filter(
      (m) => m >= instrument.minMinutes && m <= instrument.maxMinutes && m % instrument.slotMinutes === 0,
    )
    /** A random grid-aligned interval on day `d`, or null. */
    const candidate = (d: number): { start: number; end: number } | null => {
      const day = days[d]
      if (!day) return null
      const open = periods[day.weekday] ?? []
      if (open.length === 0) return null
      const period = r.weighted(open, (p) => p.close - p.open)
      const periodStart = day.start + period.open * MINUTE
      const periodEnd = day.start + period.close * MINUTE
      // a period closing at 24:00 joins the next day's period opening at 00:00
      let segmentEnd = periodEnd
      for (let next = d + 1, close = period.close; close === 1440 && next < days.length; next++) {
        const joined = (periods[days[next]!.weekday] ?? []).find((p) => p.open === 0)
        if (!joined) break
        segmentEnd = days[next]!.start + joined.close * MINUTE
        close = joined.close
        if (segmentEnd - periodStart >= instrument.maxMinutes * MINUTE) break
      }
      for (const minutes of [lengths.length > 0 ? r.pick(lengths) : instrument.minMinutes, instrument.minMinutes]) {
        const length = minutes * MINUTE
        const lastStart = Math.min(
          (periodEnd - periodStart) / slot - 1,
          Math.floor((segmentEnd - periodStart - length) / slot),
        )
        if (lastStart < 0) continue
        const start = periodStart + r.int(0, lastStart) * slot
        return { start, end: start + length }
      }
      return null
    }
    const place = (fromDay: number, toDay: number, count: number, weight: (d: number) => number, limit = until) => {
      const placed: { start: number; end: number }[] = []
      if (toDay < fromDay) return placed
      for (let attempt = 0; placed.length < count && attempt < count * 10; attempt++) {
        const d = r.int(fromDay, toDay)
        if (!r.chance(weight(d))) continue
        const c = candidate(d)
        if (!c || c.start < windowStart || c.end + buffer > limit) continue
        if (!isFree(c.start, c.end + buffer)) continue
        taken.push({ start: c.start, hold: c.end + buffer })
        placed.push(c)
      }
      return placed
    }

    const activeDays = Math.min(HISTORY_DAYS, (Math.min(until, now) - windowStart) / DAY)
    const past = place(
      0,
      todayIndex,
      Math.round((instrument.annualReservations * activeDays) / HISTORY_DAYS),
      (d) => days[d]!.season,
    )
    const futureDays = Math.min(FUTURE_DAYS, instrument.horizonDays - 1)
    const future =
      instrument.status === 'active'
        ? place(
            todayIndex + 1,
            todayIndex + futureDays,
            Math.round(((instrument.annualReservations * futureDays) / 365) * 0.6),
            (d) => days[d]!.season * Math.max(0.1, 1 - (d - todayIndex) / (futureDays + 1)),
          )
        : []
    // a maintenance blackout cancelled the bookings it covered
    const blackoutIndex = maintenanceBlackout.get(i)
    const cancelledByBlackout: { start: number; end: number }[] = []
    if (blackoutIndex !== undefined) {
      const blackout = blackouts[blackoutIndex]!
      ownBlackouts.splice(ownBlackouts.indexOf(blackout), 1)
      const from = dayIndexOf(blackout.start) + 1
      const last = dayIndexOf(blackout.end - 1)
      const to = Math.min(last < 0 ? days.length - 1 : last, from + Math.min(6, instrument.horizonDays - 3))
      for (const c of place(from, to, 2, () => 1, blackout.end))
        if (c.start >= blackout.start) cancelledByBlackout.push(c)
    }

    // researchers who would use this instrument, by relation to its institution
    const home = demoInstitution(instrument.institution)
    // the recognition journey's login has never booked the recognising instrument: the journey books it first
    const eligible =
      instrument.key === RECOGNISING_INSTRUMENT
        ? researchers.filter((x) => DEMO_USERS[x.index]!.email !== JOURNEY_LOGIN)
        : researchers
    const fits = eligible.filter((x) => instrument.fields.includes(x.field))
    const pools = {
      same: fits.filter((x) => x.institution === home.short),
      city: fits.filter((x) => x.city === home.city && x.institution !== home.short),
      cross: fits.filter((x) => x.city !== home.city),
    }
    const appeal = crossCityAppeal(instrument)
    const qualified = new Set<number>()
    const needsQualification = instrument.requiresQualification && instrument.mode === 'self'
    const chooseUser = (start: number): number => {
      const progress = Math.min(1, Math.max(0, (start - windowStart) / (HISTORY_DAYS * DAY)))
      const roll = r.next()
      const crossChance = appeal * (0.45 + 1.1 * progress)
      const order: (keyof typeof pools)[] =
        roll < crossChance ? ['cross', 'city', 'same'] : roll < crossChance + 0.35 ? ['city', 'same'] : ['same', 'city']
      const pool = order.map((k) => pools[k]).find((p) => p.length > 0) ?? fits
      const list = pool.length > 0 ? pool : eligible
      if (needsQualification && r.chance(0.8)) {
        const known = list.filter((x) => qualified.has(x.index))
        if (known.length > 0) return r.weighted(known, (x) => x.weight).index
      }
      return r.weighted(list, (x) => x.weight).index
    }

    const all = [
      ...past.map((c) => ({ ...c, byBlackout: false })),
      ...future.map((c) => ({ ...c, byBlackout: false })),
      ...cancelledByBlackout.map((c) => ({ ...c, byBlackout: true })),
    ].sort((a, b) => a.start - b.start)
    for (const c of all) {
      const user = chooseUser(c.start)
      const planned = c.byBlackout
        ? cancelledByBlackoutOutcome(r, instrument, c, blackouts[blackoutIndex!]!, blackoutIndex!, launch)
        : outcome(r, instrument, c, now, launch)
      const reservation: PlannedReservation = {
        ...planned,
        instrument: i,
        user,
        start: c.start,
        end: c.end,
        holdEnd: c.end + buffer,
        purpose: purposeFor(instrument, DEMO_USERS[user]!.field, r.pick),
      }
      reservations.push(reservation)
      if (needsQualification) {
        qualified.add(user)
        const key = `${i}:${user}`
        firstUse.set(key, Math.min(firstUse.get(key) ?? Number.POSITIVE_INFINITY, reservation.createdAt))
      }
    }
  })

  // ----- the recognition (资格互认): who booked the Ningbo Apreo trained on the Zhoushan one (seed/demo-recognition.ts)
  const recognition = planRecognition(reservations, launch)
  const trainedOn = recognisedInstrumentIndex()
  for (const [user, at] of recognition.trainedAt) {
    const k = `${trainedOn}:${user}`
    firstUse.set(k, Math.min(firstUse.get(k) ?? Number.POSITIVE_INFINITY, at))
  }

  // ----- qualifications: granted some days before each user's first booking, plus the demo logins'
  const qualificationRng = rng.fork('qualifications')
  const demoGrants: [string, string][] = [
    ['researcher.zs@demo.yz', 'nimte-fesem-1'],
    ['researcher.zs@demo.yz', 'zjou-fesem-1'],
    ['researcher.nb@demo.yz', 'zjou-ctd-1'],
    ['researcher.nb@demo.yz', 'nimte-afm-1'],
  ]
  for (const [email, key] of demoGrants) {
    const user = DEMO_USERS.findIndex((u) => u.email === email)
    const instrument = DEMO_INSTRUMENTS.findIndex((x) => x.key === key)
    if (user < 0 || instrument < 0) throw new Error(`demo grant ${email} ${key}: unknown`)
    const k = `${instrument}:${user}`
    firstUse.set(k, Math.min(firstUse.get(k) ?? Number.POSITIVE_INFINITY, now - 60 * DAY))
  }
  const qualifications: PlannedQualification[] = [...firstUse.entries()]
    .map(([key, first]) => {
      const [instrument, user] = key.split(':').map(Number) as [number, number]
      const grantedAt = Math.max(launch + DAY, first - qualificationRng.int(2 * 24, 40 * 24) * HOUR)
      return { instrument, user, grantedAt }
    })
    // under the recognition, the own qualification comes with the first completed use, not before the first booking
    .flatMap((q): PlannedQualification[] => {
      const underRecognition = recognition.trainedAt.has(q.user) && q.instrument === recognition.instrument
      if (!underRecognition) return [q]
      const grantedAt = recognition.grantedByRecognition.get(q.user)
      return grantedAt === undefined ? [] : [{ ...q, grantedAt, byRecognition: true }]
    })
    .sort((a, b) => a.instrument - b.instrument || a.user - b.user)

  const year = local(now).year
  const targets = [year - 1, year].map((y) => {
    const january = DateTime.fromObject({ year: y, month: 1, day: 6, hour: 10 }, { zone: DEMO_ZONE }).toMillis()
    return { year: y, target: 500, setAt: Math.min(now - HOUR, Math.max(january, launch + DAY)) }
  })

  return { launch, reservations, blackouts, qualifications, statusChanges, targets, recognition }
}

type Outcome = Omit<PlannedReservation, 'instrument' | 'user' | 'start' | 'end' | 'holdEnd' | 'purpose'>

const WITH_REASON: readonly ReservationStatus[] = ['rejected', 'cancelled', 'expired', 'no_show']

/** Seconds-precise instant: people do not click on the minute. */
const jitter = (r: Prng, at: number) => at + r.int(0, 59) * 1000

function finish(
  events: PlannedEvent[],
  extra: Partial<Pick<Outcome, 'actualStart' | 'actualEnd' | 'decidedAt'>> = {},
  recorded = false,
): Outcome {
  const last = events[events.length - 1]!
  return {
    status: last.to,
    recorded,
    actualStart: extra.actualStart ?? null,
    actualEnd: extra.actualEnd ?? null,
    statusReason: WITH_REASON.includes(last.to) ? last.reason : null,
    decidedAt: extra.decidedAt ?? null,
    createdAt: events[0]!.at,
    updatedAt: last.at,
    events,
  }
}

/** What became of a reservation, given where its time lies relative to now. */
function outcome(
  r: Prng,
  instrument: DemoInstrument,
  { start, end }: { start: number; end: number },
  now: number,
  launch: number,
): Outcome {
  const operator: Actor = instrument.mode === 'service' ? 'admin' : 'user'
  const approval = instrument.requiresApproval

  // an admin records a walk-in or an unbooked run after the fact; now and then from a paper log weeks later (its
  // charge then arrives after its month's statement was issued: an adjustment on the next one)
  if (end + 2 * HOUR < now && r.chance(0.015)) {
    const delay = r.chance(0.3) ? r.int(14, 40) * 24 * 60 : r.int(60, 72 * 60)
    const at = jitter(r, Math.min(now - HOUR, end + delay * MINUTE))
    return finish([{ at, from: null, to: 'completed', actor: 'admin', reason: RECORDED_REASON }], {}, true)
  }

  const noticeMinutes = instrument.noticeMinutes + 10
  const maxLeadMinutes = Math.max(noticeMinutes, Math.min(instrument.horizonDays - 1, approval ? 21 : 10) * 1440)
  const lead = noticeMinutes + Math.floor((maxLeadMinutes - noticeMinutes) * r.next() ** 2)
  let createdAt = start - lead * MINUTE
  if (createdAt > now - 5 * MINUTE) createdAt = now - r.int(5, 180) * MINUTE
  createdAt = jitter(r, Math.max(launch + DAY, Math.min(createdAt, start - noticeMinutes * MINUTE)))

  const events: PlannedEvent[] = [
    { at: createdAt, from: null, to: approval ? 'pending' : 'confirmed', actor: 'user', reason: null },
  ]
  let confirmedAt = createdAt
  let decidedAt: number | null = null
  if (approval) {
    const decisionWindow = Math.min(2 * DAY, (start - createdAt) * 0.8)
    const decision = jitter(r, createdAt + Math.max(20 * MINUTE, Math.floor(decisionWindow * r.next())))
    if (start > now && (decision >= now || r.chance(0.3))) return finish(events) // still pending
    if (start <= now && r.chance(0.03)) {
      events.push({ at: start, from: 'pending', to: 'expired', actor: null, reason: EXPIRED_REASON })
      return finish(events)
    }
    if (r.chance(0.03)) {
      const at = jitter(r, createdAt + Math.floor((Math.min(decision, now) - createdAt) / 2))
      events.push({ at, from: 'pending', to: 'cancelled', actor: 'user', reason: r.pick(CANCEL_REASONS) })
      return finish(events)
    }
    if (r.chance(0.06)) {
      events.push({ at: decision, from: 'pending', to: 'rejected', actor: 'admin', reason: r.pick(REJECT_REASONS) })
      return finish(events, { decidedAt: decision })
    }
    events.push({ at: decision, from: 'pending', to: 'confirmed', actor: 'admin', reason: null })
    confirmedAt = decision
    decidedAt = decision
  }

  const cancel = (before: number) => {
    const at = Math.min(
      before - 1000,
      jitter(r, confirmedAt + Math.floor((before - confirmedAt) * (0.2 + 0.7 * r.next()))),
    )
    events.push({ at, from: 'confirmed', to: 'cancelled', actor: 'user', reason: r.pick(CANCEL_REASONS) })
    return finish(events, { decidedAt })
  }
  if (start > now) return r.chance(0.05) ? cancel(now) : finish(events, { decidedAt })
  if (r.chance(0.065)) return cancel(start)

  const roll = r.next()
  if (end <= now && roll < 0.03) {
    const at = jitter(r, end + r.int(30, 36 * 60) * MINUTE)
    if (at < now) {
      events.push({ at, from: 'confirmed', to: 'no_show', actor: 'admin', reason: NO_SHOW_REASON })
      return finish(events, { decidedAt })
    }
  }
  // confirmed and ended, but nobody checked in: it still counts as a use
  if (end <= now && roll < 0.07) return finish(events, { decidedAt })

  const checkIn = jitter(r, Math.max(start - 10 * MINUTE, confirmedAt + MINUTE, start + r.int(-10, 12) * MINUTE))
  if (checkIn > now) return finish(events, { decidedAt })
  events.push({ at: checkIn, from: 'confirmed', to: 'in_use', actor: operator, reason: null })
  // checked in, never checked out
  if (end <= now && roll < 0.085) return finish(events, { decidedAt, actualStart: checkIn })
  const checkOut = jitter(r, Math.max(checkIn + 5 * MINUTE, end + r.int(-25, 8) * MINUTE))
  if (checkOut > now) return finish(events, { decidedAt, actualStart: checkIn })
  events.push({ at: checkOut, from: 'in_use', to: 'completed', actor: operator, reason: null })
  return finish(events, { decidedAt, actualStart: checkIn, actualEnd: checkOut })
}

/** A booking made before a maintenance blackout that then cancelled it. */
function cancelledByBlackoutOutcome(
  r: Prng,
  instrument: DemoInstrument,
  { start }: { start: number },
  blackout: PlannedBlackout,
  blackoutIndex: number,
  launch: number,
): Outcome {
  const createdAt = jitter(r, Math.max(launch + DAY, blackout.createdAt - r.int(6, 48) * HOUR))
  const events: PlannedEvent[] = [
    {
      at: createdAt,
      from: null,
      to: instrument.requiresApproval ? 'pending' : 'confirmed',
      actor: 'user',
      reason: null,
    },
  ]
  let decidedAt: number | null = null
  if (instrument.requiresApproval) {
    decidedAt = jitter(r, createdAt + r.int(1, 4) * HOUR)
    events.push({ at: decidedAt, from: 'pending', to: 'confirmed', actor: 'admin', reason: null })
  }
  if (start - createdAt < instrument.noticeMinutes * MINUTE) throw new Error('blackout-cancelled booking too close')
  events.push({
    at: blackout.createdAt,
    from: 'confirmed',
    to: 'cancelled',
    actor: 'admin',
    reason: BLACKOUT_CANCEL_REASON,
    blackout: blackoutIndex,
  })
  return finish(events, { decidedAt })
}
