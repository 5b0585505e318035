import { connectSqlite, type SqliteConnection } from '../../src/db/connect-sqlite.js'
import { migrateSqlite } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/db/migrations-fs.js'

/** A fresh, migrated in-memory SQLite database built from the same schema/*.sql the server uses. */
export function testDatabase(): SqliteConnection {
  const connection = connectSqlite(':memory:')
  migrateSqlite(connection.sqlite, readMigrations())
  return connection
}
