import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { systemClock } from './clock.js'
import { isLoopbackHost, readConfig } from './config.js'
import { migrateSqlite } from './db/migrate.js'
import { readMigrations } from './db/migrations-fs.js'
import { smtpTransport } from './mail-smtp-node.js'
import { announcePresence, newHolder, scheduleBackups } from './server/background.js'
import { startCheckpointer } from './server/checkpointer.js'
import { superviseWorkers } from './server/cluster.js'
import { openDatabase } from './server/database.js'
import { stdoutLog } from './server/log.js'
import { ensureBootstrapAdmin } from './services/bootstrap.js'
import { demoAccountsActive } from './services/demo.js'
import { startJobLoop } from './services/jobs.js'
import { MAIL_LEASE, mailTask } from './services/mail.js'
import { nodeReportStore } from './services/report-store-node.js'
import { nodeVersion } from './version-node.js'

/*
 * Node entry (`npm start` runs it compiled: dist/server.js). WEB_CONCURRENCY processes (default: one per core)
 * serve on the one port and the one SQLite file. The first process prepares the database (migrations, demo
 * data, bootstrap admin) before any other starts, and runs ALL the background work: the minutely jobs
 * (src/services/jobs.ts, the same tasks a Cron Trigger runs on Workers), scheduled backups (src/server/background.ts)
 * the e-mail of notifications (services/mail.ts) and the WAL checkpoints (src/server/checkpointer.ts); each job also takes its lease in the database, so two servers
 * started separately on one file never run it twice. With more than one process the first serves nothing itself
 * and forks the serving workers (node:cluster).
 */

const config = readConfig(process.env)
// The app (Hono, the routes, zod's schemas) and the demo data are loaded only by the processes that use them:
// a cluster's primary serves nothing, and is half the size without them.
const loadHttp = () => import('./server/http.js')
const { log, flush } = stdoutLog()
const time = () => new Date().toISOString()

/** SIGTERM/SIGINT: `stop` finishes the requests in flight and closes the database; no committed write is cut off. */
function stopOnSignal(stop: () => Promise<void>, announce: boolean) {
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    if (announce) log({ time: time(), event: 'stopping', signal })
    const force = setTimeout(() => {
      log({ time: time(), level: 'error', event: 'stop-timed-out' })
      flush()
      process.exit(1)
    }, 15_000)
    force.unref()
    stop().then(
      () => {
        if (announce) log({ time: time(), event: 'stopped' })
        flush()
        process.exit() // 0, unless the workers kept failing (process.exitCode)
      },
      (error) => {
        log({ time: time(), level: 'error', event: 'stop-failed', error: String(error) })
        flush()
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  return shutdown
}

if (cluster.isWorker) {
  // a serving worker of the cluster: the primary has prepared the database and logs for the server
  const { connection, deps } = openDatabase(config)
  const http = (await loadHttp()).startHttp(config, deps, log, () => {})
  stopOnSignal(async () => {
    await http.close()
    await connection.close()
  }, false)
} else {
  const processes = config.WEB_CONCURRENCY ?? availableParallelism()
  const { connection, deps } = openDatabase(config)
  const applied = migrateSqlite(connection.sqlite, readMigrations())
  if (config.SEED === 'demo') {
    const { seedIfEmpty } = await import('../seed/load-demo.js')
    if (await seedIfEmpty(connection.db, systemClock(), nodeReportStore(config.REPORTS_DIR)))
      log({ time: time(), event: 'seeded', seed: 'demo' })
  }
  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    if (await ensureBootstrapAdmin(deps, config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD))
      log({ time: time(), event: 'bootstrap-admin-created' })
  }
  // SEED=demo is refused on a HOST others reach (src/config.ts); demo accounts loaded earlier are still said loudly
  if (!isLoopbackHost(config.HOST) && (await demoAccountsActive(deps)))
    log({
      time: time(),
      level: 'warn',
      event: 'demo-accounts-active',
      detail: 'accounts with the published demo password can sign in; deactivate them or start from an empty database',
    })
  const holder = newHolder()
  const leave = await announcePresence(connection.db, holder, log)
  const checkpointer = startCheckpointer(config.DATABASE_PATH, log)
  const jobs = startJobLoop(deps, { holder, log })
  // the e-mail of notifications every 5 s (DOMAIN.md: first tried within 10 seconds), under a lease of its own
  const mailer = config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_FROM) : null
  const mail = startJobLoop(deps, {
    holder,
    lease: MAIL_LEASE,
    everyMs: 5_000,
    leaseMs: 20_000,
    log,
    tasks: [mailTask({ transport: mailer, publicUrl: config.PUBLIC_URL })],
  })
  const backups = scheduleBackups(config, connection.db, holder, log)
  const listening = (url: string) =>
    log({
      time: time(),
      event: 'listening',
      url,
      processes,
      database: config.DATABASE_PATH,
      migrationsApplied: applied,
      email: config.SMTP_URL ? 'smtp' : 'in-app only (SMTP_URL unset)',
    })
  const closeDatabase = async () => {
    await Promise.all([jobs.stop(), mail.stop()])
    mailer?.close()
    await backups.stop()
    await checkpointer.stop()
    await leave()
    await connection.close()
  }

  if (processes === 1) {
    const http = (await loadHttp()).startHttp(config, deps, log, listening)
    stopOnSignal(async () => {
      await http.close()
      await closeDatabase()
    }, true)
  } else {
    let announced = false
    cluster.on('listening', (_worker, address) => {
      if (announced) return
      announced = true
      listening(`http://${address.address}:${address.port}`)
    })
    const shutdown = stopOnSignal(async () => {
      await workers.stop()
      await closeDatabase()
    }, true)
    // the workers inherit the environment: the commit is read here once, not by one `git` per worker (version-node.ts)
    const { commit } = nodeVersion()
    if (commit) process.env.GIT_COMMIT = commit
    const workers = superviseWorkers(processes, log, () => {
      process.exitCode = 1
      shutdown('workers-failing')
    })
  }
}
