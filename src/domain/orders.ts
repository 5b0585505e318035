import type { PriceClass, RateCard } from './money/rates.js'

/**
 * Sample orders (送样检测, DOMAIN.md "Sample orders"): what an order is, and its state machine as a table of moves,
 * as `lifecycle.ts` is for reservations. Pure: who acts and when come in as arguments.
 */

export const ORDER_STATUSES = [
  'submitted',
  'accepted',
  'received',
  'in_progress',
  'reported',
  'completed',
  'rejected',
  'cancelled',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** An order in one of these statuses is one use (台次) of its instrument, dated by its reported time. */
export const COUNTED_ORDER_STATUSES = ['reported', 'completed'] as const satisfies readonly OrderStatus[]

/** What the samples are a hazard of. Explosives are never accepted: there is no value for them. */
export const HAZARDS = ['none', 'toxic', 'flammable', 'corrosive', 'radioactive', 'biological'] as const
export type Hazard = (typeof HAZARDS)[number]

/** The words a requester might send for explosives, refused with a sentence of their own (400). */
export const EXPLOSIVE_WORDS: readonly string[] = ['explosive', 'explosives', '易爆', '爆炸品']

/** The samples' form or state (样品状态). */
export const SAMPLE_FORMS = ['solid', 'powder', 'liquid', 'film', 'gas', 'tissue', 'other'] as const
export type SampleForm = (typeof SAMPLE_FORMS)[number]

/** How the samples reach the lab: by courier (a tracking number, possibly added later) or brought in person. */
export const DELIVERIES = ['courier', 'in_person'] as const
export type Delivery = (typeof DELIVERIES)[number]

/** What became of the samples, said at `report`. */
export const SAMPLE_DISPOSALS = ['returned', 'disposed', 'kept'] as const
export type SampleDisposal = (typeof SAMPLE_DISPOSALS)[number]

export const MIN_SAMPLES = 1
export const MAX_SAMPLES = 500

/** A report PDF is at most 10 MB. */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024

/** A reported order the requester has not confirmed completes by itself this long after its report (14 × 24 h). */
export const AUTO_COMPLETE_AFTER_MS = 14 * 24 * 3_600_000

export interface Order {
  id: string
  instrumentId: string
  userId: string
  /** The requester's institution, copied when the order was submitted. */
  userInstitutionId: string
  status: OrderStatus
  samples: number
  /** How many samples arrived (recorded at `receive`); the charge counts these. */
  receivedSamples: number | null
  sampleDescription: string
  sampleForm: SampleForm | null
  hazard: Hazard
  tests: string
  turnaroundDays: number | null
  delivery: Delivery
  trackingNumber: string | null
  statusReason: string | null
  sampleDisposal: SampleDisposal | null
  reportNote: string | null
  /** The report PDF's key in the report store; null when the report is a note only (or not filed yet). */
  reportKey: string | null
  reportBytes: number | null
  reportedAt: number | null
  completedAt: number | null
  priceClass: PriceClass
  /** The instrument's rate card when the order was submitted: later price changes never touch it. */
  rates: RateCard
  voucherId: string | null
  fundAccount: string
  /** The requested samples × the copy's per-sample price: the quote at submission. */
  quoteFen: number
  /** Final at `reported`: received samples × that price. */
  chargeFen: number | null
  deductionFen: number | null
  payableFen: number | null
  chargedAt: number | null
  version: number
  createdAt: number
  updatedAt: number
}

/** Whether an instrument takes sample orders: in `service` mode, or with a per-sample price. */
export const takesSamples = (instrument: { mode: string; rates: RateCard }): boolean =>
  instrument.mode === 'service' || instrument.rates.sample !== null

export type OrderAction = 'accept' | 'reject' | 'receive' | 'start' | 'report' | 'complete' | 'cancel'

/** Who makes a move: the order's requester, or the admin of the instrument's institution (the provider). */
export type OrderActor = 'requester' | 'provider'

/**
 * Every legal move: action → (from → to), and who may make it. `start` is a run booked: the first moves a received
 * order into progress, later ones keep it there. The requester cancels until the samples are received; the
 * provider's admin until the report.
 */
const MOVES: Readonly<
  Record<OrderAction, { by: readonly OrderActor[]; from: Partial<Record<OrderStatus, OrderStatus>> }>
> = {
  accept: { by: ['provider'], from: { submitted: 'accepted' } },
  reject: { by: ['provider'], from: { submitted: 'rejected' } },
  receive: { by: ['provider'], from: { accepted: 'received' } },
  start: { by: ['provider'], from: { received: 'in_progress', in_progress: 'in_progress' } },
  report: { by: ['provider'], from: { received: 'reported', in_progress: 'reported' } },
  complete: { by: ['requester'], from: { reported: 'completed' } },
  cancel: {
    by: ['requester', 'provider'],
    from: { submitted: 'cancelled', accepted: 'cancelled', received: 'cancelled', in_progress: 'cancelled' },
  },
}

/** The requester may cancel only before the samples are received. */
const REQUESTER_CANCELS_FROM: readonly OrderStatus[] = ['submitted', 'accepted']

/** Whether `actor` may make `action` at all (whatever the state): the 403 before the 409. */
export const mayMakeMove = (action: OrderAction, actor: OrderActor): boolean => MOVES[action].by.includes(actor)

/** The status after `action` by `actor` from `from`, or null when the move is illegal now (409 invalid-transition). */
export function nextOrderStatus(from: OrderStatus, action: OrderAction, actor: OrderActor): OrderStatus | null {
  const move = MOVES[action]
  if (!move.by.includes(actor)) return null
  if (action === 'cancel' && actor === 'requester' && !REQUESTER_CANCELS_FROM.includes(from)) return null
  return move.from[from] ?? null
}

/** The statuses `action` by `actor` may start from, for guarded writes (`WHERE status IN (...)`); a fresh array. */
export function orderFromStatuses(action: OrderAction, actor: OrderActor): OrderStatus[] {
  return (Object.keys(MOVES[action].from) as OrderStatus[]).filter(
    (from) => nextOrderStatus(from, action, actor) !== null,
  )
}

/** The courier number may be added or changed by the requester until the samples are received. */
export const TRACKING_EDITABLE_IN: readonly OrderStatus[] = ['submitted', 'accepted']

/** Runs may be booked (and removed) while the lab holds the samples and has not reported. */
export const RUNS_OPEN_IN: readonly OrderStatus[] = ['received', 'in_progress']

/** Whether a reported order completes by itself at `now`: 14 days (14 × 24 h) after its report. */
export const completesByItself = (order: Pick<Order, 'status' | 'reportedAt'>, now: number): boolean =>
  order.status === 'reported' && order.reportedAt !== null && now >= order.reportedAt + AUTO_COMPLETE_AFTER_MS

/** Whether the order is one use (台次): reported or completed. */
export const isCountedOrder = (status: OrderStatus): boolean =>
  (COUNTED_ORDER_STATUSES as readonly OrderStatus[]).includes(status)

/** A PDF starts with `%PDF-` (its magic bytes); anything else is not one. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const magic = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte)
}
