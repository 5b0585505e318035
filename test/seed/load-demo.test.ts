import { sql } from 'kysely'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ENTERPRISES } from '../../seed/data/institutions.js'
import { DEMO_INSTRUMENTS } from '../../seed/demo-catalogue.js'
import { planDemoHistory } from '../../seed/demo-history.js'
import { DEMO_ACCOUNTS, type DemoCounts, loadDemoData, seedIfEmpty } from '../../seed/load-demo.js'
import type { Db } from '../../src/db/database.js'
import { timeCharge } from '../../src/domain/money/charge.js'
import type { RateCard } from '../../src/domain/money/rates.js'
import { yearBounds } from '../../src/domain/sharing/counting.js'
import { verifyPassword } from '../../src/security/password.js'
import { DEMO_EMAIL_DOMAIN, demoAccountsActive } from '../../src/services/demo.js'
import { getEvaluation } from '../../src/services/evaluation.js'
import { runDueJobs } from '../../src/services/jobs.js'
import { moneyStatsFor } from '../../src/services/money-stats.js'
import { getStatement } from '../../src/services/statements.js'
import { testDatabase } from '../support/database.js'

const NOW = Date.parse('2026-11-20T10:00:00+08:00')
const ZONE = 'Asia/Shanghai'
const HELD = ['pending', 'confirmed', 'in_use']

/** SEED-REFERENCE.md, "Institutions". */
const REFERENCE_INSTITUTIONS: [string, string, string][] = [
  ['ningbo', '宁波大学', 'university'],
  ['ningbo', '宁波诺丁汉大学', 'university'],
  ['ningbo', '宁波东方理工大学（暂名）', 'university'],
  ['ningbo', '宁波工程学院', 'university'],
  ['ningbo', '浙江万里学院', 'university'],
  ['ningbo', '浙大宁波理工学院', 'university'],
  ['ningbo', '中国科学院宁波材料技术与工程研究所', 'institute'],
  ['ningbo', '甬江实验室', 'institute'],
  ['ningbo', '天津大学浙江研究院', 'institute'],
  ['ningbo', '北京航空航天大学宁波创新研究院', 'institute'],
  ['ningbo', '宁波大学附属第一医院', 'hospital'],
  ['ningbo', '中国科学院大学宁波华美医院', 'hospital'],
  ['ningbo', '宁波市人才工作领导小组办公室（人才办）', 'government'],
  ['zhoushan', '浙江海洋大学', 'university'],
  ['zhoushan', '浙江大学海洋学院（舟山校区）', 'university'],
  ['zhoushan', '浙江国际海运职业技术学院', 'university'],
  ['zhoushan', '东海实验室', 'institute'],
  ['zhoushan', '浙江省海洋开发研究院', 'institute'],
  ['zhoushan', '浙江省海洋水产研究所', 'institute'],
  ['zhoushan', '舟山医院', 'hospital'],
  ['zhoushan', '舟山市人才工作领导小组办公室（人才办）', 'government'],
]

interface Row {
  id: string
  instrument_id: string
  user_id: string
  user_institution_id: string
  start_ms: number
  end_ms: number
  hold_end_ms: number
  status: string
  recorded: number
  recognition_id: string | null
  order_id: string | null
  actual_start_ms: number | null
  actual_end_ms: number | null
  created_at: number
}

interface InstrumentRow {
  id: string
  institution_id: string
  name: string
  model: string
  status: string
  timezone: string
  opening_hours: string
  slot_minutes: number
  min_minutes: number
  max_minutes: number
  buffer_minutes: number
  notice_minutes: number
  horizon_days: number
  requires_approval: number
  requires_qualification: number
}

const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

type GridRules = Pick<InstrumentRow, 'timezone' | 'opening_hours' | 'slot_minutes' | 'min_minutes' | 'max_minutes'>

const periodCache = new Map<string, { start: number; end: number }[]>()
const parsedHours = new Map<string, { weekday: number; open: string; close: string }[]>()

/** Concrete open periods of the local day of `at`, as epoch-ms intervals. */
function periodsOfDay(instrument: GridRules, at: DateTime): { start: number; end: number }[] {
  let hours = parsedHours.get(instrument.opening_hours)
  if (!hours) {
    hours = JSON.parse(instrument.opening_hours) as { weekday: number; open: string; close: string }[]
    parsedHours.set(instrument.opening_hours, hours)
  }
  const midnight = at.startOf('day')
  const key = `${instrument.opening_hours}@${midnight.toMillis()}`
  let periods = periodCache.get(key)
  if (!periods) {
    periods = hours
      .filter((p) => p.weekday === midnight.weekday)
      .map((p) => ({
        start: midnight.plus({ minutes: minutesOf(p.open) }).toMillis(),
        end: midnight.plus({ minutes: minutesOf(p.close) }).toMillis(),
      }))
    periodCache.set(key, periods)
  }
  return periods
}

/** Why a reservation breaks its instrument's hours, grid or length; null when it does not. */
function gridProblem(instrument: GridRules, start: number, end: number): string | null {
  const slot = instrument.slot_minutes * 60_000
  const startLocal = DateTime.fromMillis(start, { zone: instrument.timezone })
  const first = periodsOfDay(instrument, startLocal).find((p) => p.start <= start && start < p.end)
  if (!first) return 'start outside opening hours'
  if ((start - first.start) % slot !== 0) return 'start off the grid'
  for (let cursor = start; cursor < end; ) {
    const local = DateTime.fromMillis(cursor, { zone: instrument.timezone })
    const period = periodsOfDay(instrument, local).find((p) => p.start <= cursor && cursor < p.end)
    if (!period) return `closed at ${local.toISO()}`
    cursor = period.end
  }
  const endLocal = DateTime.fromMillis(end, { zone: instrument.timezone })
  const around = [...periodsOfDay(instrument, endLocal), ...periodsOfDay(instrument, endLocal.minus({ days: 1 }))]
  if (!around.some((p) => p.start < end && end <= p.end && (end - p.start) % slot === 0)) return 'end off the grid'
  const minutes = (end - start) / 60_000
  if (minutes < instrument.min_minutes) return 'too short'
  if (minutes > instrument.max_minutes) return 'too long'
  return null
}

async function sequence(db: Db) {
  return db
    .selectFrom('reservations as r')
    .innerJoin('instruments as i', 'i.id', 'r.instrument_id')
    .innerJoin('institutions as n', 'n.id', 'i.institution_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['n.name as institution', 'i.name', 'i.model', 'u.email', 'r.start_ms', 'r.end_ms', 'r.status'])
    .orderBy('r.start_ms')
    .orderBy('n.name')
    .orderBy('i.name')
    .orderBy('i.model')
    .execute()
}

describe('demo data', () => {
  const first = testDatabase()
  const second = testDatabase()
  const db = first.db
  let counts: DemoCounts
  let reservations: Row[]
  let instruments: Map<string, InstrumentRow>

  beforeAll(async () => {
    const [loaded, seeded] = await Promise.all([loadDemoData(db, NOW), seedIfEmpty(second.db, NOW)])
    counts = loaded
    expect(seeded).toBe(true)
    reservations = (await db.selectFrom('reservations').selectAll().execute()) as Row[]
    const rows = (await db.selectFrom('instruments').selectAll().execute()) as InstrumentRow[]
    instruments = new Map(rows.map((row) => [row.id, row]))
    // two demo loads at once: well within 30 s alone, not always beside the rest of `npm test` on two cores
  }, 120_000)
  afterAll(async () => {
    await first.close()
    await second.close()
  })

  it('reports what it inserted', async () => {
    expect(counts.instruments).toBeGreaterThanOrEqual(60)
    expect(instruments.size).toBe(counts.instruments)
    expect(reservations.length).toBe(counts.reservations)
    expect(counts.reservations).toBeGreaterThanOrEqual(3000)
    expect(counts.reservations).toBeLessThanOrEqual(5000)
    const users = await db.selectFrom('users').select('id').execute()
    expect(users.length).toBe(counts.users)
  })

  it('gives every account the demo domain, so the pages can say a demo is running (services/demo.ts)', async () => {
    const emails = (await db.selectFrom('users').select('email').execute()).map((row) => row.email)
    expect(emails.filter((email) => !email.endsWith(`@${DEMO_EMAIL_DOMAIN}`))).toEqual([])
    expect(await demoAccountsActive({ db })).toBe(true)
  })

  it('does not load twice', async () => {
    expect(await seedIfEmpty(second.db, NOW)).toBe(false)
  })

  it('has every institution of SEED-REFERENCE.md with its city and kind', async () => {
    const rows = await db.selectFrom('institutions').select(['name', 'city', 'kind']).execute()
    for (const [city, name, kind] of REFERENCE_INSTITUTIONS) {
      expect(rows).toContainEqual({ name, city, kind })
    }
    // and the (fictitious) enterprises of both cities that hold vouchers
    for (const { city, name } of DEMO_ENTERPRISES) expect(rows).toContainEqual({ name, city, kind: 'enterprise' })
    expect(new Set(DEMO_ENTERPRISES.map((e) => e.city))).toEqual(new Set(['ningbo', 'zhoushan']))
    expect(rows).toHaveLength(REFERENCE_INSTITUTIONS.length + DEMO_ENTERPRISES.length)
    const cities = await db.selectFrom('cities').selectAll().orderBy('code').execute()
    expect(cities).toEqual([
      { code: 'ningbo', name: '宁波' },
      { code: 'zhoushan', name: '舟山' },
    ])
  })

  it('has every demo account, with its role and institution', async () => {
    const rows = await db
      .selectFrom('users as u')
      .leftJoin('institutions as n', 'n.id', 'u.institution_id')
      .select(['u.email', 'u.role', 'n.name as institution', 'u.password_hash'])
      .execute()
    const byEmail = new Map(rows.map((row) => [row.email, row]))
    for (const account of DEMO_ACCOUNTS) {
      expect(byEmail.get(account.email), account.email).toMatchObject({
        role: account.role,
        institution: account.institutionName,
      })
    }
    const required: [string, string, string | null][] = [
      ['admin@demo.yz', 'platform_admin', null],
      ['talent.ningbo@demo.yz', 'talent_office', '宁波市人才工作领导小组办公室（人才办）'],
      ['talent.zhoushan@demo.yz', 'talent_office', '舟山市人才工作领导小组办公室（人才办）'],
      ['admin.nbu@demo.yz', 'institution_admin', '宁波大学'],
      ['admin.nimte@demo.yz', 'institution_admin', '中国科学院宁波材料技术与工程研究所'],
      ['admin.zjou@demo.yz', 'institution_admin', '浙江海洋大学'],
      ['admin.donghai@demo.yz', 'institution_admin', '东海实验室'],
      ['researcher.zs@demo.yz', 'researcher', '浙江海洋大学'],
      ['researcher.nb@demo.yz', 'researcher', '宁波大学'],
    ]
    for (const [email, role, institution] of required) {
      expect(byEmail.get(email), email).toMatchObject({ role, institution })
    }
    // one admin per non-government institution, ~30 researchers or more
    const admins = rows.filter((r) => r.role === 'institution_admin').map((r) => r.institution)
    expect(new Set(admins).size).toBe(
      REFERENCE_INSTITUTIONS.filter(([, , kind]) => kind !== 'government').length + DEMO_ENTERPRISES.length,
    )
    expect(rows.filter((r) => r.role === 'researcher').length).toBeGreaterThanOrEqual(30)
    expect(await verifyPassword('demo1234', byEmail.get('researcher.zs@demo.yz')!.password_hash)).toBe(true)
    // a salt per user
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(rows.length)
  })

  it('is deterministic: the same now gives the same reservations', async () => {
    const [a, b] = await Promise.all([sequence(db), sequence(second.db)])
    expect(a.length).toBeGreaterThan(0)
    expect(b).toEqual(a)
  })

  it('never lets held reservations overlap on one instrument, buffers included', () => {
    const problems: string[] = []
    const byInstrument = new Map<string, Row[]>()
    for (const r of reservations) {
      const instrument = instruments.get(r.instrument_id)!
      if (r.hold_end_ms !== r.end_ms + instrument.buffer_minutes * 60_000) problems.push(`${r.id}: hold end`)
      if (!HELD.includes(r.status)) continue
      byInstrument.set(r.instrument_id, [...(byInstrument.get(r.instrument_id) ?? []), r])
    }
    for (const list of byInstrument.values()) {
      list.sort((x, y) => x.start_ms - y.start_ms)
      for (let k = 1; k < list.length; k++) {
        if (list[k - 1]!.hold_end_ms > list[k]!.start_ms) problems.push(`${list[k - 1]!.id} overlaps ${list[k]!.id}`)
      }
    }
    expect(byInstrument.size).toBeGreaterThan(0)
    expect(problems).toEqual([])
  })

  it('keeps blackouts clear of held reservations', async () => {
    const blackouts = await db.selectFrom('blackouts').selectAll().execute()
    expect(blackouts.length).toBeGreaterThan(0)
    for (const b of blackouts) {
      const clash = reservations.filter(
        (r) =>
          r.instrument_id === b.instrument_id &&
          HELD.includes(r.status) &&
          r.start_ms < b.end_ms &&
          b.start_ms < r.end_ms,
      )
      expect(clash).toEqual([])
    }
  })

  it('puts every reservation on its instrument grid, within opening hours and length limits', () => {
    const problems: string[] = []
    for (const r of reservations) {
      const problem = gridProblem(instruments.get(r.instrument_id)!, r.start_ms, r.end_ms)
      if (problem) problems.push(`${r.id} ${new Date(r.start_ms).toISOString()}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  it('tells plausible stories: notice, horizon, statuses relative to now, event trails', async () => {
    const events = await db.selectFrom('reservation_events').selectAll().orderBy('id').execute()
    const trails = new Map<string, typeof events>()
    for (const e of events) trails.set(e.reservation_id, [...(trails.get(e.reservation_id) ?? []), e])
    const problems: string[] = []
    const check = (ok: boolean, r: Row, what: string) => {
      if (!ok) problems.push(`${r.id} (${r.status}): ${what}`)
    }
    for (const r of reservations) {
      const instrument = instruments.get(r.instrument_id)!
      const trail = trails.get(r.id) ?? []
      const last = trail.at(-1)
      check(trail[0]?.from_status === null, r, 'trail starts with creation')
      check(last?.to_status === r.status, r, 'trail ends in the status')
      check((last?.at ?? Number.POSITIVE_INFINITY) <= NOW, r, 'no event after now')
      for (let k = 1; k < trail.length; k++) {
        check(trail[k]!.from_status === trail[k - 1]!.to_status, r, 'trail is a chain')
        check(trail[k]!.at >= trail[k - 1]!.at, r, 'trail in time order')
      }
      // a run of a sample order is the lab's own time: booked confirmed, whatever the notice (DOMAIN.md)
      if (r.order_id !== null) check(trail[0]?.to_status === 'confirmed' && r.status === 'confirmed', r, 'run')
      else if (r.recorded === 0) {
        check(r.created_at <= r.start_ms - instrument.notice_minutes * 60_000, r, 'notice')
        const days = DateTime.fromMillis(r.start_ms, { zone: ZONE })
          .startOf('day')
          .diff(DateTime.fromMillis(r.created_at, { zone: ZONE }).startOf('day'), 'days').days
        check(days <= instrument.horizon_days, r, 'horizon')
        // under a recognition (资格互认) the first booking waits for the admin even where the instrument confirms at once
        const initial = instrument.requires_approval
          ? ['pending']
          : r.recognition_id
            ? ['pending', 'confirmed']
            : ['confirmed']
        check(initial.includes(trail[0]?.to_status ?? ''), r, 'initial status')
      }
      if (r.status === 'pending') check(r.start_ms > NOW, r, 'pending only in the future')
      if (r.status === 'completed' && r.recorded === 0) check((r.actual_end_ms ?? NOW + 1) <= NOW, r, 'checked out')
      if (r.status === 'in_use') check(r.actual_start_ms !== null && r.actual_start_ms <= NOW, r, 'checked in')
    }
    expect(problems).toEqual([])
    const statuses = new Set(reservations.map((r) => r.status))
    for (const s of ['completed', 'confirmed', 'in_use', 'pending', 'cancelled', 'rejected', 'no_show', 'expired']) {
      expect(statuses, s).toContain(s)
    }
  })

  it('counts a plausible number of cross-city uses this year, in both directions', async () => {
    const institutions = await db.selectFrom('institutions').select(['id', 'city']).execute()
    const cityOf = new Map(institutions.map((i) => [i.id, i.city]))
    const year = DateTime.fromMillis(NOW, { zone: ZONE }).year
    const crossCity = reservations.filter((r) => {
      if (r.status !== 'completed' || DateTime.fromMillis(r.start_ms, { zone: ZONE }).year !== year) return false
      return cityOf.get(instruments.get(r.instrument_id)!.institution_id) !== cityOf.get(r.user_institution_id)
    })
    expect(crossCity.length).toBeGreaterThanOrEqual(250)
    expect(crossCity.length).toBeLessThanOrEqual(480)
    const toNingbo = crossCity.filter((r) => cityOf.get(r.user_institution_id) === 'zhoushan').length
    expect(toNingbo).toBeGreaterThan(0)
    expect(crossCity.length - toNingbo).toBeGreaterThan(0)
    const targets = await db.selectFrom('targets').select(['year', 'target']).orderBy('year').execute()
    expect(targets).toEqual([
      { year: year - 1, target: 500 },
      { year, target: 500 },
    ])
  })

  it('has a rate card on every instrument, copied onto each reservation, and the charges the platform would make', async () => {
    const cards = new Map(
      [...instruments.values()].map((i) => [i.id, JSON.parse((i as unknown as { rates: string }).rates) as RateCard]),
    )
    expect([...cards.values()].every((card) => card.hour !== null)).toBe(true)
    const rows = await db.selectFrom('reservations').selectAll().execute()
    const problems: string[] = []
    for (const r of rows) {
      const card = JSON.parse(r.rates) as RateCard
      if (JSON.stringify(card) !== JSON.stringify(cards.get(r.instrument_id))) problems.push(`${r.id}: card`)
      if (r.order_id !== null) {
        if (r.charge_fen !== 0 || r.billable !== 0) problems.push(`${r.id}: a run is never charged`)
      } else if (r.charge_fen !== null) {
        const times = r.recorded
          ? { start: r.start_ms, end: r.end_ms, actualStart: r.start_ms, actualEnd: r.end_ms }
          : { start: r.start_ms, end: r.end_ms, actualStart: r.actual_start_ms, actualEnd: r.actual_end_ms }
        const expected = timeCharge(card, r.price_class as 'academic', times).chargeFen
        if (r.charge_fen !== expected) problems.push(`${r.id}: charge ${r.charge_fen} ≠ ${expected}`)
        if (r.payable_fen !== r.charge_fen - r.deduction_fen!) problems.push(`${r.id}: payable`)
      }
      if (r.fee_fen !== null && r.payable_fen !== r.fee_fen) problems.push(`${r.id}: fee payable`)
      if (r.status === 'completed' && r.charged_at === null) problems.push(`${r.id}: completed without a charge`)
      if (r.voucher_id !== null && r.price_class !== 'enterprise') problems.push(`${r.id}: voucher on ${r.price_class}`)
    }
    expect(problems).toEqual([])
    // the demo's money is exactly what the platform would hold at NOW: its job finds nothing left to do (the
    // reminders of its upcoming bookings are notices the demo does not carry, written by this first run)
    expect(await runDueJobs({ db, batch: first.batch, clock: () => NOW })).toMatchObject({
      'expire-requests': 0,
      'finalise-charges': 0,
      'complete-orders': 0,
    })
  })

  it('spends vouchers of both cities’ programmes, never below zero, each deduction in the ledger', async () => {
    const vouchers = await db
      .selectFrom('vouchers as v')
      .innerJoin('voucher_programs as p', 'p.id', 'v.program_id')
      .innerJoin('institutions as n', 'n.id', 'v.holder_institution_id')
      .select(['v.id', 'v.amount_fen', 'p.city as programCity', 'n.city as holderCity', 'n.kind'])
      .execute()
    expect(new Set(vouchers.map((v) => v.programCity))).toEqual(new Set(['ningbo', 'zhoushan']))
    expect(new Set(vouchers.map((v) => v.holderCity))).toEqual(new Set(['ningbo', 'zhoushan']))
    expect(vouchers.every((v) => v.kind === 'enterprise')).toBe(true)
    const ledger = await db.selectFrom('voucher_ledger').selectAll().execute()
    expect(ledger.length).toBeGreaterThan(50)
    for (const v of vouchers) {
      const used = ledger.filter((l) => l.voucher_id === v.id).reduce((sum, l) => sum + l.deduction_fen, 0)
      expect(used).toBeGreaterThanOrEqual(0)
      expect(used).toBeLessThanOrEqual(v.amount_fen)
    }
    const deducted = await db
      .selectFrom('reservations')
      .select((eb) => eb.fn.sum<number>('deduction_fen').as('sum'))
      .executeTakeFirst()
    expect(ledger.reduce((sum, l) => sum + l.deduction_fen, 0)).toBe(Number(deducted?.sum))
  })

  it('settles in statements of every state, totals the sums of the lines, each line on one statement', async () => {
    const statements = await db.selectFrom('statements').selectAll().execute()
    expect(new Set(statements.map((s) => s.status))).toEqual(new Set(['draft', 'issued', 'disputed', 'paid']))
    const lines = await db.selectFrom('statement_lines').selectAll().execute()
    expect(new Set(lines.map((l) => l.kind))).toEqual(new Set(['charge', 'fee', 'adjustment']))
    const entries = await db.selectFrom('billing_entries').selectAll().execute()
    for (const line of lines) {
      const entry = entries.find((e) => e.id === line.entry_id)!
      expect(entry.statement_id).toBe(line.statement_id)
      expect([line.charge_fen, line.payable_fen]).toEqual([entry.charge_fen, entry.payable_fen])
    }
    expect(entries.filter((e) => e.statement_id !== null)).toHaveLength(lines.length)
    // a frozen statement, read through the service, totals exactly its lines
    const admin = {
      id: 'platform',
      email: '',
      name: '',
      role: 'platform_admin' as const,
      institutionId: null,
      active: true,
      language: 'zh' as const,
    }
    const deps = { db, batch: first.batch, clock: () => NOW }
    const disputed = statements.find((s) => s.status === 'disputed')!
    const view = await getStatement(deps, admin, disputed.id)
    expect(view.lines.length).toBeGreaterThan(0)
    expect(view.totals.payableFen).toBe(view.lines.reduce((sum, l) => sum + l.payableFen, 0))
    expect(view.disputeReason).toEqual(expect.any(String))
  })

  it('shows same-city treatment in the money statistics: each class pays the same from either city', async () => {
    const talent = {
      id: 't',
      email: '',
      name: '',
      role: 'talent_office' as const,
      institutionId: 'x',
      active: true,
      language: 'zh' as const,
    }
    const year = DateTime.fromMillis(NOW, { zone: ZONE }).year
    const stats = await moneyStatsFor({ db, batch: first.batch, clock: () => NOW }, talent, year)
    expect(stats.totals.chargeFen).toBeGreaterThan(0)
    for (const priceClass of ['academic', 'enterprise'] as const) {
      const row = stats.hourlyPrice.find((h) => h.priceClass === priceClass)!
      expect(row.comparedInstruments, priceClass).toBeGreaterThan(0)
      expect(row.sameCity.meanFenPerHour, priceClass).toBe(row.crossCity.meanFenPerHour)
    }
    expect(stats.deductionsByProgram.map((p) => p.city).sort()).toEqual(['ningbo', 'zhoushan'])
  })

  it('lets researcher.zs book a Ningbo instrument', async () => {
    const zs = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'researcher.zs@demo.yz')
      .executeTakeFirstOrThrow()
    const bookable = await db
      .selectFrom('instruments as i')
      .innerJoin('institutions as n', 'n.id', 'i.institution_id')
      .leftJoin('qualifications as q', (join) => join.onRef('q.instrument_id', '=', 'i.id').on('q.user_id', '=', zs.id))
      .select(['i.name', 'i.requires_qualification', 'q.user_id as qualified'])
      .where('n.city', '=', 'ningbo')
      .where('i.status', '=', 'active')
      .where('i.requires_approval', '=', 0)
      .where((eb) => eb.or([eb('i.requires_qualification', '=', 0), eb('q.user_id', 'is not', null)]))
      .execute()
    expect(bookable.some((i) => i.requires_qualification === 0)).toBe(true)
    expect(bookable.some((i) => i.requires_qualification === 1 && i.qualified !== null)).toBe(true)
  })

  it('gives every instrument an asset number, unique within its institution', async () => {
    const rows = await db.selectFrom('instruments').select(['institution_id', 'asset_number']).execute()
    expect(rows.every((row) => typeof row.asset_number === 'string' && row.asset_number.length > 0)).toBe(true)
    expect(new Set(rows.map((row) => `${row.institution_id} ${row.asset_number}`)).size).toBe(rows.length)
  })

  it('has a Ningbo Apreo recognising the Zhoushan Apreo’s qualifications, with uses made under it', async () => {
    const recognitions = await db
      .selectFrom('recognitions as g')
      .innerJoin('instruments as i', 'i.id', 'g.instrument_id')
      .innerJoin('institutions as owner', 'owner.id', 'i.institution_id')
      .innerJoin('institutions as issuer', 'issuer.id', 'g.issuing_institution_id')
      .select(['g.id', 'i.id as instrument_id', 'i.model', 'owner.city as owner_city', 'issuer.name as issuer'])
      .where('g.revoked_at', 'is', null)
      .execute()
    expect(recognitions).toEqual([
      expect.objectContaining({ model: 'Apreo 2', owner_city: 'ningbo', issuer: '浙江海洋大学' }),
    ])
    const recognition = recognitions[0]!
    const under = await db
      .selectFrom('reservations')
      .select(['status', 'user_id'])
      .where('recognition_id', '=', recognition.id)
      .execute()
    expect(under.filter((r) => r.status === 'completed').length).toBeGreaterThan(0)
    const byRecognition = await db
      .selectFrom('qualifications')
      .select('user_id')
      .where('recognition_id', '=', recognition.id)
      .execute()
    expect(byRecognition.length).toBeGreaterThan(0)
    const events = await db
      .selectFrom('recognition_events')
      .select('action')
      .where('recognition_id', '=', recognition.id)
      .execute()
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(['recognised', 'booked', 'qualified']))
    // the journey: researcher.zs is trained on the Zhoushan Apreo, not on the Ningbo one, and never booked it
    const zs = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'researcher.zs@demo.yz')
      .executeTakeFirstOrThrow()
    const zsApreos = await db
      .selectFrom('qualifications as q')
      .innerJoin('instruments as i', 'i.id', 'q.instrument_id')
      .innerJoin('institutions as n', 'n.id', 'i.institution_id')
      .select(['i.id', 'n.name'])
      .where('q.user_id', '=', zs.id)
      .where('i.model', '=', 'Apreo 2')
      .execute()
    expect(zsApreos.map((q) => q.name)).toContain('浙江海洋大学')
    expect(zsApreos.map((q) => q.id)).not.toContain(recognition.instrument_id)
    const zsBookings = await db
      .selectFrom('reservations')
      .select('id')
      .where('user_id', '=', zs.id)
      .where('instrument_id', '=', recognition.instrument_id)
      .execute()
    expect(zsBookings).toEqual([])
  })

  it('has sample orders in every state, cross-city ones counted as uses, their runs on the calendars, and ratings', async () => {
    const orders = await db.selectFrom('orders').selectAll().execute()
    expect(orders.length).toBe(counts.orders)
    expect(new Set(orders.map((o) => o.status))).toEqual(
      new Set(['submitted', 'accepted', 'received', 'in_progress', 'reported', 'completed', 'rejected', 'cancelled']),
    )
    const institutions = new Map(
      (await db.selectFrom('institutions').select(['id', 'city']).execute()).map((i) => [i.id, i.city]),
    )
    const cityOfInstrument = (id: string) => institutions.get(instruments.get(id)!.institution_id)
    const counted = orders.filter((o) => o.status === 'reported' || o.status === 'completed')
    const crossCity = counted.filter(
      (o) => institutions.get(o.user_institution_id) !== cityOfInstrument(o.instrument_id),
    )
    expect(crossCity.length).toBeGreaterThan(10)
    // each counted order was reported in the past and charged what its received samples cost
    for (const o of counted) {
      expect(o.reported_at!).toBeLessThanOrEqual(NOW)
      const card = JSON.parse(o.rates) as RateCard
      expect(o.charge_fen).toBe((card.sample?.[o.price_class as 'academic'] ?? 0) * o.received_samples!)
    }
    // every open order after its run has one, on the instrument's calendar
    const runs = reservations.filter((r) => r.order_id !== null)
    expect(runs.length).toBeGreaterThan(counted.length)
    for (const o of orders.filter((x) => x.status === 'in_progress'))
      expect(runs.some((r) => r.order_id === o.id)).toBe(true)
    const events = await db.selectFrom('order_events').selectAll().orderBy('id').execute()
    for (const o of orders) {
      const trail = events.filter((e) => e.order_id === o.id)
      expect(trail[0]?.from_status ?? null).toBeNull()
      expect(trail.at(-1)?.to_status).toBe(o.status)
      expect(trail.every((e) => e.at <= NOW)).toBe(true)
    }
    // the charges are billed: one entry each, on the month of the report
    const entries = await db.selectFrom('billing_entries').selectAll().where('order_id', 'is not', null).execute()
    expect(entries.length).toBe(counted.filter((o) => (o.charge_fen ?? 0) > 0).length)
    // ratings of orders and of uses, each within 30 days of its use
    const ratings = await db.selectFrom('ratings').selectAll().execute()
    expect(ratings.filter((r) => r.order_id !== null).length).toBeGreaterThan(10)
    expect(ratings.filter((r) => r.reservation_id !== null).length).toBeGreaterThan(100)
    for (const r of ratings) expect(r.created_at).toBeLessThanOrEqual(NOW)
    // without a report store, no order claims a PDF
    expect(orders.filter((o) => o.report_key !== null)).toEqual([])
  })

  it('has the 2025 national means: 1,599 h and 273 h', async () => {
    const means = await db
      .selectFrom('evaluation_means')
      .select(['year', 'effective_hours', 'external_hours'])
      .execute()
    expect(means).toEqual([{ year: 2025, effective_hours: 1599, external_hours: 273 }])
  })

  it('has large instruments above and below the means this year, compared with 2025’s pro rata', async () => {
    const figures = await getEvaluation(db, { year: 2026, now: NOW })
    const ids = new Map(
      (await db.selectFrom('institutions').select(['id', 'name']).execute()).map((r) => [r.name, r.id]),
    )
    const institutionIdOf = (name: string) => ids.get(name)
    expect(figures.nationalMeans?.year).toBe(2025)
    expect(figures.thresholds).toMatchObject({ daysCounted: 324, daysInYear: 365 })
    const byKey = (institution: string, name: string, model?: string) => {
      const id = [...instruments.values()].find(
        (i) =>
          i.institution_id === institutionIdOf(institution) &&
          i.name === name &&
          (model === undefined || i.model === model),
      )?.id
      const found = figures.instruments.find((f) => f.instrumentId === id)
      if (!found) throw new Error(`no figures for ${institution} ${name}`)
      return found
    }
    // a well-used Ningbo SEM above both means; a busy Zhoushan vessel rarely chartered by others, below the external one
    expect(byKey('中国科学院宁波材料技术与工程研究所', '场发射扫描电子显微镜', 'Apreo 2').flags).toEqual([])
    expect(byKey('宁波大学', '冷冻透射电子显微镜').flags).toEqual([])
    expect(byKey('浙江海洋大学', '近海综合科学考察船').flags).toEqual(['below-external-mean'])
    expect(byKey('东海实验室', '温盐深剖面仪 (CTD)').flags).toEqual(['below-effective-mean'])
    const flagged = figures.instruments.filter((f) => f.flags.length > 0)
    expect(flagged.length).toBeGreaterThan(20)
    expect(figures.instruments.slice(0, flagged.length)).toEqual(flagged) // flagged first
    // a hospital's research MRI used by its own staff only: its open rate is 0; most institutions serve others
    const hospital = figures.institutions.find((i) => i.institutionId === institutionIdOf('舟山医院'))
    expect(hospital).toMatchObject({ largeInstruments: 1, openRate: 0 })
    expect(figures.institutions.filter((i) => i.openRate === 1).length).toBeGreaterThan(10)
    expect(figures.instruments.some((f) => f.incomeFen.external > 0 && f.enterprises > 0)).toBe(true)
    // the year's sample orders bring their samples, and the ratings of the year's uses their means
    const sampled = figures.instruments.filter((f) => f.samples > 0)
    expect(sampled.length).toBeGreaterThan(2)
    const reported = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.sum<number>(sql`COALESCE(received_samples, samples)`).as('samples'))
      .where('status', 'in', ['reported', 'completed'])
      .where('reported_at', '>=', yearBounds(2026).start)
      .where('reported_at', '<', yearBounds(2026).end)
      .executeTakeFirstOrThrow()
    expect(sampled.reduce((n, f) => n + f.samples, 0)).toBe(Number(reported.samples))
    const rated = figures.instruments.filter((f) => f.rating.count > 0)
    expect(rated.length).toBeGreaterThan(10)
    for (const f of rated) expect(f.rating.average).toBeGreaterThanOrEqual(1)
    expect(figures.instruments.filter((f) => f.rating.count === 0).every((f) => f.rating.average === null)).toBe(true)
  })
})

describe('the demo history at other moments', () => {
  // the server seeds at the real now: New Year, Spring Festival and a month's end must work too
  it.each(['2027-01-01T00:30:00+08:00', '2027-02-08T15:00:00+08:00', '2026-06-30T23:59:00+08:00'])(
    'plans a valid history at %s',
    (iso) => {
      const now = Date.parse(iso)
      const plan = planDemoHistory(now)
      expect(plan.reservations.length).toBeGreaterThan(3000)
      const problems: string[] = []
      const held = new Map<number, { start: number; holdEnd: number }[]>()
      plan.reservations.forEach((r, k) => {
        const instrument = DEMO_INSTRUMENTS[r.instrument]!
        const rules: GridRules = {
          timezone: ZONE,
          opening_hours: JSON.stringify(instrument.openingHours),
          slot_minutes: instrument.slotMinutes,
          min_minutes: instrument.minMinutes,
          max_minutes: instrument.maxMinutes,
        }
        // the full grid check runs above; a sample keeps this test quick
        const problem = k % 4 === 0 ? gridProblem(rules, r.start, r.end) : null
        if (problem) problems.push(`${instrument.key}: ${problem}`)
        if (!r.recorded && r.createdAt > r.start - instrument.noticeMinutes * 60_000)
          problems.push(`${instrument.key}: notice`)
        if (r.events.some((e) => e.at > now)) problems.push(`${instrument.key}: an event after now`)
        if (r.status === 'pending' && r.start <= now) problems.push(`${instrument.key}: pending in the past`)
        if (HELD.includes(r.status)) held.set(r.instrument, [...(held.get(r.instrument) ?? []), r])
      })
      for (const list of held.values()) {
        list.sort((a, b) => a.start - b.start)
        for (let k = 1; k < list.length; k++) if (list[k - 1]!.holdEnd > list[k]!.start) problems.push('overlap')
      }
      for (const b of plan.blackouts) {
        if (b.createdAt > now) problems.push('blackout created after now')
        for (const r of held.get(b.instrument) ?? [])
          if (r.start < b.end && b.start < r.holdEnd) problems.push('blackout')
      }
      expect(problems).toEqual([])
    },
  )
})
