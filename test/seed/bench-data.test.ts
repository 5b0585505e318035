import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { generateBenchData } from '../../seed/bench-data.js'

const dir = mkdtempSync(join(tmpdir(), 'bench-data-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const options = { reservations: 2000, instruments: 20, researchers: 50, firstYear: 2025, asOf: Date.UTC(2026, 10, 1) }

/** Every row of the tables the generator fills, minus the password hash (salted at random). */
function fingerprint(path: string): string {
  const sqlite = new SQLite(path, { readonly: true })
  const hash = createHash('sha256')
  for (const table of ['cities', 'institutions', 'users', 'instruments', 'reservations']) {
    for (const row of sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[]) {
      const { password_hash: _ignored, ...rest } = row
      hash.update(JSON.stringify(rest))
    }
  }
  sqlite.close()
  return hash.digest('hex')
}

describe('the bench data generator', () => {
  it('writes the same rows for the same options, and other rows for another seed', async () => {
    const a = await generateBenchData(join(dir, 'a.db'), options)
    const b = await generateBenchData(join(dir, 'b.db'), options)
    const c = await generateBenchData(join(dir, 'c.db'), { ...options, seed: 'another' })
    expect(a.reservations).toBe(2000)
    expect(a.instruments).toBe(20)
    expect(fingerprint(a.path)).toBe(fingerprint(b.path))
    expect(fingerprint(c.path)).not.toBe(fingerprint(a.path))
    expect(a.statusCounts).toEqual(b.statusCounts)
  })

  it('keeps held reservations of one instrument apart (buffers included) and spreads them over three years', async () => {
    const { path, statusCounts, openInstrumentIds } = await generateBenchData(join(dir, 'd.db'), options)
    const sqlite = new SQLite(path, { readonly: true })
    const overlaps = sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM reservations a JOIN reservations b
           ON a.instrument_id = b.instrument_id AND a.id < b.id
          AND a.start_ms < b.hold_end_ms AND b.start_ms < a.hold_end_ms
        WHERE a.status IN ('pending', 'confirmed', 'in_use') AND b.status IN ('pending', 'confirmed', 'in_use')`,
      )
      .get() as { n: number }
    expect(overlaps.n).toBe(0)
    const span = sqlite.prepare('SELECT MIN(start_ms) AS first, MAX(end_ms) AS last FROM reservations').get() as {
      first: number
      last: number
    }
    expect(span.first).toBeGreaterThanOrEqual(Date.UTC(2024, 11, 31, 16)) // 2025-01-01 00:00 +08:00
    expect(span.last).toBeLessThanOrEqual(Date.UTC(2027, 11, 31, 16))
    expect(span.last - span.first).toBeGreaterThan(2.5 * 365 * 24 * 3600_000)
    // past uses and future bookings both exist; nothing pending has already started
    expect(statusCounts.completed).toBeGreaterThan(500)
    expect(statusCounts.confirmed).toBeGreaterThan(300)
    const stalePending = sqlite
      .prepare(`SELECT COUNT(*) AS n FROM reservations WHERE status = 'pending' AND start_ms <= ?`)
      .get(options.asOf) as { n: number }
    expect(stalePending.n).toBe(0)
    expect(openInstrumentIds.length).toBe(16)
    sqlite.close()
  })
})
