import { copyFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { Bench } from 'tinybench'
import { BENCH_ZONE, type BenchDataSummary } from '../../seed/bench-data.js'
import { createPrng } from '../../seed/prng.js'
import { connectSqlite } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'
import { insertReservationIfFree, listHeldAndBlackouts } from '../../src/repositories/reservations.js'
import { newId } from '../../src/security/tokens.js'
import { SERVING_AUTOCHECKPOINT_PAGES, startCheckpointer } from '../../src/server/checkpointer.js'
import { getEvaluation } from '../../src/services/evaluation.js'
import { availability } from '../../src/services/instrument-calendar.js'
import { getSharingStats } from '../../src/services/sharing-stats.js'

/*
 * The engine and data layer in process (tinybench), through the same service and repository
 * functions the routes call, on a copy of a bench database of the given size, connected as a
 * server process is (checkpoints on a background thread).
 */

export interface EngineRow {
  task: string
  reservations: number
  mean: number
  p50: number
  p99: number
  opsPerSec: number
  samples: number
  note: string
}

const SLOT = 30 * 60_000

export async function benchEngine(summary: BenchDataSummary, timeMs: number): Promise<EngineRow[]> {
  const copy = join(tmpdir(), `yongzhou-bench-engine-${process.pid}.db`)
  copyFileSync(summary.path, copy)
  // as a server process connects: the WAL checkpointed by a background thread, not inside a commit
  const connection = connectSqlite(copy, { autoCheckpointPages: SERVING_AUTOCHECKPOINT_PAGES })
  migrateSqlite(connection.sqlite, readMigrations()) // a newer migration (e.g. an index) applies to cached files too
  const checkpointer = startCheckpointer(copy, () => {})
  const deps = { db: connection.db, batch: connection.batch, clock: () => Date.now() }
  const rng = createPrng(`engine-${summary.reservations}`)
  const sqlite = connection.sqlite
  const now = Date.now()

  const instruments = (sqlite.prepare('SELECT id FROM instruments ORDER BY id').all() as { id: string }[]).map(
    (row) => row.id,
  )
  const researchers = sqlite
    .prepare(`SELECT id, institution_id FROM users WHERE role = 'researcher' ORDER BY id LIMIT 500`)
    .all() as { id: string; institution_id: string }[]
  const maxRowid = (sqlite.prepare('SELECT MAX(rowid) AS n FROM reservations').get() as { n: number }).n
  const byRowid = sqlite.prepare(
    `SELECT instrument_id, start_ms, end_ms FROM reservations WHERE rowid = ? AND status = 'confirmed' AND start_ms > ?`,
  )
  const taken: { instrument_id: string; start_ms: number; end_ms: number }[] = []
  for (let tries = 0; taken.length < 500 && tries < 200_000; tries++) {
    const row = byRowid.get(rng.int(1, maxRowid), now) as (typeof taken)[number] | undefined
    if (row) taken.push(row)
  }
  const firstMonday = DateTime.fromMillis(summary.asOf, { zone: BENCH_ZONE }).startOf('week').minus({ weeks: 52 })
  const weeks = Array.from({ length: 500 }, () => {
    const from = firstMonday.plus({ weeks: rng.int(0, 103) })
    return { instrumentId: rng.pick(instruments), from: from.toMillis(), to: from.plus({ weeks: 1 }).toMillis() }
  })
  const year = summary.firstYear // a whole past year: every use of it has taken place
  const usesOfYear = (
    sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM reservations WHERE start_ms >= ? AND start_ms < ?
           AND (status = 'completed' OR (status IN ('confirmed', 'in_use') AND end_ms <= ?))`,
      )
      .get(
        DateTime.fromObject({ year }, { zone: BENCH_ZONE }).toMillis(),
        DateTime.fromObject({ year: year + 1 }, { zone: BENCH_ZONE }).toMillis(),
        now,
      ) as { n: number }
  ).n

  let w = 0
  let t = 0
  let takenButInserted = 0
  let freeInserted = 0
  let freeTried = 0
  const researcherFor = () => rng.pick(researchers)
  const bench = new Bench({ time: timeMs, iterations: 5, warmupTime: Math.min(200, timeMs / 4) })
  bench
    .add('availability, one instrument-week', async () => {
      const week = weeks[w++ % weeks.length]!
      await availability(deps, week.instrumentId, week.from, week.to)
    })
    .add('held-reservation query (a 2-hour slot)', async () => {
      const slot = taken[t++ % taken.length]!
      await listHeldAndBlackouts(deps.db, slot.instrument_id, slot.start_ms, slot.end_ms, Date.now())
    })
    .add('guarded insert, slot taken (409 path)', async () => {
      const slot = taken[t++ % taken.length]!
      const who = researcherFor()
      const inserted = await insertReservationIfFree(
        deps.db,
        deps.batch,
        {
          id: newId(),
          instrumentId: slot.instrument_id,
          userId: who.id,
          userInstitutionId: who.institution_id,
          start: slot.start_ms,
          end: slot.end_ms,
          holdEnd: slot.end_ms,
          status: 'confirmed',
          purpose: '',
          recorded: false,
          recognitionId: null,
          orderId: null,
          actualStart: null,
          actualEnd: null,
          icsUid: `${newId()}@yongzhou`,
        },
        Date.now(),
        { actorId: who.id, fromStatus: null, toStatus: 'confirmed', reason: 'booked' },
      )
      if (inserted) takenButInserted++
    })
    .add('guarded insert, random future slot', async () => {
      const who = researcherFor()
      const start = Math.ceil(Date.now() / SLOT) * SLOT + rng.int(2, 360 * 48) * SLOT
      const end = start + rng.int(1, 4) * SLOT
      freeTried++
      const inserted = await insertReservationIfFree(
        deps.db,
        deps.batch,
        {
          id: newId(),
          instrumentId: rng.pick(summary.openInstrumentIds),
          userId: who.id,
          userInstitutionId: who.institution_id,
          start,
          end,
          holdEnd: end,
          status: 'confirmed',
          purpose: '',
          recorded: false,
          recognitionId: null,
          orderId: null,
          actualStart: null,
          actualEnd: null,
          icsUid: `${newId()}@yongzhou`,
        },
        Date.now(),
        { actorId: who.id, fromStatus: null, toStatus: 'confirmed', reason: 'booked' },
      )
      if (inserted) freeInserted++
    })
    .add(`sharing statistics of ${year}`, async () => {
      await getSharingStats(deps.db, { year, now: Date.now() })
    })
    .add(`evaluation figures of ${year}`, async () => {
      await getEvaluation(deps.db, { year, now: Date.now() })
    })
  try {
    await bench.run()
  } finally {
    await checkpointer.stop()
    await connection.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true })
  }
  if (takenButInserted > 0)
    throw new Error(`${takenButInserted} inserts into taken slots succeeded: the check is broken`)
  return bench.tasks.map((task): EngineRow => {
    const result = task.result
    const stats = 'latency' in result ? result.latency : undefined
    if (!stats) throw new Error(`task ${task.name} did not complete (${result.state})`)
    let note = ''
    if (task.name.startsWith('guarded insert, random'))
      note = `${((freeInserted / Math.max(1, freeTried)) * 100).toFixed(0)}% inserted`
    if (task.name.startsWith('sharing') || task.name.startsWith('evaluation'))
      note = `${usesOfYear.toLocaleString('en-US')} uses in ${year}`
    return {
      task: task.name,
      reservations: summary.reservations,
      mean: stats.mean,
      p50: stats.p50,
      p99: stats.p99,
      opsPerSec: 1000 / stats.mean,
      samples: stats.samplesCount,
      note,
    }
  })
}
