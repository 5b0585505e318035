import { defineConfig } from 'vitest/config'
import { SLOW_BY_NATURE } from '../suites.js'

const root = new URL('../..', import.meta.url).pathname

/**
 * `npm run test:stress`: what is slow by nature. First the Chromium walks and the server-process tests, three files
 * at a time as in `npm test`; then the reliability suite (storms, kill -9, the 10,000-request fuzz) one file at a
 * time, alone on the machine, because each starts its own server processes and the machine has two cores.
 */
export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: {
          name: 'slow',
          root,
          include: SLOW_BY_NATURE,
          // the server-process tests run the compiled server, as `npm start` does
          globalSetup: ['test/support/built-server.ts'],
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'stress',
          root,
          include: ['test/stress/**/*.stress.ts'],
          globalSetup: ['test/support/built-server.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
