import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/worker.js'
import { MON, withMoney } from '../support/money-world.js'
import { createWorld } from '../support/world.js'

/** The Cron Trigger of wrangler.toml: the Worker's scheduled handler runs the background job on D1. */

describe('the scheduled handler (src/worker.ts)', () => {
  it('makes final the charge of a use that simply ended, once, however often it runs', async () => {
    const world = await createWorld()
    const money = await withMoney(world)
    const made = await money.book(world.accounts.researcherZs, (await money.priced()).id, MON('09:00'), MON('10:00'))
    expect(made.status).toBe(201)
    // the handler runs on the system clock: move the use an hour into the real past
    const end = Date.now() - 3_600_000
    await env.DB.prepare('UPDATE reservations SET start_ms = ?, end_ms = ?, hold_end_ms = ? WHERE id = ?')
      .bind(end - 3_600_000, end, end, made.json.id)
      .run()
    const worker = createWorkerHandler(() => {})
    for (let run = 0; run < 2; run++)
      await worker.scheduled({ cron: '* * * * *', scheduledTime: Date.now() } as ScheduledController, env)
    const row = await env.DB.prepare('SELECT charge_fen, payable_fen FROM reservations WHERE id = ?')
      .bind(made.json.id)
      .first()
    expect(row).toEqual({ charge_fen: 20_000, payable_fen: 20_000 })
    const entries = await env.DB.prepare("SELECT count(*) AS n FROM billing_entries WHERE kind = 'charge'").first()
    expect(entries).toEqual({ n: 1 })
  })
})
