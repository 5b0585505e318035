import { describe, expect, it } from 'vitest'
import { bufferedJsonLog } from '../../src/server/log.js'

/** The request log leaves the request's path: lines are queued and written together, whole, in order. */

describe('the buffered JSON log', () => {
  it('writes nothing on the request path, then every line in order within a few milliseconds', async () => {
    const chunks: string[] = []
    const { log } = bufferedJsonLog((chunk) => chunks.push(chunk), 5)
    for (let i = 0; i < 10; i++) log({ i, path: '/healthz' })
    expect(chunks).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(chunks).toHaveLength(1)
    expect(
      chunks
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).i),
    ).toEqual([...Array(10).keys()])
  })

  it('writes whole lines in pieces of at most 4 KiB (one pipe write each, never interleaved), losing none on flush', () => {
    const chunks: string[] = []
    const { log, flush } = bufferedJsonLog((chunk) => chunks.push(chunk), 60_000)
    const lines = Array.from({ length: 500 }, (_, i) => ({ i, path: `/api/v1/仪器/${'x'.repeat(i % 97)}` }))
    for (const line of lines) log(line)
    flush()
    flush() // nothing left: writes nothing more
    expect(chunks.length).toBeGreaterThan(5)
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(4096)
      expect(chunk.endsWith('\n')).toBe(true)
    }
    expect(
      chunks
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(lines)
  })
})
