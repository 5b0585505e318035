import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzz, fuzzWorld, requestArbitrary, runRequest } from './fuzz-harness.js'

/**
 * The quick fuzz of `npm test`: 1,800 generated requests, a fixed seed (the 10,000 run in test:stress). About 33
 * requests an operation: 1,500 were enough for the 47 operations before import, recognition and the national means.
 */
describe('fuzzing every endpoint from the OpenAPI document', () => {
  it('1,800 requests: no 5xx, every error a problem+json, the database invariants hold', {
    timeout: 60_000,
  }, async () => {
    const { statuses, perOperation, world } = await fuzz(1800, 20270301)
    // the run reached every operation, and got past validation often enough to change things
    expect(perOperation.size).toBe(world.operations.length)
    expect(statuses.get(201) ?? 0).toBeGreaterThan(15)
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100)
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100)
    // every status an operation answered is one its OpenAPI operation documents
    const paths = (world.document as { paths: unknown }).paths as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >
    const undocumented = [...perOperation].flatMap(([operation, seen]) => {
      const [method, path] = operation.split(' ') as [string, string]
      const responses = paths[path]?.[method.toLowerCase()]?.responses ?? {}
      return [...seen].filter((status) => !responses[String(status)]).map((status) => `${operation} → ${status}`)
    })
    expect(undocumented).toEqual([])
  })

  it('the checks bite: a 500, or an error that is not problem+json, fails the run', async () => {
    const fuzzed = await fuzzWorld()
    const [request] = fc.sample(requestArbitrary(fuzzed.document, fuzzed.operations), { numRuns: 1, seed: 7 })
    const real = fuzzed.world.app.request.bind(fuzzed.world.app)
    for (const broken of [
      new Response('{"type":"/problems/internal","title":"x","status":500,"detail":"x"}', {
        status: 500,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
      new Response('{"error":"nope"}', { status: 404, headers: { 'Content-Type': 'application/json' } }),
      new Response('{"type":"/problems/x","title":"x","status":400}', {
        status: 400,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    ]) {
      fuzzed.world.app.request = (async () => broken) as never
      await expect(runRequest(fuzzed, request!)).rejects.toThrow()
    }
    fuzzed.world.app.request = real
    await expect(runRequest(fuzzed, request!)).resolves.toBeTypeOf('number')
  })
})
