import { version } from '../package.json'
import { seedIfEmpty } from '../seed/load-demo.js'
import { createApp } from './app.js'
import { systemClock } from './clock.js'
import { readConfig } from './config.js'
import { connectD1 } from './db/connect-d1.js'
import { jsonLog, type LogLine } from './http/request-log.js'
import type { AssetLoader } from './http/routes/docs.js'
import { ensureBootstrapAdmin } from './services/bootstrap.js'
import type { Deps } from './services/deps.js'
import { JOB_TASKS, runDueJobs } from './services/jobs.js'
import { mailTask } from './services/mail.js'
import { r2ReportStore } from './services/report-store.js'

/** The bindings and settings of wrangler.toml (secrets included). */
export interface WorkerEnv {
  DB: D1Database
  /** the Swagger UI files (wrangler.toml [assets]), read through the app's /docs/assets route only */
  ASSETS?: Fetcher
  /**
   * `demo` loads the demo data into an empty database on the first request (the default when unset, as on Node);
   * wrangler.toml sets "none" for deployments, and `npm run dev:worker` passes "demo"
   */
  SEED?: string
  BOOTSTRAP_ADMIN_EMAIL?: string
  BOOTSTRAP_ADMIN_PASSWORD?: string
  /** the address users reach (wrangler.toml [vars]): feed links are built from it, never from the Host header */
  PUBLIC_URL?: string
  /** sample-order report PDFs (wrangler.toml [[r2_buckets]]; a local R2 in `wrangler dev` and the workers tests) */
  REPORTS: R2Bucket
  /** the deployed commit, if the deployment passes it (`wrangler deploy --var GIT_COMMIT:…`): the operations page */
  GIT_COMMIT?: string
}

/** The API reference assets come from the static-assets binding: nothing is loaded from another host. */
export const workerDocsAssets =
  (assets: Fetcher | undefined): AssetLoader =>
  async (name) => {
    if (!assets) return null
    const response = await assets.fetch(new Request(`https://assets.local/${name}`))
    if (!response.ok) return null
    return {
      body: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    }
  }

/**
 * Demo data and the bootstrap admin, once per isolate before the first request is answered.
 * Concurrent first requests share one promise; two isolates racing on an empty database are told
 * apart by the database itself: the demo loader's first insert that can collide (the institutions'
 * unique names; the cities exist in every database) lets only one of them through, and the
 * bootstrap admin is an insert guarded by the unique e-mail.
 */
async function prepare(deps: Deps, env: WorkerEnv, log: LogLine): Promise<void> {
  // the same settings, defaults and validation as the Node server's (a bad value fails loudly)
  const config = readConfig({
    SEED: env.SEED,
    BOOTSTRAP_ADMIN_EMAIL: env.BOOTSTRAP_ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: env.BOOTSTRAP_ADMIN_PASSWORD,
  })
  if (config.SEED === 'demo') {
    try {
      if (await seedIfEmpty(deps.db, deps.clock(), r2ReportStore(env.REPORTS)))
        log({ time: new Date().toISOString(), event: 'seeded' })
    } catch (error) {
      if (!/UNIQUE constraint failed: institutions\./.test(String(error))) throw error
      // another isolate is seeding this database: its data arrives as it goes
    }
  }
  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    if (await ensureBootstrapAdmin(deps, config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD))
      log({ time: new Date().toISOString(), event: 'bootstrap-admin-created' })
  }
}

/** The one app (src/app.ts) with what this runtime provides: D1 deps, the assets binding, Cloudflare's client address. */
export function createWorkerApp(env: WorkerEnv, deps: Deps, log: LogLine = jsonLog) {
  const config = readConfig({ PUBLIC_URL: env.PUBLIC_URL })
  return createApp(deps, {
    publicUrl: config.PUBLIC_URL,
    // no e-mail leaves a Worker and its backups are D1's own (README): the page says so
    runtime: { version, commit: env.GIT_COMMIT ?? null, mail: 'in-app', backups: null },
    docsAssets: workerDocsAssets(env.ASSETS),
    reports: r2ReportStore(env.REPORTS),
    log,
    // set by Cloudflare's edge for every request (a client cannot choose it)
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? null,
  })
}

/**
 * The Worker's fetch handler: one app per isolate (the bindings do not change while it lives), prepared
 * before its first answer. A failed preparation is retried by the next request instead of sticking.
 */
export function createWorkerHandler(log: LogLine = jsonLog) {
  let built: { app: ReturnType<typeof createWorkerApp>; deps: Deps; ready: Promise<void> } | null = null
  const build = (env: WorkerEnv) => {
    if (!built) {
      const deps: Deps = { ...connectD1(env.DB), clock: systemClock }
      built = { app: createWorkerApp(env, deps, log), deps, ready: prepare(deps, env, log) }
    }
    return built
  }
  return {
    async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
      const current = build(env)
      try {
        await current.ready
      } catch (error) {
        if (built === current) built = null
        throw error
      }
      return current.app.fetch(request, env, ctx)
    },
    /**
     * The Cron Trigger of wrangler.toml, every minute: the background job (expiries, final charges, reminders) and the
     * notifications' outbox. Cloudflare runs one invocation per schedule; should two overlap, every write of the job
     * is guarded. No e-mail leaves a Worker (README "Notifications"): the outbox marks its due e-mails in-app only.
     */
    async scheduled(_controller: ScheduledController, env: WorkerEnv): Promise<void> {
      const { deps } = build(env)
      const outbox = { transport: null, publicUrl: readConfig({ PUBLIC_URL: env.PUBLIC_URL }).PUBLIC_URL }
      const done = await runDueJobs(deps, (line) => log({ time: new Date().toISOString(), ...line }), [
        ...JOB_TASKS,
        mailTask(outbox),
      ])
      if (Object.values(done).some((n) => n !== 0)) log({ time: new Date().toISOString(), event: 'jobs', ...done })
    },
  } satisfies ExportedHandler<WorkerEnv>
}

export default createWorkerHandler()
