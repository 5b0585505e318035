import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { systemClock } from './clock.js'
import { readConfig } from './config.js'
import { connectSqlite } from './db/connect-sqlite.js'
import { migrateSqlite } from './db/migrate.js'
import { readMigrations } from './db/migrations-fs.js'
import { AppError } from './errors.js'
import { type ImportReport, importInstrumentsAsOperator } from './services/instrument-import.js'

/*
 * `npm run import -- --institution ID FILE [--dry-run]`: POST /instruments/import from the console, on the local
 * database (DATABASE_PATH), as its operator. Prints the same report as the API (JSON on stdout) and a progress bar
 * on stderr; exits 1 when a row has an error (nothing was written), 2 on a usage or file problem.
 */

const USAGE = 'usage: npm run import -- --institution ID FILE [--dry-run]'

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      options: { institution: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: true,
    })
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`)
  }
})()
const file = positionals[0]
if (!values.institution || !file || positionals.length > 1) fail(USAGE)

let bytes: Uint8Array
try {
  bytes = readFileSync(file)
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`)
}

const config = readConfig(process.env)
const connection = connectSqlite(config.DATABASE_PATH)
migrateSqlite(connection.sqlite, readMigrations())
const deps = { db: connection.db, batch: connection.batch, clock: systemClock }

// the bar goes to stderr, so that stdout is the report alone (a script may pipe it to jq)
const bar = new SingleBar({
  format: '{phase} [{bar}] {value}/{total} rows',
  stream: process.stderr,
  noTTYOutput: true,
  notTTYSchedule: 1000,
  hideCursor: true,
})
let started = false
let report: ImportReport
try {
  report = await importInstrumentsAsOperator(deps, values.institution!, bytes, {
    dryRun: values['dry-run']!,
    onProgress: (phase, done, total) => {
      if (!started) {
        bar.start(total, 0, { phase: 'checking' })
        started = true
      }
      bar.update(phase === 'written' ? total : done, { phase })
    },
  })
} catch (error) {
  if (started) bar.stop()
  await connection.close()
  if (error instanceof AppError) fail(`${error.code}: ${error.message}`)
  throw error
}
if (started) bar.stop()
await connection.close()
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
const summary = `${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged, ${report.errors.length} errors`
process.stderr.write(
  report.errors.length > 0
    ? `${summary}: nothing was written.\n${report.errors.map((e) => `  row ${e.row}, ${e.column || '(row)'}: ${e.message}`).join('\n')}\n`
    : report.written
      ? `${summary}: written.\n`
      : `${summary}: dry run, nothing was written.\n`,
)
process.exit(report.errors.length > 0 ? 1 : 0)
