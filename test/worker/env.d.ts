import type { D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database
      /** a second, untouched D1 database (test/vitest.config.ts): what a deployment starts from */
      FRESH_DB: D1Database
      ASSETS: Fetcher
      /** the local R2 bucket of wrangler.toml's [[r2_buckets]] (miniflare): sample-order reports */
      REPORTS: R2Bucket
      SEED: string
      /** schema/*.sql, read by test/vitest.config.ts */
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}
