import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Migration } from './migrate.js'

/** The schema/*.sql files, read from disk: the same files wrangler applies to D1. */
export function readMigrations(dir = fileURLToPath(new URL('../../schema/', import.meta.url))): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }))
}
