// @ts-check
/**
 * `npm run build`: compiles the Node server with esbuild into dist/ — what `npm start` runs.
 * `--if-stale`: builds only when dist/ is missing or older than a file it is made from (src/ with this script,
 * seed/, schema/, package.json, package-lock.json), so `npm start` pays nothing on an unchanged tree.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled, without tsx (a development tool).
 * Only our own code is bundled; packages stay in node_modules and load as usual (better-sqlite3 is native),
 * and dist/ sits inside the project, so schema/*.sql and swagger-ui-dist are found from it as from src/.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))
const DIST = join(ROOT, 'dist')
/** Written last: its time is the build's, and a build that failed half-way leaves none. */
const STAMP = join(DIST, '.build-stamp')
const ENTRIES = { server: 'src/server.ts', 'backup-cli': 'src/server/backup-cli.ts' }
const SOURCES = ['src', 'seed', 'schema', 'package.json', 'package-lock.json']

/** @param {string} path @returns {number} the newest modification time under `path` (0 when absent) */
function newest(path) {
  let stats
  try {
    stats = statSync(path)
  } catch {
    return 0
  }
  if (!stats.isDirectory()) return stats.mtimeMs
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stats.mtimeMs)
}

export function isStale() {
  const built = newest(STAMP)
  return built === 0 || SOURCES.some((source) => newest(join(ROOT, source)) > built)
}

/** Writes each output under a temporary name, then renames it: a server starting meanwhile reads whole files. */
export async function buildServer() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    write: false,
    bundle: true,
    // what only some processes load (the app, the demo data) goes into chunks of its own (src/server.ts)
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // readable stack traces in the log: names kept, nothing minified
    keepNames: true,
    logLevel: 'warning',
    metafile: true,
  })
  mkdirSync(join(DIST, 'chunks'), { recursive: true })
  // chunks first: an entry never names a chunk that is not there yet
  const outputs = [...result.outputFiles].sort(
    (a, b) => Number(b.path.includes('/chunks/')) - Number(a.path.includes('/chunks/')),
  )
  for (const output of outputs) {
    const temporary = `${output.path}.tmp-${process.pid}`
    writeFileSync(temporary, output.contents)
    renameSync(temporary, output.path)
  }
  // chunks of earlier builds (their names carry a hash of their content)
  const current = new Set(outputs.map((output) => output.path))
  for (const name of readdirSync(join(DIST, 'chunks'))) {
    const path = join(DIST, 'chunks', name)
    if (!current.has(path) && !name.includes('.tmp-')) rmSync(path, { force: true })
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`)
  return Object.keys(result.metafile.inputs).length
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const onlyIfStale = process.argv.includes('--if-stale')
  if (!onlyIfStale || isStale()) {
    const started = performance.now()
    const inputs = await buildServer()
    const ms = Math.round(performance.now() - started)
    console.error(`built ${relative(process.cwd(), DIST) || '.'}/ from ${inputs} files in ${ms} ms`)
  }
}
