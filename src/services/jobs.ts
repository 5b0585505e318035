import type { CompiledQuery } from 'kysely'
import { finaliseChargeQueries, finaliseCharges, listChargesDue } from '../repositories/charges.js'
import { releaseLease, takeLease } from '../repositories/leases.js'
import { insertDueReminders } from '../repositories/notifications.js'
import { completeReportedOrders } from '../repositories/orders.js'
import { expireOverdue } from '../repositories/reservations.js'
import type { Deps } from './deps.js'
import { finalChargeOf, instrumentOfReservation, moneyFactsOf, moneyLookups } from './pricing.js'

/*
 * The background job (DOMAIN.md "When a charge becomes final"): every minute it expires undecided requests and makes
 * final the charges of uses that simply ended. On Node it runs in one server process at a time, the holder of a
 * lease row in the database (`startJobLoop`); on Workers a Cron Trigger calls `runDueJobs` (src/worker.ts). Every
 * write it makes is guarded, so two runs at once — a lease taken over, an overlapping cron — never do anything twice.
 * Reads never finalise anything.
 */

export interface JobTask {
  name: string
  /** Does what is due at `now`; returns how many things it changed. */
  run(deps: Deps, now: number): Promise<number>
}

/**
 * Reservations made final per batch (one atomic step), and at most per run; the rest wait for the next minute. A run
 * stays well within what one Worker invocation may query of D1, so a backlog (a job stopped for hours) drains over
 * a few minutes instead of failing.
 */
const PER_BATCH = 10
const PER_RUN = 300

/** Makes final every charge that is due: confirmed and ended, or in use 24 hours past the end. */
export async function finaliseDueCharges(deps: Deps, now: number, budget = PER_RUN): Promise<number> {
  const lookups = moneyLookups(deps)
  let finalised = 0
  while (budget > 0) {
    const due = await listChargesDue(deps.db, now, Math.min(budget, 100))
    if (due.length === 0) break
    budget -= due.length
    let madeFinal = 0
    for (let i = 0; i < due.length; i += PER_BATCH) {
      const groups: CompiledQuery[][] = []
      for (const reservation of due.slice(i, i + PER_BATCH)) {
        const instrument = await instrumentOfReservation(lookups, reservation)
        const provider = await lookups.institution(instrument.institutionId)
        if (!provider) continue
        const charge = await finalChargeOf(lookups, reservation, provider)
        groups.push(finaliseChargeQueries(deps.db, reservation, charge, moneyFactsOf(reservation, instrument), now))
      }
      madeFinal += await finaliseCharges(deps.batch, groups)
    }
    finalised += madeFinal
    // whatever was not finalised changed under us (a check-out, a no-show): the next run sees it as it is now
    if (madeFinal === 0) break
  }
  return finalised
}

/**
 * What the job does each minute, in order. The e-mail of notifications has its own, quicker loop on Node
 * (services/mail.ts `mailTask`, src/server.ts).
 */
export const JOB_TASKS: readonly JobTask[] = [
  { name: 'expire-requests', run: (deps, now) => expireOverdue(deps.db, deps.batch, now) },
  { name: 'finalise-charges', run: (deps, now) => finaliseDueCharges(deps, now) },
  // a reported sample order its requester has not confirmed completes 14 days after its report
  { name: 'complete-orders', run: (deps, now) => completeReportedOrders(deps.db, deps.batch, now) },
  // one statement; its ids (`reminder:<reservation>`) make each reminder once, however often this runs
  { name: 'reminders', run: (deps, now) => insertDueReminders(deps.db, now, PER_RUN) },
]

/** Runs every task once at the clock's now; a failing task is reported and does not stop the others. */
export async function runDueJobs(
  deps: Deps,
  report: (line: Record<string, unknown>) => void = () => {},
  tasks: readonly JobTask[] = JOB_TASKS,
): Promise<Record<string, number>> {
  const done: Record<string, number> = {}
  for (const task of tasks) {
    try {
      done[task.name] = await task.run(deps, deps.clock())
    } catch (error) {
      done[task.name] = -1
      report({ level: 'error', job: task.name, error: String(error), stack: (error as Error)?.stack })
    }
  }
  return done
}

export const JOB_LEASE = 'minutely'

/**
 * Node: every `everyMs` each process tries to take (or renew) the lease, and the one holding it runs the jobs. The
 * lease outlives two ticks, so its holder keeps it while alive; when it dies, another process takes over within
 * `leaseMs + everyMs` — the job is at most two minutes late.
 */
export function startJobLoop(
  deps: Deps,
  options: {
    holder: string
    /** the lease's name: loops of different leases run side by side (the minutely jobs, the e-mail) */
    lease?: string
    everyMs?: number
    leaseMs?: number
    log?: (line: Record<string, unknown>) => void
    tasks?: readonly JobTask[]
  },
) {
  const everyMs = options.everyMs ?? 30_000
  const leaseMs = options.leaseMs ?? 75_000
  const log = options.log ?? (() => {})
  const lease = options.lease ?? JOB_LEASE
  let running: Promise<void> | null = null
  let stopped = false
  const tick = () => {
    if (running || stopped) return
    running = (async () => {
      try {
        if (!(await takeLease(deps.db, lease, options.holder, deps.clock(), leaseMs))) return
        const done = await runDueJobs(deps, log, options.tasks)
        if (Object.values(done).some((n) => n !== 0))
          log({ time: new Date(deps.clock()).toISOString(), event: 'jobs', holder: options.holder, ...done })
      } catch (error) {
        log({ level: 'error', event: 'jobs', error: String(error) })
      } finally {
        running = null
      }
    })()
  }
  const timer = setInterval(tick, everyMs)
  // a timer that keeps no process alive by itself (Node); the shutdown stops it
  ;(timer as unknown as { unref?: () => void }).unref?.()
  tick()
  return {
    /** Resolves when no run is in progress. */
    idle: async () => {
      await running
    },
    /** Waits for a run in progress, then gives the lease up. */
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
      await releaseLease(deps.db, lease, options.holder).catch(() => {})
    },
  }
}
