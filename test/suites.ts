/**
 * Test files slow by nature: they drive Chromium through the pages or start real server processes. `npm test`
 * leaves them to `npm run test:stress` (test/stress/vitest.config.ts) with the storms, kill -9 and the fuzz, so
 * that the everyday suite stays near two minutes; `.ci/run` runs both.
 */
export const SLOW_BY_NATURE = [
  // Chromium walks through the pages, each on a server of its own with the whole demo
  'test/browser/**/*.test.ts',
  // compiled server processes: two on one file, a cluster, backups and SMTP under load, the import CLI
  'test/server/two-processes.test.ts',
  'test/server/cluster.test.ts',
  'test/server/backups.test.ts',
  'test/server/voucher-storm.test.ts',
  'test/server/notifications-smtp.test.ts',
  'test/server/token-cache.test.ts',
  'test/cli/import-cli.test.ts',
]
