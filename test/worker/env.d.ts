import type { D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database
      /** a second, untouched D1 database (test/vitest.config.ts): what a deployment starts from */
      FRESH_DB: D1Database
      ASSETS: Fetcher
      SEED: string
      /** schema/*.sql, read by test/vitest.config.ts */
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}
