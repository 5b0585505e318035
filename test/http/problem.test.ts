import SQLite from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { appErrorFromDatabaseError, problemOf } from '../../src/http/problem.js'

/** The real error SQLite raises for a statement, so the test sees what production sees. */
function sqliteError(statement: string): unknown {
  const sqlite = new SQLite(':memory:')
  sqlite.exec(`PRAGMA foreign_keys = ON;
    CREATE TABLE parent (id TEXT PRIMARY KEY);
    CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent (id), n INTEGER CHECK (n > 0));
    INSERT INTO parent VALUES ('p'); INSERT INTO child VALUES ('c', 'p', 1);`)
  try {
    sqlite.exec(statement)
  } catch (error) {
    return error
  } finally {
    sqlite.close()
  }
  throw new Error(`no error from ${statement}`)
}

describe('database constraint errors become 4xx problems', () => {
  it.each([
    ["INSERT INTO child VALUES ('c', 'p', 1)", 409, 'duplicate'],
    ["INSERT INTO child VALUES ('d', 'nobody', 1)", 404, 'not-found'],
    ["INSERT INTO child VALUES ('e', 'p', 0)", 400, 'validation'],
    ["INSERT INTO child VALUES ('f', NULL, 1)", 400, 'validation'],
  ])('%s → %i %s (SQLite)', (statement, status, code) => {
    const mapped = appErrorFromDatabaseError(sqliteError(statement))
    expect(mapped && problemOf(mapped)).toMatchObject({ status, type: `/problems/${code}` })
  })

  it("reads D1's wrapping of the same message", () => {
    const d1 = new Error('D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT')
    expect(appErrorFromDatabaseError(d1)?.code).toBe('duplicate')
  })

  it('leaves every other error alone (a 500 is a bug to fix, not to hide)', () => {
    expect(appErrorFromDatabaseError(new Error('no such table: nowhere'))).toBeNull()
    expect(appErrorFromDatabaseError('not an error')).toBeNull()
  })
})
