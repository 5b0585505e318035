import { describe, expect, it } from 'vitest'
import { fuzz } from './fuzz-harness.js'

/** The full fuzz of `npm run test:stress`: 10,000 generated requests; FUZZ_SEED replays a run. */
describe('fuzzing every endpoint from the OpenAPI document', () => {
  it('10,000 requests: no 5xx, every error a problem+json, the database invariants hold', async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31
    console.info(`fuzz seed ${seed} (FUZZ_SEED=${seed} replays it)`)
    const { statuses, perOperation, world } = await fuzz(10_000, seed)
    console.info(`fuzz statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
    expect(perOperation.size).toBe(world.operations.length)
    expect(statuses.get(201) ?? 0).toBeGreaterThan(40)
    expect(statuses.get(200) ?? 0).toBeGreaterThan(1000)
  })
})
