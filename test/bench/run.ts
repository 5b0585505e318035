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
    // server processes (WEB_CONCURRENCY) of the HTTP half, one table each: one, and one per core
    processes: { type: 'string' },
  },
})
const quick = values.quick ?? false
const only = values.only
if (only !== undefined && only !== 'http' && only !== 'engine') throw new Error('--only takes http or engine')
const processCounts = [
  ...new Set((values.processes ?? `1,${availableParallelism()}`).split(',').map((n) => Number.parseInt(n, 10))),
]
if (processCounts.some((n) => !(n >= 1))) throw new Error('--processes takes counts like 1,2')

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
  const timing = quick
    ? { durationSeconds: 3, runs: 1, connections: [10, 50], warmupSeconds: 1 }
    : { durationSeconds: 10, runs: 3, connections: [10, 50], warmupSeconds: 3 }
  const http: Record<string, unknown> = {}
  for (const processes of processCounts) {
    const options = { ...timing, processes }
    log(
      `HTTP, ${processes} server process${processes > 1 ? 'es' : ''}: ${options.runs} run(s) × ` +
        `${options.durationSeconds} s per cell on ${thousands(httpSize)} reservations`,
    )
    const result = await benchHttp(data.get(httpSize)!, options, log)
    http[String(processes)] = result
    output.push(
      `HTTP on ${thousands(httpSize)} reservations, WEB_CONCURRENCY=${processes} — autocannon, ` +
        `${options.durationSeconds} s, median of ${options.runs}`,
      markdownTable(
        ['endpoint', 'connections', 'req/s', 'p50 ms', 'p99 ms', '× /healthz', 'expected status', 'peak RSS MB'],
        result.rows.map((row) => [
          row.endpoint,
          row.connections,
          thousands(row.reqPerSec),
          fixed(row.p50, 0),
          fixed(row.p99, 0),
          fixed(row.ratio, 2),
          `${fixed(row.okShare * 100, 1)}%${row.errors ? ` (${row.errors} errors)` : ''}`,
          processes > 1 ? `${fixed(row.peakRssMb, 0)} (all ${fixed(row.peakTotalRssMb, 0)})` : fixed(row.peakRssMb, 0),
        ]),
      ),
      `Server peak RSS under load: ${fixed(result.peakRssMb, 0)} MB in the largest process` +
        (processes > 1 ? `, ${fixed(result.peakTotalRssMb, 0)} MB in all ${processes + 1}` : '') +
        `, sampled every 100 ms (VmHWM ${fixed(result.hwmMb, 0)} MB)`,
      '',
    )
  }
  results.http = http
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
