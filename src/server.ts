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
import { ensureBootstrapAdmin } from './services/bootstrap.js'
import { demoAccountsActive } from './services/demo.js'
import { startJobLoop } from './services/jobs.js'
import { nodeReportStore } from './services/report-store-node.js'

/** Node entry: an embedded SQLite file, migrated and (unless SEED=none) filled with demo data. */
const config = readConfig(process.env)
const connection = connectSqlite(config.DATABASE_PATH)
const applied = migrateSqlite(connection.sqlite, readMigrations())
const deps = { db: connection.db, batch: connection.batch, clock: systemClock }
const reports = nodeReportStore(config.REPORTS_DIR)

if (config.SEED === 'demo' && (await seedIfEmpty(connection.db, systemClock(), reports))) {
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
  docsAssets: nodeDocsAssets,
  log: jsonLog,
  clientAddress: nodeClientAddress(config.TRUST_PROXY),
  publicUrl: config.PUBLIC_URL,
  reports,
})
// every process runs the loop; the lease in the database lets one of them do the work at a time
const jobs = startJobLoop(deps, { holder: `${process.pid}-${Math.random().toString(36).slice(2, 10)}`, log: jsonLog })
const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  jsonLog({
    time: new Date().toISOString(),
    event: 'listening',
    url: `http://${info.address}:${info.port}`,
    database: config.DATABASE_PATH,
    migrationsApplied: applied,
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
    await jobs.stop()
    await connection.close()
    jsonLog({ time: new Date().toISOString(), event: 'stopped' })
    process.exit(0)
  })
  if ('closeIdleConnections' in server) server.closeIdleConnections()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
