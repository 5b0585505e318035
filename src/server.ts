import { serve } from '@hono/node-server'
import { seedIfEmpty } from '../seed/load-demo.js'
import { createApp } from './app.js'
import { nodeClientAddress } from './client-address-node.js'
import { systemClock } from './clock.js'
import { isLoopbackHost, readConfig } from './config.js'
import { connectSqlite } from './db/connect-sqlite.js'
import { migrateSqlite } from './db/migrate.js'
import { readMigrations } from './db/migrations-fs.js'
import { nodeDocsAssets } from './docs-assets-node.js'
import { jsonLog } from './http/request-log.js'
import { smtpTransport } from './mail-smtp-node.js'
import { listBackupFiles } from './services/backup-files-node.js'
import { ensureBootstrapAdmin } from './services/bootstrap.js'
import { demoAccountsActive } from './services/demo.js'
import { startJobLoop } from './services/jobs.js'
import { MAIL_LEASE, mailTask } from './services/mail.js'
import { nodeVersion } from './version-node.js'

/** Node entry: an embedded SQLite file, migrated and (unless SEED=none) filled with demo data. */
const config = readConfig(process.env)
const connection = connectSqlite(config.DATABASE_PATH)
const applied = migrateSqlite(connection.sqlite, readMigrations())
const deps = { db: connection.db, batch: connection.batch, clock: systemClock }

if (config.SEED === 'demo' && (await seedIfEmpty(connection.db, systemClock()))) {
  jsonLog({ time: new Date().toISOString(), event: 'seeded', seed: 'demo' })
}
// SEED=demo is refused on a HOST others reach (src/config.ts); demo accounts loaded earlier are still said loudly
if (!isLoopbackHost(config.HOST) && (await demoAccountsActive(deps)))
  jsonLog({
    time: new Date().toISOString(),
    level: 'warn',
    event: 'demo-accounts-active',
    detail: 'accounts with the published demo password can sign in; deactivate them or start from an empty database',
  })
if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
  if (await ensureBootstrapAdmin(deps, config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD))
    jsonLog({ time: new Date().toISOString(), event: 'bootstrap-admin-created' })
}

const app = createApp(deps, {
  runtime: {
    ...nodeVersion(),
    mail: config.SMTP_URL ? 'smtp' : 'in-app',
    backups: process.env.BACKUP_DIR
      ? { dir: process.env.BACKUP_DIR, list: () => listBackupFiles(process.env.BACKUP_DIR!) }
      : null,
  },
  docsAssets: nodeDocsAssets,
  log: jsonLog,
  clientAddress: nodeClientAddress(config.TRUST_PROXY),
  publicUrl: config.PUBLIC_URL,
})
// every process runs the loops; a lease in the database lets one of them do the work at a time
const holder = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`
const jobs = startJobLoop(deps, { holder, log: jsonLog })
// the e-mail of notifications every 5 s (DOMAIN.md: first tried within 10 seconds), under a lease of its own
const mailer = config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_FROM) : null
const mail = startJobLoop(deps, {
  holder,
  lease: MAIL_LEASE,
  everyMs: 5_000,
  leaseMs: 20_000,
  log: jsonLog,
  tasks: [mailTask({ transport: mailer, publicUrl: config.PUBLIC_URL })],
})
const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  jsonLog({
    time: new Date().toISOString(),
    event: 'listening',
    url: `http://${info.address}:${info.port}`,
    database: config.DATABASE_PATH,
    migrationsApplied: applied,
    email: config.SMTP_URL ? 'smtp' : 'in-app only (SMTP_URL unset)',
  })
})

// Finish the requests in flight, then close the database, so no committed write is cut off.
let stopping = false
const shutdown = (signal: string) => {
  if (stopping) return
  stopping = true
  jsonLog({ time: new Date().toISOString(), event: 'stopping', signal })
  const force = setTimeout(() => process.exit(1), 10_000)
  force.unref()
  server.close(async () => {
    await Promise.all([jobs.stop(), mail.stop()])
    mailer?.close()
    await connection.close()
    jsonLog({ time: new Date().toISOString(), event: 'stopped' })
    process.exit(0)
  })
  if ('closeIdleConnections' in server) server.closeIdleConnections()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
