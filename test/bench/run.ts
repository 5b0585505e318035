import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_DIR, cachedBenchData } from '../../seed/bench-data.js'
import { benchEngine, type EngineRow } from './engine.js'
import { benchHttp } from './http.js'
import { fixed, markdownTable, thousands } from './table.js'

/*
 * `npm run bench` — figures, never a pass/fail: the HTTP table (autocannon against a real server
 * process on the 1 M-reservation database) and the engine table (tinybench at 10 k, 100 k, 1 M).
 * `npm run bench -- --quick`: 100 k reservations, one 3-second run per cell, shorter engine runs.
 * `--only http|engine` runs one half.
 */

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
})
const quick = values.quick ?? false
const only = values.only
if (only !== undefined && only !== 'http' && only !== 'engine') throw new Error('--only takes http or engine')

// Leave no server behind when interrupted: 'exit' handlers (see http.ts) run on process.exit().
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))

const started = performance.now()
const log = (line: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`)
const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU'
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')
const loadBefore = load()
log(`${availableParallelism()} cores, ${cpuModel}, Node ${process.version}, load average ${loadBefore}`)

const httpSize = quick ? 100_000 : 1_000_000
const engineSizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
const sizes = [...new Set([...(only === 'engine' ? [] : [httpSize]), ...(only === 'http' ? [] : engineSizes)])].sort(
  (a, b) => a - b,
)
const data = new Map<number, Awaited<ReturnType<typeof cachedBenchData>>['summary']>()
for (const size of sizes) {
  const { summary, generated, ms } = await cachedBenchData(size)
  log(
    `${generated ? 'generated' : 'reused'} ${thousands(size)} reservations in ${(ms / 1000).toFixed(1)} s: ${summary.path}`,
  )
  data.set(size, summary)
}

const output: string[] = []
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  cores: availableParallelism(),
  cpu: cpuModel,
  node: process.version,
  loadBefore,
}

if (only !== 'engine') {
  const options = quick
    ? { durationSeconds: 3, runs: 1, connections: [10, 50], warmupSeconds: 1 }
    : { durationSeconds: 10, runs: 3, connections: [10, 50], warmupSeconds: 3 }
  log(`HTTP: ${options.runs} run(s) × ${options.durationSeconds} s per cell on ${thousands(httpSize)} reservations`)
  const http = await benchHttp(data.get(httpSize)!, options, log)
  results.http = http
  output.push(
    `HTTP on ${thousands(httpSize)} reservations — autocannon, ${options.durationSeconds} s, median of ${options.runs}`,
    markdownTable(
      ['endpoint', 'connections', 'req/s', 'p50 ms', 'p99 ms', '× /healthz', 'expected status', 'peak RSS MB'],
      http.rows.map((row) => [
        row.endpoint,
        row.connections,
        thousands(row.reqPerSec),
        fixed(row.p50, 0),
        fixed(row.p99, 0),
        fixed(row.ratio, 2),
        `${fixed(row.okShare * 100, 1)}%${row.errors ? ` (${row.errors} errors)` : ''}`,
        fixed(row.peakRssMb, 0),
      ]),
    ),
    `Server peak RSS under load: ${fixed(http.peakRssMb, 0)} MB sampled every 100 ms (VmHWM ${fixed(http.hwmMb, 0)} MB)`,
    '',
  )
}

if (only !== 'http') {
  const rows: EngineRow[] = []
  for (const size of engineSizes) {
    log(`engine: ${thousands(size)} reservations`)
    rows.push(...(await benchEngine(data.get(size)!, quick ? 300 : 1000)))
  }
  results.engine = rows
  const tasks = [...new Set(rows.map((row) => row.task))]
  output.push(
    'Engine and data layer — tinybench, in process, ms per call',
    markdownTable(
      ['task', ...engineSizes.flatMap((size) => [`${thousands(size)} p50`, 'p99']), 'note (largest)'],
      tasks.map((task) => {
        const cells = engineSizes.flatMap((size) => {
          const row = rows.find((r) => r.task === task && r.reservations === size)
          return row ? [fixed(row.p50, 3), fixed(row.p99, 3)] : ['—', '—']
        })
        const note = rows.filter((r) => r.task === task).at(-1)?.note ?? ''
        return [task.replace(/ of \d{4}$/, ' (a whole year)'), ...cells, note]
      }),
    ),
    '',
  )
}

const loadAfter = load()
results.loadAfter = loadAfter
const seconds = (performance.now() - started) / 1000
output.push(`load average before ${loadBefore}, after ${loadAfter}; total ${seconds.toFixed(0)} s`)
console.log(`\n${output.join('\n')}`)
mkdirSync(BENCH_DIR, { recursive: true })
writeFileSync(join(BENCH_DIR, `latest-${quick ? 'quick' : 'full'}.json`), `${JSON.stringify(results, null, 2)}\n`)
