import type SQLite from 'better-sqlite3'

/** The statuses that hold their time (DOMAIN.md): no two of one instrument may overlap, buffers included. */
export const HELD_STATUSES = ['pending', 'confirmed', 'in_use'] as const

/**
 * The full scan: every pair of held reservations of one instrument whose [start_ms, hold_end_ms) overlap.
 * Must always be empty.
 */
export function overlappingHeldPairs(sqlite: SQLite.Database) {
  return sqlite
    .prepare(
      `SELECT a.instrument_id, a.id AS a, b.id AS b
       FROM reservations a JOIN reservations b ON b.instrument_id = a.instrument_id AND a.id < b.id
       WHERE a.status IN ('pending', 'confirmed', 'in_use') AND b.status IN ('pending', 'confirmed', 'in_use')
         AND a.start_ms < b.hold_end_ms AND b.start_ms < a.hold_end_ms`,
    )
    .all() as { instrument_id: string; a: string; b: string }[]
}

/**
 * Rows that point at nothing: a reservation whose instrument, user or copied institution is missing, an event
 * whose reservation is missing, and the like. Must always be empty. (Foreign keys are on, so this is a second
 * opinion that also covers a database written with them off.)
 */
export function orphanRows(sqlite: SQLite.Database) {
  const checks: Record<string, string> = {
    'reservation without instrument':
      'SELECT r.id FROM reservations r LEFT JOIN instruments i ON i.id = r.instrument_id WHERE i.id IS NULL',
    'reservation without user':
      'SELECT r.id FROM reservations r LEFT JOIN users u ON u.id = r.user_id WHERE u.id IS NULL',
    'reservation without institution':
      'SELECT r.id FROM reservations r LEFT JOIN institutions i ON i.id = r.user_institution_id WHERE i.id IS NULL',
    'reservation event without reservation':
      'SELECT e.id FROM reservation_events e LEFT JOIN reservations r ON r.id = e.reservation_id WHERE r.id IS NULL',
    'reservation without its first event':
      'SELECT r.id FROM reservations r WHERE NOT EXISTS (SELECT 1 FROM reservation_events e WHERE e.reservation_id = r.id)',
    'instrument without institution':
      'SELECT x.id FROM instruments x LEFT JOIN institutions i ON i.id = x.institution_id WHERE i.id IS NULL',
    'blackout without instrument':
      'SELECT b.id FROM blackouts b LEFT JOIN instruments i ON i.id = b.instrument_id WHERE i.id IS NULL',
    'qualification without user or instrument': `SELECT q.user_id AS id FROM qualifications q
       LEFT JOIN users u ON u.id = q.user_id LEFT JOIN instruments i ON i.id = q.instrument_id
       WHERE u.id IS NULL OR i.id IS NULL`,
    'token without user':
      'SELECT t.user_id AS id FROM tokens t LEFT JOIN users u ON u.id = t.user_id WHERE u.id IS NULL',
    'user without institution': `SELECT u.id FROM users u LEFT JOIN institutions i ON i.id = u.institution_id
       WHERE u.institution_id IS NOT NULL AND i.id IS NULL`,
  }
  const found: { check: string; id: unknown }[] = []
  for (const [check, query] of Object.entries(checks))
    for (const row of sqlite.prepare(query).all() as { id: unknown }[]) found.push({ check, id: row.id })
  return found
}

/** SQLite's own consistency check of the file: ['ok'] when sound. */
export const integrityCheck = (sqlite: SQLite.Database) =>
  (sqlite.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check)
