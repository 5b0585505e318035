import { applyD1Migrations, env } from 'cloudflare:test'
import { connectD1 } from '../../src/db/connect-d1.js'
import { r2ReportStore } from '../../src/services/report-store.js'
import { workerDocsAssets } from '../../src/worker.js'
import { useWorldBackend } from '../support/world.js'
import { emptyDatabase } from './d1.js'

// The schema as `wrangler d1 migrations apply` applies it; then every createWorld() of the shared
// test files runs on this D1 database, emptied first, with the Worker's own docs assets.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
useWorldBackend({
  async open() {
    await emptyDatabase(env.DB)
    return connectD1(env.DB)
  },
  docsAssets: workerDocsAssets(env.ASSETS),
  reports: async () => r2ReportStore(env.REPORTS),
})
