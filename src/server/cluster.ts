import cluster, { type Worker } from 'node:cluster'
import type { LogLine } from '../http/request-log.js'

const RESTARTS_WINDOW_MS = 60_000
const MAX_RESTARTS_IN_WINDOW = 5
const WORKER_STOP_MS = 12_000

export interface Workers {
  /** SIGTERM to every worker (each finishes its requests in flight), resolved once all have exited. */
  stop(): Promise<void>
}

/**
 * The primary's side of the cluster: `count` serving processes sharing the port (node:cluster hands each new
 * connection to the next worker) and the database file. A worker that dies is replaced; one that keeps dying
 * (more than 5 times a minute) stops the server instead of looping, via `onGivingUp`.
 */
export function superviseWorkers(count: number, log: LogLine, onGivingUp: () => void): Workers {
  let stopping = false
  const exits: number[] = []
  const time = () => new Date().toISOString()

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    log({ time: time(), level: 'error', event: 'worker-exited', pid: worker.process.pid, code, signal })
    const now = Date.now()
    exits.push(now)
    while (exits.length > 0 && exits[0]! < now - RESTARTS_WINDOW_MS) exits.shift()
    if (exits.length > MAX_RESTARTS_IN_WINDOW) {
      log({ time: time(), level: 'error', event: 'workers-keep-failing', exits: exits.length })
      onGivingUp()
      return
    }
    cluster.fork()
  })
  for (let i = 0; i < count; i++) cluster.fork()

  return {
    async stop() {
      stopping = true
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead())
      await Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_STOP_MS)
              worker.once('exit', () => {
                clearTimeout(kill)
                resolve()
              })
              worker.process.kill('SIGTERM')
            }),
        ),
      )
    },
  }
}
