import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, logOf, startServer } from '../support/server-process.js'

/** What `npm start` refuses to do (README "Demo data"): serve the demo's published accounts to other machines. */

const dir = mkdtempSync(join(tmpdir(), 'yongzhou-start-up-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('src/server.ts start-up', () => {
  it('refuses SEED=demo on a HOST others can reach: exits with the reason, before opening the database', async () => {
    const server = startServer('public demo', await freePort(), join(dir, 'never.db'), {
      HOST: '0.0.0.0',
      SEED: 'demo',
    })
    const exit = await server.exited
    expect(exit.code, logOf(server)).not.toBe(0)
    expect(logOf(server)).toMatch(/SEED=demo .*loopback HOST/)
    expect(logOf(server)).not.toMatch(/"event":"listening"/)
  })
})
