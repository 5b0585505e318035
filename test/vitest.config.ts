import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { configDefaults, defineConfig } from 'vitest/config'
import { SLOW_BY_NATURE } from './suites.js'

const root = new URL('..', import.meta.url).pathname
// Miniflare (the workers project) would otherwise fetch Cloudflare's request metadata and send metrics: stay offline.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false'
process.env.WRANGLER_SEND_METRICS ??= 'false'

export default defineConfig({
  test: {
    root,
    // Vitest's default on two cores is ONE file at a time (cores − 1), and much of the suite waits — on workerd,
    // on PBKDF2, on the odd server process: three files at a time take about half the time.
    maxWorkers: 3,
    projects: [
      // Node + better-sqlite3: everything but what is slow by nature (test/suites.ts, run by `npm run test:stress`).
      {
        test: {
          name: 'node',
          root,
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/worker/**', ...SLOW_BY_NATURE],
          // One module graph per worker, not per file: loading the app anew for each of ~120 files was a third of
          // the run. Safe because every test builds its own world (database, clock, app) and no test changes
          // process-wide state (process.env, globals, module mocks).
          isolate: false,
          // builds dist/server.js (when stale) for the tests that start real server processes
          globalSetup: ['test/support/built-server.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      // The same contract tests inside workerd against D1 (test/worker imports the shared test files).
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: `${root}wrangler.toml` },
            miniflare: {
              // schema/*.sql, applied by test/worker/setup.ts exactly as `wrangler d1 migrations apply` would
              bindings: { TEST_MIGRATIONS: await readD1Migrations(`${root}schema`), SEED: 'none' },
              // a database no test empties or fills: test/worker/runtime.test.ts migrates it as a deployment would
              d1Databases: { FRESH_DB: 'fresh-database' },
            },
          })),
        ],
        test: {
          name: 'workers',
          root,
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/setup.ts'],
          // One workerd module graph per worker, not per file: 127 s → 57 s for this project. Each world still
          // empties the D1 database first (test/worker/setup.ts).
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
