import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The version the operations page shows: package.json's (npm sets it for `npm start`), and the git commit when the
 * deployment tells it (`GIT_COMMIT`) or the server runs in a git checkout. Read once at start.
 */
export function nodeVersion(): { version: string; commit: string | null } {
  let version = process.env.npm_package_version ?? null
  if (!version) {
    try {
      version =
        (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version?: string }).version ?? null
    } catch {
      version = null
    }
  }
  let commit = process.env.GIT_COMMIT?.trim() || null
  if (!commit) {
    try {
      commit =
        execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim() || null
    } catch {
      commit = null
    }
  }
  return { version: version ?? 'unknown', commit }
}
