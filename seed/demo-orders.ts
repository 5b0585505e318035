/**
 * Plans the demo's sample orders (送样检测) and ratings (用户评价) over the past year, relative to `now`: orders in every
 * state on the instruments that take samples (cross-city ones included, so that the 500 count has sample services),
 * the runs the labs booked for them on the instruments' calendars, and ratings of orders and of reservations. Pure
 * and deterministic, as demo-history.ts; instruments and users by their index, reservations by their plan index.
 *
 * A run lies on its instrument's slot grid within opening hours and clear of every planned reservation, blackout and
 * earlier run (buffers included), so that the calendar never holds two things at once.
 */
import { DateTime } from 'luxon'
import { sampleCharge } from '../src/domain/money/charge.js'
import { monthOrdOf } from '../src/domain/money/months.js'
import { type PriceClass, priceClassOf } from '../src/domain/money/rates.js'
import { type Hazard, type OrderStatus, type SampleDisposal, takesSamples } from '../src/domain/orders.js'
import { DEMO_INSTRUMENTS, DEMO_USERS, demoInstitution } from './demo-catalogue.js'
import { DEMO_ZONE, type DemoPlan, HISTORY_DAYS } from './demo-history.js'
import type { PlannedEntry } from './demo-money.js'
import { createPrng, type Prng } from './prng.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export interface PlannedOrderEvent {
  at: number
  from: OrderStatus | null
  to: OrderStatus
  /** the requester, the lab's admin, or the platform (completed 14 days after the report) */
  actor: 'user' | 'admin' | null
  reason: string | null
}

export interface PlannedRun {
  start: number
  end: number
  holdEnd: number
  createdAt: number
}

export interface PlannedRating {
  timeliness: number
  quality: number
  staff: number
  comment: string
  useAt: number
  createdAt: number
}

export interface PlannedOrder {
  instrument: number
  user: number
  status: OrderStatus
  samples: number
  receivedSamples: number | null
  sampleDescription: string
  sampleForm: 'powder' | 'solid' | 'liquid' | 'film'
  hazard: Hazard
  tests: string
  turnaroundDays: number
  trackingNumber: string
  statusReason: string | null
  sampleDisposal: SampleDisposal | null
  reportNote: string | null
  reportedAt: number | null
  completedAt: number | null
  priceClass: PriceClass
  quoteFen: number
  chargeFen: number | null
  createdAt: number
  updatedAt: number
  events: PlannedOrderEvent[]
  runs: PlannedRun[]
  rating: PlannedRating | null
}

export interface DemoOrders {
  orders: PlannedOrder[]
  /** the billing entries of the reported orders (their `order` set, `reservation` -1), for the statements */
  entries: PlannedEntry[]
  /** ratings of reservations, by the reservation's plan index */
  reservationRatings: (PlannedRating & { reservation: number; instrument: number; user: number })[]
}

const SAMPLES: { description: string; form: PlannedOrder['sampleForm']; tests: string; hazard: Hazard }[] = [
  {
    description: '海洋沉积物粉末，冷冻干燥后研磨过 200 目筛',
    form: 'powder',
    tests: '物相分析，全谱扫描',
    hazard: 'none',
  },
  {
    description: '钛合金块体试样，已抛光，10 mm × 10 mm × 3 mm',
    form: 'solid',
    tests: '表面形貌与能谱分析',
    hazard: 'none',
  },
  {
    description: '海水样品，0.45 μm 滤膜过滤，硝酸酸化',
    form: 'liquid',
    tests: '痕量金属元素定量',
    hazard: 'corrosive',
  },
  { description: '鱼肉组织提取液，甲醇溶解', form: 'liquid', tests: '代谢物筛查与定量', hazard: 'flammable' },
  { description: '磁控溅射薄膜，硅衬底', form: 'film', tests: '元素化学态分析', hazard: 'none' },
  { description: '贻贝软组织冻干粉', form: 'powder', tests: '重金属含量测定', hazard: 'none' },
  { description: '锂电池正极材料粉末，手套箱内封装', form: 'powder', tests: '晶体结构与物相鉴定', hazard: 'toxic' },
]
const REJECT_REASONS = ['样品量不足，无法完成所需检测', '该检测项目本仪器暂不开展，建议联系其他平台']
const CANCEL_REASONS = ['课题计划调整，暂不送检', '样品制备失败，重新制备后再送']
const RATING_COMMENTS = [
  '',
  '',
  '报告规范，数据清晰',
  '工程师沟通及时，周期比预期短',
  '收样及时，结果可靠',
  '希望能提供原始数据文件',
]

/** Where the latest ten orders stop, oldest first. */
const OPEN_STATES: readonly OrderStatus[] = [
  'reported',
  'reported',
  'in_progress',
  'in_progress',
  'received',
  'received',
  'accepted',
  'accepted',
  'submitted',
  'submitted',
]

const local = (ms: number) => DateTime.fromMillis(ms, { zone: DEMO_ZONE })
const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** The instrument's busy spans (reservations and blackouts, held time with buffers), to keep runs clear of them. */
function busyOf(plan: DemoPlan) {
  const busy = new Map<number, { start: number; end: number }[]>()
  const add = (instrument: number, start: number, end: number) =>
    busy.set(instrument, [...(busy.get(instrument) ?? []), { start, end }])
  for (const r of plan.reservations) add(r.instrument, r.start, r.holdEnd)
  for (const b of plan.blackouts) add(b.instrument, b.start, b.end)
  return { busy, add }
}

/** The first grid slot of `length` minutes at or after `from` within opening hours that is free; null within 20 days. */
function firstFreeRun(
  instrumentIndex: number,
  from: number,
  lengthMinutes: number,
  busy: Map<number, { start: number; end: number }[]>,
): { start: number; end: number } | null {
  const instrument = DEMO_INSTRUMENTS[instrumentIndex]!
  const slot = instrument.slotMinutes * MINUTE
  const buffer = instrument.bufferMinutes * MINUTE
  const taken = busy.get(instrumentIndex) ?? []
  for (let day = local(from).startOf('day'); day.toMillis() < from + 20 * DAY; day = day.plus({ days: 1 })) {
    for (const period of instrument.openingHours.filter((p) => p.weekday === day.weekday)) {
      const open = day.toMillis() + minutesOf(period.open) * MINUTE
      const close = day.toMillis() + minutesOf(period.close) * MINUTE
      for (let start = open; start + lengthMinutes * MINUTE <= close; start += slot) {
        const end = start + lengthMinutes * MINUTE
        if (start < from) continue
        if (taken.every((t) => end + buffer <= t.start || t.end <= start)) return { start, end }
      }
    }
  }
  return null
}

/** A run's length: about an hour, on the grid, within the instrument's limits. */
function runMinutes(instrumentIndex: number): number {
  const instrument = DEMO_INSTRUMENTS[instrumentIndex]!
  const slots = Math.max(1, Math.ceil(60 / instrument.slotMinutes))
  return Math.min(instrument.maxMinutes, Math.max(instrument.minMinutes, slots * instrument.slotMinutes))
}

/** Which instruments take samples, service ones first; and researchers by city. */
function cast() {
  const instruments = DEMO_INSTRUMENTS.map((instrument, index) => ({ instrument, index }))
    .filter(({ instrument }) => takesSamples(instrument) && instrument.status === 'active')
    .sort((a, b) => Number(b.instrument.mode === 'service') - Number(a.instrument.mode === 'service'))
    .slice(0, 10)
    .map(({ index }) => index)
  const researchers = DEMO_USERS.map((user, index) => ({ user, index })).filter(
    ({ user }) => user.role === 'researcher' && user.institution !== null,
  )
  const cityOf = (index: number) => demoInstitution(DEMO_USERS[index]!.institution!).city
  return { instruments, researchers: researchers.map(({ index }) => index), cityOf }
}

/** About 90 orders over the year, most done, the last few days' still open; ratings of orders and reservations. */
export function planDemoOrders(plan: DemoPlan, now: number): DemoOrders {
  const rng = createPrng('yongzhou-yixiang-demo-orders-v1')
  const { instruments, researchers, cityOf } = cast()
  const { busy, add } = busyOf(plan)
  const orders: PlannedOrder[] = []
  const entries: PlannedEntry[] = []
  const windowStart = now - HISTORY_DAYS * DAY
  const count = 90
  for (let n = 0; n < count; n++) {
    const r = rng.fork(`order-${n}`)
    // spread over the year, the last ten in the last ten days (the open ones)
    const day =
      n < count - 10
        ? windowStart + Math.floor(((n + r.next()) / (count - 10)) * (HISTORY_DAYS - 12)) * DAY
        : now - (count - n) * DAY
    const created = local(day).startOf('day').set({ hour: 9 }).toMillis() + r.int(0, 480) * MINUTE
    if (created >= now) continue
    const instrument = r.pick(instruments)
    const provider = DEMO_INSTRUMENTS[instrument]!.institution
    const providerCity = demoInstitution(provider).city
    // more than half from the other city: sending samples is how the sea is crossed
    const crossCity = r.chance(0.6)
    const pool = researchers.filter(
      (u) => (cityOf(u) !== providerCity) === crossCity && DEMO_USERS[u]!.institution !== provider,
    )
    const user = r.pick(pool.length > 0 ? pool : researchers)
    // the latest ten stop on the way, so that the labs' queues and the requesters' lists have open orders
    const stopAt = n >= count - 10 ? OPEN_STATES[n - (count - 10)] : undefined
    orders.push(planOne(r, { instrument, user, created, now, busy, add, entries, index: orders.length, stopAt }))
  }
  return { orders, entries, reservationRatings: rateReservations(plan, now) }
}

function planOne(
  r: Prng,
  ctx: {
    instrument: number
    user: number
    created: number
    now: number
    busy: Map<number, { start: number; end: number }[]>
    add: (instrument: number, start: number, end: number) => void
    entries: PlannedEntry[]
    index: number
    stopAt: OrderStatus | undefined
  },
): PlannedOrder {
  const { instrument, user, created, now } = ctx
  const demo = DEMO_INSTRUMENTS[instrument]!
  const payer = DEMO_USERS[user]!.institution!
  const priceClass = priceClassOf(demo.institution, {
    institutionId: payer,
    institutionKind: demoInstitution(payer).kind,
  })
  const sample = r.pick(SAMPLES)
  const samples = r.int(1, 8)
  const quote = sampleCharge(demo.rates, priceClass, samples)
  const events: PlannedOrderEvent[] = [{ at: created, from: null, to: 'submitted', actor: 'user', reason: null }]
  const order: PlannedOrder = {
    instrument,
    user,
    status: 'submitted',
    samples,
    receivedSamples: null,
    sampleDescription: sample.description,
    sampleForm: sample.form,
    hazard: sample.hazard,
    tests: sample.tests,
    turnaroundDays: r.pick([5, 7, 10, 14]),
    trackingNumber: `SF${1_400_000_000_000 + r.int(0, 99_999_999)}`,
    statusReason: null,
    sampleDisposal: null,
    reportNote: null,
    reportedAt: null,
    completedAt: null,
    priceClass,
    quoteFen: quote.chargeFen,
    chargeFen: null,
    createdAt: created,
    updatedAt: created,
    events,
    runs: [],
    rating: null,
  }
  const move = (at: number, to: OrderStatus, actor: PlannedOrderEvent['actor'], reason: string | null) => {
    if (at > now || order.status === ctx.stopAt) return false
    events.push({ at, from: order.status, to, actor, reason })
    order.status = to
    order.updatedAt = at
    return true
  }
  const fate = ctx.stopAt ? 1 : r.next()
  if (fate < 0.06) {
    const reason = r.pick(REJECT_REASONS)
    if (move(created + 4 * HOUR, 'rejected', 'admin', reason)) order.statusReason = reason
    return order
  }
  if (fate < 0.12) {
    const reason = r.pick(CANCEL_REASONS)
    if (move(created + 20 * HOUR, 'cancelled', 'user', reason)) order.statusReason = reason
    return order
  }
  if (!move(created + 6 * HOUR, 'accepted', 'admin', 'accepted')) return order
  const receivedAt = created + (2 + r.int(0, 1)) * DAY
  if (!move(receivedAt, 'received', 'admin', 'samples received')) return order
  order.receivedSamples = r.chance(0.1) ? Math.max(1, samples - 1) : samples
  // the run, booked when the samples arrived, in the first free hour from the next morning
  const from = local(receivedAt).plus({ days: 1 }).startOf('day').toMillis()
  const span = firstFreeRun(
    instrument,
    Math.max(from, receivedAt + demo.noticeMinutes * MINUTE),
    runMinutes(instrument),
    ctx.busy,
  )
  if (!span) return order
  const run = { ...span, holdEnd: span.end + demo.bufferMinutes * MINUTE, createdAt: receivedAt + HOUR }
  if (!move(run.createdAt, 'in_progress', 'admin', 'run booked')) return order
  order.runs.push(run)
  ctx.add(instrument, run.start, run.holdEnd)
  const reportedAt = run.end + r.int(18, 60) * HOUR
  if (!move(reportedAt, 'reported', 'admin', 'report filed')) return order
  const charge = sampleCharge(demo.rates, priceClass, order.receivedSamples)
  order.reportedAt = reportedAt
  order.chargeFen = charge.chargeFen
  order.sampleDisposal = r.pick(['returned', 'disposed', 'kept'] as const)
  order.reportNote = `${sample.tests}已完成，共 ${order.receivedSamples} 个样品，详见报告。`
  if (charge.chargeFen > 0)
    ctx.entries.push({
      kind: 'charge',
      reservation: -1,
      order: ctx.index,
      provider: demo.institution,
      payer,
      instrument,
      user,
      useStart: reportedAt,
      monthOrd: monthOrdOf(reportedAt),
      priceClass,
      quantityUnits: order.receivedSamples,
      unitPriceFen: charge.unitPriceFen,
      feePercent: null,
      chargeFen: charge.chargeFen,
      deductionFen: 0,
      payableFen: charge.chargeFen,
      fundAccount: '',
      voucher: null,
      createdAt: reportedAt,
    })
  const confirmsAt = reportedAt + r.int(1, 5) * DAY
  const confirmed = r.chance(0.6)
    ? move(confirmsAt, 'completed', 'user', null)
    : move(reportedAt + 14 * DAY, 'completed', null, 'not confirmed within 14 days of the report')
  if (confirmed) order.completedAt = order.updatedAt
  if (r.chance(0.65)) {
    const ratedAt = reportedAt + r.int(1, 20) * DAY
    if (ratedAt <= now) order.rating = rating(r, reportedAt, ratedAt)
  }
  return order
}

function rating(r: Prng, useAt: number, createdAt: number): PlannedRating {
  const score = () => r.weighted([5, 4, 3, 2], (s) => (s === 5 ? 6 : s === 4 ? 3 : s === 3 ? 1 : 0.2))
  return { timeliness: score(), quality: score(), staff: score(), comment: r.pick(RATING_COMMENTS), useAt, createdAt }
}

/** A quarter of the completed uses that ended at least a day ago are rated, within their 30 days. */
function rateReservations(plan: DemoPlan, now: number): DemoOrders['reservationRatings'] {
  const rng = createPrng('yongzhou-yixiang-demo-ratings-v1')
  return plan.reservations.flatMap((reservation, k) => {
    if (reservation.status !== 'completed' || reservation.recorded) return []
    const r = rng.fork(`rating-${k}`)
    if (!r.chance(0.25)) return []
    const ended = reservation.actualEnd ?? reservation.end
    const createdAt = ended + r.int(2, 20 * 24) * HOUR
    if (createdAt > now) return []
    return [
      {
        ...rating(r, reservation.start, createdAt),
        reservation: k,
        instrument: reservation.instrument,
        user: reservation.user,
      },
    ]
  })
}
