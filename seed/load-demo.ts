/**
 * Loads the demo data (the catalogue of seed/demo-catalogue.ts + a year of history from seed/demo-history.ts)
 * into an empty database. Plain chunked INSERTs and no transaction, so the same code runs on
 * SQLite and on D1; every statement stays within D1's 100 bound parameters.
 */
import type { Insertable } from 'kysely'
import type { Database, Db } from '../src/db/database.js'
import { instrumentToRow } from '../src/db/rows.js'
import { monthText } from '../src/domain/money/months.js'
import { hashPassword } from '../src/security/password.js'
import { newId, randomSecret } from '../src/security/tokens.js'
import { INSTRUMENT_DEFAULTS } from '../src/services/inputs/instrument.js'
import { DEMO_PASSWORD } from './data/accounts.js'
import { DEMO_CITIES, EVERY_DEMO_INSTITUTION } from './data/institutions.js'
import { DEMO_INSTRUMENTS, DEMO_USERS } from './demo-catalogue.js'
import { planDemoHistory } from './demo-history.js'
import { type DemoMoney, planDemoMoney } from './demo-money.js'
import { type DemoStatements, planDemoStatements } from './demo-statements.js'

export { DEMO_PASSWORD } from './data/accounts.js'
export { DEMO_ACCOUNTS } from './demo-catalogue.js'

/** D1 binds at most 100 parameters per statement; SQLite allows far more. */
const MAX_PARAMETERS = 100
const MAX_ROWS = 50
/** Password hashes computed at once (PBKDF2 runs on the thread pool, off the main thread). */
const HASH_GROUP = 32

export interface DemoCounts {
  institutions: number
  instruments: number
  users: number
  reservations: number
}

async function insertChunked<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  const first = rows[0]
  if (!first) return
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / Object.keys(first).length)))
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
  }
}

/** One PBKDF2 hash, with its own salt, per user. */
async function hashPasswords(count: number): Promise<string[]> {
  const hashes: string[] = []
  for (let i = 0; i < count; i += HASH_GROUP) {
    const group = Math.min(HASH_GROUP, count - i)
    hashes.push(...(await Promise.all(Array.from({ length: group }, () => hashPassword(DEMO_PASSWORD)))))
  }
  return hashes
}

/**
 * Inserts the demo institutions, accounts (password `demo1234`), instruments and a year of
 * history relative to `now` (epoch ms). Call it on an empty database only.
 */
export async function loadDemoData(db: Db, now: number): Promise<DemoCounts> {
  // one hash (and salt) per user; they run on the thread pool while the plan is computed
  const hashing = hashPasswords(DEMO_USERS.length)
  const plan = planDemoHistory(now)
  const { launch } = plan
  const money = planDemoMoney(plan, now)
  const settled = planDemoStatements(money.entries, now)

  const institutionIds = new Map(EVERY_DEMO_INSTITUTION.map((institution) => [institution.short, newId()]))
  const institutionId = (short: string) => institutionIds.get(short)!

  const userIds = DEMO_USERS.map(() => newId())
  const adminOf = new Map<string, string>()
  DEMO_USERS.forEach((user, i) => {
    if (user.role === 'institution_admin' && user.institution) adminOf.set(user.institution, userIds[i]!)
  })
  const talentOffice = userIds[DEMO_USERS.findIndex((u) => u.role === 'talent_office')] ?? null

  const hashes = await hashing

  const instrumentIds = DEMO_INSTRUMENTS.map(() => newId())
  const instrumentAdmin = (i: number) => adminOf.get(DEMO_INSTRUMENTS[i]!.institution) ?? null
  const statusChangeOf = new Map(plan.statusChanges.map((change) => [change.instrument, change]))
  const blackoutIds = plan.blackouts.map(() => newId())

  // every database has the two cities from its migrations (schema/0004); a city the demo adds later would be new
  await db
    .insertInto('cities')
    .values(DEMO_CITIES.map((city) => ({ code: city.code, name: city.name })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
  await insertChunked(
    db,
    'institutions',
    EVERY_DEMO_INSTITUTION.map((institution) => ({
      id: institutionId(institution.short),
      name: institution.name,
      city: institution.city,
      kind: institution.kind,
    })),
  )
  await insertChunked(
    db,
    'users',
    DEMO_USERS.map((user, i) => ({
      id: userIds[i]!,
      email: user.email,
      name: user.name,
      password_hash: hashes[i]!,
      role: user.role,
      institution_id: user.institution ? institutionId(user.institution) : null,
      active: 1,
      feed_key: randomSecret(),
      created_at: launch + i * 60_000,
    })),
  )
  await insertChunked(
    db,
    'instruments',
    DEMO_INSTRUMENTS.map((instrument, i) => {
      const change = statusChangeOf.get(i)
      const createdAt = launch + 3_600_000 + i * 60_000
      const row = instrumentToRow(
        {
          // settings the demo does not choose keep the API's defaults
          ...INSTRUMENT_DEFAULTS,
          ...instrument,
          id: instrumentIds[i]!,
          institutionId: institutionId(instrument.institution),
          timezone: 'Asia/Shanghai',
          version: change ? 2 : 1,
        },
        createdAt,
      )
      return { ...row, updated_at: change ? change.at : createdAt }
    }),
  )
  await insertChunked(
    db,
    'instrument_events',
    plan.statusChanges.map((change) => ({
      instrument_id: instrumentIds[change.instrument]!,
      actor_id: instrumentAdmin(change.instrument),
      at: change.at,
      changes: JSON.stringify({ status: { from: 'active', to: change.to } }),
    })),
  )
  await insertChunked(
    db,
    'blackouts',
    plan.blackouts.map((blackout, b) => ({
      id: blackoutIds[b]!,
      instrument_id: instrumentIds[blackout.instrument]!,
      start_ms: blackout.start,
      end_ms: blackout.end,
      reason: blackout.reason,
      created_by: instrumentAdmin(blackout.instrument),
      created_at: blackout.createdAt,
    })),
  )

  // 资格互认: the recognition exists before the reservations and qualifications that name it
  const { recognition } = plan
  const recognitionId = newId()
  const underRecognition = new Set(recognition.underRecognition)
  const recognisingAdmin = instrumentAdmin(recognition.instrument)
  await insertChunked(db, 'recognitions', [
    {
      id: recognitionId,
      instrument_id: instrumentIds[recognition.instrument]!,
      issuing_institution_id: institutionId(recognition.issuer),
      created_by: recognisingAdmin,
      created_at: recognition.createdAt,
      expires_at: null,
      revoked_by: null,
      revoked_at: null,
    },
  ])
  const programIds = money.programs.map(() => newId())
  await insertChunked(
    db,
    'voucher_programs',
    money.programs.map((p, i) => ({
      id: programIds[i]!,
      name: p.name,
      city: p.city,
      coverage_percent: p.coveragePercent,
      full_coverage_below_fen: p.fullCoverageBelowFen,
      per_use_cap_fen: p.perUseCapFen,
      per_holder_year_cap_fen: p.perHolderYearCapFen,
      holder_kinds: JSON.stringify(p.holderKinds),
      provider_cities: p.providerCities === null ? null : JSON.stringify(p.providerCities),
      valid_from: p.validFrom,
      valid_to: p.validTo,
      created_by: userIds[p.createdBy] ?? null,
      created_at: p.createdAt,
    })),
  )
  const voucherIds = money.vouchers.map(() => newId())
  await insertChunked(
    db,
    'vouchers',
    money.vouchers.map((v, i) => ({
      id: voucherIds[i]!,
      program_id: programIds[v.program]!,
      holder_institution_id: institutionId(v.holder),
      amount_fen: v.amountFen,
      expires_at: v.expiresAt,
      granted_by: userIds[v.grantedBy] ?? null,
      granted_at: v.grantedAt,
    })),
  )

  const reservationIds = plan.reservations.map(() => newId())
  await insertChunked(
    db,
    'reservations',
    plan.reservations.map((r, k) => ({
      id: reservationIds[k]!,
      instrument_id: instrumentIds[r.instrument]!,
      user_id: userIds[r.user]!,
      user_institution_id: institutionId(DEMO_USERS[r.user]!.institution!),
      start_ms: r.start,
      end_ms: r.end,
      hold_end_ms: r.holdEnd,
      status: r.status,
      purpose: r.purpose,
      recorded: r.recorded ? 1 : 0,
      recognition_id: underRecognition.has(k) ? recognitionId : null,
      actual_start_ms: r.actualStart,
      actual_end_ms: r.actualEnd,
      status_reason: r.statusReason,
      decided_by: r.decidedAt === null ? null : instrumentAdmin(r.instrument),
      decided_at: r.decidedAt,
      ics_uid: `${randomSecret(18)}@yongzhou`,
      version: money.events[k]!.length,
      created_at: r.createdAt,
      updated_at: money.events[k]!.at(-1)!.at,
      price_class: money.reservations[k]!.priceClass,
      rates: JSON.stringify(money.reservations[k]!.rates),
      voucher_id: money.reservations[k]!.voucher === null ? null : voucherIds[money.reservations[k]!.voucher!]!,
      fund_account: money.reservations[k]!.fundAccount,
      billable: 1,
      billed_minutes: money.reservations[k]!.billedMinutes,
      charge_fen: money.reservations[k]!.chargeFen,
      deduction_fen: money.reservations[k]!.deductionFen,
      payable_fen: money.reservations[k]!.payableFen,
      fee_fen: money.reservations[k]!.feeFen,
      charged_at: money.reservations[k]!.chargedAt,
    })),
  )
  await insertChunked(
    db,
    'reservation_events',
    plan.reservations.flatMap((r, k) =>
      money.events[k]!.map((event) => ({
        reservation_id: reservationIds[k]!,
        actor_id:
          event.actor === 'user' ? userIds[r.user]! : event.actor === 'admin' ? instrumentAdmin(r.instrument) : null,
        at: event.at,
        from_status: event.from,
        to_status: event.to,
        reason: event.reason,
        detail: event.blackout === undefined ? null : JSON.stringify({ blackoutId: blackoutIds[event.blackout] }),
      })),
    ),
  )
  await loadMoney(db, money, settled, {
    institutionId,
    userIds,
    instrumentIds,
    reservationIds,
    programIds,
    voucherIds,
  })
  await insertChunked(
    db,
    'qualifications',
    plan.qualifications.map((q) => ({
      instrument_id: instrumentIds[q.instrument]!,
      user_id: userIds[q.user]!,
      granted_by: q.byRecognition ? null : instrumentAdmin(q.instrument),
      granted_at: q.grantedAt,
      expires_at: null,
      recognition_id: q.byRecognition ? recognitionId : null,
    })),
  )
  const qualifiedByRecognition = plan.qualifications.filter(
    (q) => q.byRecognition && q.instrument === recognition.instrument,
  )
  await insertChunked(db, 'recognition_events', [
    {
      recognition_id: recognitionId,
      actor_id: recognisingAdmin,
      at: recognition.createdAt,
      action: 'recognised',
      reservation_id: null,
      user_id: null,
    },
    ...recognition.underRecognition.map((k) => ({
      recognition_id: recognitionId,
      actor_id: userIds[plan.reservations[k]!.user]!,
      at: plan.reservations[k]!.createdAt,
      action: 'booked',
      reservation_id: reservationIds[k]!,
      user_id: userIds[plan.reservations[k]!.user]!,
    })),
    ...qualifiedByRecognition.map((q) => {
      const k = recognition.underRecognition.find(
        (index) => plan.reservations[index]!.user === q.user && plan.reservations[index]!.status === 'completed',
      )!
      return {
        recognition_id: recognitionId,
        actor_id: userIds[q.user]!,
        at: q.grantedAt,
        action: 'qualified',
        reservation_id: reservationIds[k]!,
        user_id: userIds[q.user]!,
      }
    }),
  ])
  // the national means of the 2025 evaluation (开放共享评价): 有效工作机时 1,599 h, 对外服务机时 273 h
  await insertChunked(db, 'evaluation_means', [
    { year: 2025, effective_hours: 1599, external_hours: 273, set_by: userIds[0] ?? null, set_at: launch },
  ])
  await insertChunked(
    db,
    'targets',
    plan.targets.map((t) => ({ year: t.year, target: t.target, set_by: talentOffice, set_at: t.setAt })),
  )

  return {
    institutions: EVERY_DEMO_INSTITUTION.length,
    instruments: DEMO_INSTRUMENTS.length,
    users: DEMO_USERS.length,
    reservations: plan.reservations.length,
  }
}

/** The ledger, the billing entries and the statements (with their frozen lines and their events). */
async function loadMoney(
  db: Db,
  money: DemoMoney,
  settled: DemoStatements,
  ids: {
    institutionId: (short: string) => string
    userIds: string[]
    instrumentIds: string[]
    reservationIds: string[]
    programIds: string[]
    voucherIds: string[]
  },
) {
  await insertChunked(
    db,
    'voucher_ledger',
    money.ledger.map((line) => ({
      voucher_id: ids.voucherIds[line.voucher]!,
      program_id: ids.programIds[money.vouchers[line.voucher]!.program]!,
      holder_institution_id: ids.institutionId(money.vouchers[line.voucher]!.holder),
      provider_institution_id: ids.institutionId(line.provider),
      reservation_id: ids.reservationIds[line.reservation]!,
      deduction_fen: line.deductionFen,
      counted_year: line.countedYear,
      at: line.at,
    })),
  )
  const statementIds = settled.statements.map(() => newId())
  await insertChunked(
    db,
    'statements',
    settled.statements.map((s, i) => ({
      id: statementIds[i]!,
      provider_institution_id: ids.institutionId(s.provider),
      payer_institution_id: ids.institutionId(s.payer),
      month: monthText(s.monthOrd),
      month_ord: s.monthOrd,
      status: s.status,
      created_by: null,
      created_at: s.createdAt,
      issued_at: s.issuedAt,
      issued_by: s.issuedBy === null ? null : (ids.userIds[s.issuedBy] ?? null),
      paid_at: s.paidAt,
      dispute_reason: s.disputeReason,
      disputed_at: s.disputedAt,
      answer_note: s.answerNote,
      answered_at: s.answeredAt,
      version: s.events.length + 1,
      updated_at: s.updatedAt,
    })),
  )
  await insertChunked(
    db,
    'billing_entries',
    money.entries.map((e, n) => {
      const statement = settled.entryStatement[n] ?? null
      return {
        id: n + 1,
        kind: e.kind,
        reservation_id: ids.reservationIds[e.reservation]!,
        provider_institution_id: ids.institutionId(e.provider),
        payer_institution_id: ids.institutionId(e.payer),
        instrument_id: ids.instrumentIds[e.instrument]!,
        user_id: ids.userIds[e.user]!,
        use_start_ms: e.useStart,
        month_ord: e.monthOrd,
        price_class: e.priceClass,
        unit: 'hour',
        quantity_units: e.quantityUnits,
        unit_price_fen: e.unitPriceFen,
        fee_percent: e.feePercent,
        charge_fen: e.chargeFen,
        deduction_fen: e.deductionFen,
        payable_fen: e.payableFen,
        fund_account: e.fundAccount,
        voucher_id: e.voucher === null ? null : ids.voucherIds[e.voucher]!,
        statement_id: statement === null ? null : statementIds[statement]!,
        created_at: e.createdAt,
      }
    }),
  )
  await insertChunked(
    db,
    'statement_lines',
    money.entries.flatMap((e, n) => {
      const statement = settled.entryStatement[n] ?? null
      if (statement === null) return []
      const monthOrd = settled.statements[statement]!.monthOrd
      return [
        {
          statement_id: statementIds[statement]!,
          entry_id: n + 1,
          kind: e.monthOrd === monthOrd ? e.kind : 'adjustment',
          source: e.kind,
          use_start_ms: e.useStart,
          reservation_id: ids.reservationIds[e.reservation]!,
          instrument_id: ids.instrumentIds[e.instrument]!,
          instrument_name: DEMO_INSTRUMENTS[e.instrument]!.name,
          user_id: ids.userIds[e.user]!,
          user_name: DEMO_USERS[e.user]!.name,
          fund_account: e.fundAccount,
          price_class: e.priceClass,
          unit: 'hour',
          quantity_units: e.quantityUnits,
          unit_price_fen: e.unitPriceFen,
          fee_percent: e.feePercent,
          charge_fen: e.chargeFen,
          deduction_fen: e.deductionFen,
          payable_fen: e.payableFen,
        },
      ]
    }),
  )
  await insertChunked(
    db,
    'statement_events',
    settled.statements.flatMap((s, i) =>
      s.events.map((event) => ({
        statement_id: statementIds[i]!,
        actor_id: event.actor === null ? null : (ids.userIds[event.actor] ?? null),
        at: event.at,
        from_status: event.from,
        to_status: event.to,
        note: event.note,
      })),
    ),
  )
}

/** Loads the demo data when the database has no institution yet; says whether it did. */
export async function seedIfEmpty(db: Db, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('institutions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  if (Number(row?.n ?? 0) > 0) return false
  await loadDemoData(db, now)
  return true
}
