import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The tests and the bench start the compiled server, `node dist/server.js`, exactly as `npm start` does, so
 * that they exercise what production runs; this builds it first when dist/ is missing or stale.
 */

const ROOT = new URL('../..', import.meta.url).pathname

export const SERVER_ENTRY = join(ROOT, 'dist/server.js')

/** What `npm start` passes to node: its flags (V8's young-generation size) taken from package.json, then the entry. */
export const SERVER_ARGS = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start
  const match = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/server\.js\b/.exec(start)
  if (!match) throw new Error(`package.json's start script no longer runs node … dist/server.js: ${start}`)
  return [...match[1]!.trim().split(/\s+/).filter(Boolean), SERVER_ENTRY]
})()

export function ensureServerBuilt() {
  const build = spawnSync(process.execPath, [join(ROOT, 'src/build.mjs'), '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`)
}

/** vitest globalSetup: one build before the files that start servers run in parallel. */
export default function setup() {
  ensureServerBuilt()
}
