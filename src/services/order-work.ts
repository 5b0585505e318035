import { DateTime } from 'luxon'
import { sampleCharge } from '../domain/money/charge.js'
import { monthOrdOf } from '../domain/money/months.js'
import { coveredFen, voucherRefusal } from '../domain/money/vouchers.js'
import { looksLikePdf, MAX_REPORT_BYTES, type Order, RUNS_OPEN_IN, type SampleDisposal } from '../domain/orders.js'
import { STATS_ZONE, yearOf } from '../domain/sharing/counting.js'
import type { Institution, Instrument, Reservation, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import type { DeductionTerms } from '../repositories/charges.js'
import {
  cancelRun,
  listRuns,
  type ReportWrite,
  reportFollowUps,
  reportSetSql,
  runExtras,
} from '../repositories/order-work.js'
import { findOrder, moveOrder } from '../repositories/orders.js'
import { findReservation, insertReservationIfFree, MAX_SPAN_MS } from '../repositories/reservations.js'
import { newId } from '../security/tokens.js'
import type { Deps } from './deps.js'
import type { ReportFields } from './inputs/order.js'
import { ReportNote } from './inputs/order.js'
import { checkedText } from './inputs/text.js'
import { authoriseMove, cannot, changedMeanwhile, getOrder, moveFor, partsOf } from './orders.js'
import { type MoneyLookups, moneyLookups } from './pricing.js'
import { type ReportStore, reportKeyOf } from './report-store.js'
import { timeTaken } from './reservations.js'

/*
 * The lab's work on a sample order (DOMAIN.md "Sample orders"): runs booked on the instrument's calendar through the
 * same conflict-checked insert as every reservation, and the report — a PDF and/or a note — which makes the charge
 * final (received samples × the per-sample price of the requester's class) with the voucher's deduction in the same
 * write.
 */

const MINUTE = 60_000

/** Only the provider's admin books and removes runs and files reports (403 before any 409). */
function providerOnly(actor: User, order: Order, instrument: Instrument) {
  authoriseMove('start', partsOf(actor, order, instrument))
}

/**
 * Books a run: time on the instrument's calendar for the order, which moves into progress. It may lie in the past or
 * the future; only overlaps (held and completed reservations, with buffers) and blackouts apply: 409 time-taken.
 */
export async function bookRun(
  deps: Deps,
  actor: User,
  orderId: string,
  span: { start: number; end: number },
): Promise<Reservation> {
  if (span.end <= span.start) throw invalid('end', 'must be after start')
  if (span.end - span.start > MAX_SPAN_MS) throw invalid('end', 'a run lasts at most 31 days')
  const { order, instrument } = await getOrder(deps, actor, orderId)
  providerOnly(actor, order, instrument)
  const move = moveFor('start', order, partsOf(actor, order, instrument))
  if (!move) throw cannot('start', order.status)
  const now = deps.clock()
  const run = {
    id: newId(),
    instrumentId: instrument.id,
    userId: actor.id,
    // a run is the lab's own time: it belongs to the provider, never to the requester's count
    userInstitutionId: instrument.institutionId,
    start: span.start,
    end: span.end,
    holdEnd: span.end + instrument.bufferMinutes * MINUTE,
    status: 'confirmed' as const,
    purpose: '',
    recorded: false,
    recognitionId: null,
    orderId: order.id,
    actualStart: null,
    actualEnd: null,
    icsUid: `${newId()}@yongzhou`,
  }
  const inserted = await insertReservationIfFree(
    deps.db,
    deps.batch,
    run,
    now,
    { actorId: actor.id, fromStatus: null, toStatus: 'confirmed', reason: 'run of a sample order' },
    runExtras(deps.db, run, actor.id, now, order.status === 'in_progress' ? 'in_progress' : 'received'),
  )
  if (!inserted) {
    const current = await findOrder(deps.db, order.id)
    if (!current || !RUNS_OPEN_IN.includes(current.status)) throw changedMeanwhile()
    throw await timeTaken(deps, instrument, span.start, span.end)
  }
  return (await findReservation(deps.db, run.id))!
}

/** The runs of an order the actor may see. */
export async function orderRuns(deps: Deps, actor: User, orderId: string): Promise<Reservation[]> {
  await getOrder(deps, actor, orderId)
  return listRuns(deps.db, orderId)
}

/** Removes a run booked for the order while the lab still works on it (its time is freed). */
export async function removeRun(deps: Deps, actor: User, orderId: string, runId: string): Promise<void> {
  const { order, instrument } = await getOrder(deps, actor, orderId)
  const run = await findReservation(deps.db, runId)
  if (!run || run.orderId !== order.id) throw notFound('Run')
  providerOnly(actor, order, instrument)
  if (!RUNS_OPEN_IN.includes(order.status))
    throw new AppError('invalid-transition', `The order is ${order.status}: its runs are history now.`)
  if (run.status !== 'confirmed') throw new AppError('invalid-transition', `This run is ${run.status} already.`)
  if (!(await cancelRun(deps.db, deps.batch, { id: run.id, orderId: order.id }, actor.id, deps.clock())))
    throw changedMeanwhile()
}

/** What a report brings: the PDF (or none) and its form fields. */
export interface ReportUpload extends ReportFields {
  pdf: Uint8Array | null
}

/** The voucher's terms for an order's final charge: checked again on the report's date; none where it no longer applies. */
async function deductionTerms(
  lookups: MoneyLookups,
  order: Order,
  provider: Institution,
  chargeFen: number,
  reportedAt: number,
): Promise<DeductionTerms | null> {
  if (!order.voucherId || chargeFen === 0) return null
  const voucher = await lookups.voucher(order.voucherId)
  const program = voucher ? await lookups.program(voucher.programId) : null
  const user = await lookups.institution(order.userInstitutionId)
  if (!voucher || !program || !user) return null
  const refusal = voucherRefusal({
    voucher,
    program,
    user: { institutionId: user.id, institutionKind: user.kind },
    providerCity: provider.city,
    priceClass: order.priceClass,
    useStart: reportedAt,
    namedAt: null,
  })
  if (refusal) return null
  return {
    voucherId: voucher.id,
    programId: program.id,
    holderInstitutionId: voucher.holderInstitutionId,
    ceilingFen: coveredFen(chargeFen, order.priceClass, program),
    perHolderYearCapFen: program.perHolderYearCapFen,
    countedYear: yearOf(reportedAt),
  }
}

/**
 * Files the report of an order in `received` or `in_progress`: 413 over 10 MB, 415 when the file is not a PDF, 400
 * without a PDF and a note, 404, 403, 409. The PDF is stored first under a key derived from the order's id; the
 * report, the final charge with its deduction, the billing entry and the freeing of future runs are then one guarded
 * batch. Should that write lose a race, the stored file is removed again.
 */
export async function fileReport(
  deps: Deps,
  store: ReportStore,
  actor: User,
  orderId: string,
  upload: ReportUpload,
): Promise<Order> {
  if (upload.pdf && upload.pdf.byteLength > MAX_REPORT_BYTES)
    throw new AppError('too-large', 'The report is larger than 10 MB.')
  if (upload.pdf && !looksLikePdf(upload.pdf))
    throw new AppError('unsupported-media-type', 'The report must be a PDF (its content does not start with %PDF-).')
  const note = upload.note ? checkedText('note', upload.note, ReportNote) || null : null
  if (!upload.pdf && !note) throw invalid('file', 'a report needs a PDF, a note, or both')
  const { order, instrument } = await getOrder(deps, actor, orderId)
  providerOnly(actor, order, instrument)
  const move = moveFor('report', order, partsOf(actor, order, instrument))
  if (!move) throw cannot('report', order.status)
  const lookups = moneyLookups(deps)
  const provider = await lookups.institution(instrument.institutionId)
  if (!provider) throw notFound('Institution')
  const now = deps.clock()
  const samples = order.receivedSamples ?? order.samples
  const charge = sampleCharge(order.rates, order.priceClass, samples)
  const report: ReportWrite = {
    order,
    providerInstitutionId: instrument.institutionId,
    reportKey: upload.pdf ? reportKeyOf(order.id) : null,
    reportBytes: upload.pdf?.byteLength ?? null,
    note,
    sampleDisposal: upload.sampleDisposal as SampleDisposal,
    chargeFen: charge.chargeFen,
    deduction: await deductionTerms(lookups, order, provider, charge.chargeFen, now),
    monthOrd: monthOrdOf(now),
    unitPriceFen: charge.unitPriceFen,
    quantity: samples,
    statementId: newId(),
  }
  if (upload.pdf && report.reportKey) await store.put(report.reportKey, upload.pdf)
  let changed = false
  try {
    changed = await moveOrder(
      deps.db,
      deps.batch,
      {
        order,
        fromStatuses: [order.status],
        toStatus: 'reported',
        extraSet: reportSetSql(report, now),
        followedBy: reportFollowUps(deps.db, report, actor.id, now),
      },
      now,
      {
        actorId: actor.id,
        fromStatus: order.status,
        toStatus: 'reported',
        reason: 'report filed',
        detail: {
          samples,
          unitPriceFen: charge.unitPriceFen,
          chargeFen: charge.chargeFen,
          sampleDisposal: report.sampleDisposal,
          pdf: report.reportKey !== null,
        },
      },
    )
  } finally {
    if (!changed && report.reportKey) await store.delete(report.reportKey).catch(() => {})
  }
  if (!changed) throw changedMeanwhile()
  return (await findOrder(deps.db, order.id))!
}

/**
 * The report PDF of an order, for its requester and the provider's admin only (a talent office sees the order, not
 * its report: 403); 404 when the order has no PDF (not reported yet, or a note only).
 */
export async function reportPdf(
  deps: Deps,
  store: ReportStore,
  actor: User,
  orderId: string,
): Promise<{ bytes: Uint8Array; order: Order; instrument: Instrument }> {
  const { order, instrument } = await getOrder(deps, actor, orderId)
  if (partsOf(actor, order, instrument).length === 0)
    throw forbidden('Only the requester and the lab read the report of an order.')
  if (!order.reportKey) throw notFound('Report PDF')
  const bytes = await store.get(order.reportKey)
  if (!bytes) throw notFound('Report PDF')
  return { bytes, order, instrument }
}

/** The report's file name (检测报告-<instrument>-<day in Asia/Shanghai>.pdf) and its plain ASCII fallback. */
export function reportFileNames(order: Order, instrument: Instrument): [string, string] {
  const day =
    order.reportedAt === null
      ? ''
      : `-${DateTime.fromMillis(order.reportedAt, { zone: STATS_ZONE }).toFormat('yyyy-LL-dd')}`
  return [`检测报告-${instrument.name}${day}.pdf`, `report-${order.id}.pdf`]
}
