import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon, { type RawRequest } from 'autocannon'
import { cachedBenchData } from '../../seed/bench-data.js'
import { ensureServerBuilt, SERVER_ARGS } from '../support/built-server.js'
import { benchEndpoints, freePort, issueTokens } from './http.js'

/*
 * `npx tsx test/bench/profile.ts --endpoint post|availability|healthz [--size 100000] [--seconds 8]`:
 * the bench server under `node --cpu-prof`, loaded by autocannon, then the functions with the
 * most self time (and the files they live in). The .cpuprofile stays in data/bench/profiles/.
 */

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'post' },
    size: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
  },
})
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const { summary } = await cachedBenchData(Number(values.size))
const copy = join(tmpdir(), `yongzhou-bench-profile-${process.pid}.db`)
copyFileSync(summary.path, copy)
const tokens = issueTokens(copy, summary.researcherIds, 200)
const dir = join(ROOT, 'data/bench/profiles')
mkdirSync(dir, { recursive: true })
const before = new Set(readdirSync(dir))
const port = await freePort()
ensureServerBuilt()
// one process (WEB_CONCURRENCY=1): the profile is of the process that serves
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...SERVER_ARGS], {
  cwd: ROOT,
  env: {
    ...process.env,
    DATABASE_PATH: copy,
    SEED: 'none',
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_CONCURRENCY: '1',
    BACKUP_EVERY_MINUTES: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
})
process.once('exit', () => child.kill('SIGKILL'))
const base = `http://127.0.0.1:${port}`
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 100))
}
const endpoint = benchEndpoints(summary, tokens).find((e) => e.key === values.endpoint)
if (!endpoint) throw new Error('--endpoint is post, availability or healthz')
const requests = [{ setupRequest: (request: RawRequest) => ({ ...request, headers: {}, ...endpoint.request() }) }]
await autocannon({ url: base, connections: 10, duration: 2, requests }) // warm up
const result = await autocannon({
  url: base,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  requests,
})
console.log(
  `${endpoint.name}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
)
await new Promise((resolve) => {
  child.once('exit', resolve)
  child.kill('SIGTERM')
})
for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true })

const file = readdirSync(dir).find((name) => !before.has(name) && name.endsWith('.cpuprofile'))
if (!file) throw new Error('no profile written')
interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
  children?: number[]
}
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[] }
// The server is compiled: the source maps of dist/ turn a place in it back into src/…:line.
const distUrl = pathToFileURL(join(ROOT, 'dist/')).href
const maps = new Map<string, SourceMap | null>()
const mapOf = (url: string) => {
  if (!maps.has(url)) {
    try {
      maps.set(url, new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'))))
    } catch {
      maps.set(url, null)
    }
  }
  return maps.get(url) ?? null
}
/** The frame's file (project-relative, `nm:` for packages) and line, through the source maps of dist/. */
function placeOf({ url, lineNumber, columnNumber }: Node['callFrame']): { file: string; line: number } {
  const map = url.startsWith(distUrl) ? mapOf(url) : null
  if (map) {
    const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number }
    if (entry.originalSource)
      return {
        file: relative(ROOT, fileURLToPath(new URL(entry.originalSource, url))),
        line: (entry.originalLine ?? 0) + 1,
      }
  }
  return { file: url.replace(`file://${ROOT}`, '').replace(/^.*node_modules\//, 'nm:'), line: lineNumber + 1 }
}
const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0)
const bySelf = new Map<string, number>()
const byFile = new Map<string, number>()
for (const node of profile.nodes) {
  const { file: url, line } = placeOf(node.callFrame)
  const key = `${node.callFrame.functionName || '(anonymous)'} ${url}:${line}`
  bySelf.set(key, (bySelf.get(key) ?? 0) + (node.hitCount ?? 0))
  const pkg = url.startsWith('nm:')
    ? url
        .split('/')
        .slice(0, url.startsWith('nm:@') ? 2 : 1)
        .join('/')
    : url || '(native)'
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + (node.hitCount ?? 0))
}
const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n')
// Inclusive time of our own functions (src/): each node's hits plus its subtree's, once per stack.
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const inclusive = new Map<string, number>()
const walk = (node: Node, onStack: Set<string>): number => {
  let hits = node.hitCount ?? 0
  const { file: url, line } = placeOf(node.callFrame)
  const key = url.startsWith('src/') ? `${node.callFrame.functionName || '(anonymous)'} ${url}:${line}` : ''
  const fresh = key !== '' && !onStack.has(key)
  if (fresh) onStack.add(key)
  for (const child of node.children ?? []) hits += walk(byId.get(child)!, onStack)
  if (fresh) {
    onStack.delete(key)
    inclusive.set(key, (inclusive.get(key) ?? 0) + hits)
  }
  return hits
}
walk(profile.nodes[0]!, new Set())
console.log(`\ninclusive time of src/ functions:\n${top(inclusive, 25)}`)
console.log(`\nself time by function (${file}):\n${top(bySelf, 30)}\n\nby package or file:\n${top(byFile, 20)}`)
