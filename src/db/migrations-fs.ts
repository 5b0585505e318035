import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../project-root-node.js'
import type { Migration } from './migrate.js'

/** The schema/*.sql files, read from disk: the same files wrangler applies to D1. */
export function readMigrations(dir = join(PROJECT_ROOT, 'schema')): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}
