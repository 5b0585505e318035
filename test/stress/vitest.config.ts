import { defineConfig } from 'vitest/config'

/** `npm run test:stress`: the slow reliability suite (server processes, kill -9, the 10,000-request fuzz). */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/stress/**/*.stress.ts'],
    // the storms and the kill -9 test run the compiled server, as `npm start` does
    globalSetup: ['test/support/built-server.ts'],
    // one file at a time: each starts its own server processes, and the machine has two cores
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
})
