import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { AppError } from './errors.js'
import { identify } from './http/auth.js'
import { bodyLimit } from './http/body-limit.js'
import type { AppEnv, ClientAddress } from './http/env.js'
import { withShapeProblems } from './http/openapi-document.js'
import { appErrorFromDatabaseError, appErrorFromHttpException, problemResponse } from './http/problem.js'
import { type LogLine, requestLog } from './http/request-log.js'
import { authRoutes } from './http/routes/auth.js'
import { calendarRoutes } from './http/routes/calendars.js'
import { type AssetLoader, docsRoutes } from './http/routes/docs.js'
import { evaluationRoutes } from './http/routes/evaluation.js'
import { instrumentCalendarRoutes } from './http/routes/instrument-calendar.js'
import { instrumentImportRoutes } from './http/routes/instrument-import.js'
import { instrumentRoutes } from './http/routes/instruments.js'
import { meRoutes } from './http/routes/me.js'
import { moneyRoutes } from './http/routes/money.js'
import { notificationRoutes } from './http/routes/notifications.js'
import { orderRoutes } from './http/routes/orders.js'
import { ratingRoutes } from './http/routes/ratings.js'
import { recognitionRoutes } from './http/routes/recognitions.js'
import { referenceRoutes } from './http/routes/reference.js'
import { reservationRoutes } from './http/routes/reservations.js'
import { statementRoutes } from './http/routes/statements.js'
import { statsRoutes } from './http/routes/stats.js'
import { userRoutes } from './http/routes/users.js'
import { securityHeaders } from './http/security-headers.js'
import type { Deps } from './services/deps.js'
import { type RuntimeFacts, UNKNOWN_RUNTIME } from './services/operations.js'
import type { ReportStore } from './services/report-store.js'
import { webRoutes } from './web/routes.js'

export interface AppOptions {
  docsAssets: AssetLoader
  log?: LogLine
  /** How this runtime learns the client's address (for the per-address sign-in limit); none: not limited. */
  clientAddress?: ClientAddress
  /** PUBLIC_URL (src/config.ts): every absolute link is built from it, never from a request's Host header. */
  publicUrl: string
  /**
   * Where sample-order report PDFs are kept: REPORTS_DIR on Node (report-store-node.ts), R2 on Workers. Both entries
   * pass one; an app built without (a test of something else) answers a report's upload or download with a 500.
   */
  reports?: ReportStore
  /** version, backups, e-mail: shown on the operations page; unknown when not given */
  runtime?: RuntimeFacts
}

const missing = async (): Promise<never> => {
  throw new Error('this app was built without a report store (AppOptions.reports)')
}
const NO_REPORT_STORE: ReportStore = { put: missing, get: missing, delete: missing }

/** The one application: the Node server and the Worker both call this with their own deps. */
export function createApp(deps: Deps, options: AppOptions) {
  const app = new OpenAPIHono<AppEnv>()
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    c.set('user', null)
    c.set('clientAddress', options.clientAddress?.(c) || null)
    c.set('publicUrl', options.publicUrl)
    c.set('reports', options.reports ?? NO_REPORT_STORE)
    c.set('runtime', options.runtime ?? UNKNOWN_RUNTIME)
    await next()
  })
  if (options.log) app.use('*', requestLog(options.log))
  app.use('*', securityHeaders)
  app.use('/api/*', bodyLimit)
  app.use('/api/v1/*', identify)

  const api = new OpenAPIHono<AppEnv>()
  api.route('/', authRoutes)
  api.route('/', meRoutes)
  api.route('/', notificationRoutes)
  api.route('/', referenceRoutes)
  api.route('/', userRoutes)
  api.route('/', calendarRoutes)
  api.route('/', instrumentImportRoutes)
  api.route('/', instrumentRoutes)
  api.route('/', instrumentCalendarRoutes)
  api.route('/', recognitionRoutes)
  api.route('/', reservationRoutes)
  api.route('/', statsRoutes)
  api.route('/', evaluationRoutes)
  api.route('/', moneyRoutes)
  api.route('/', statementRoutes)
  api.route('/', orderRoutes)
  api.route('/', ratingRoutes)
  app.route('/api/v1', api)

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' })
  let openapi: ReturnType<typeof app.getOpenAPI31Document> | null = null
  app.get('/openapi.json', (c) => {
    openapi ??= withShapeProblems(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: '甬舟仪享 — Ningbo–Zhoushan shared research instruments',
          version: '1.0.0',
          description: 'HTTP API v1. Errors are RFC 9457 problem+json; instants are RFC 3339 with an offset.',
        },
      }),
    )
    return c.json(openapi)
  })
  app.route('/', docsRoutes(options.docsAssets))
  app.get('/healthz', (c) => c.json({ ok: true }))
  // the web pages last: they leave /api, /docs, /openapi.json and /healthz to the handlers above and notFound below
  app.route('/', webRoutes())

  app.notFound((c) => problemResponse(c, new AppError('not-found', `No route for ${c.req.method} ${c.req.path}.`)))
  app.onError((error, c) => {
    if (error instanceof AppError) {
      const retryAfter = error.extra.retryAfter
      const { retryAfter: _omit, ...extra } = error.extra
      const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {}
      return problemResponse(c, new AppError(error.code, error.message, extra), headers)
    }
    if (error instanceof HTTPException) {
      const mapped = appErrorFromHttpException(error)
      if (mapped) return problemResponse(c, mapped)
      if (error.status < 500)
        return c.body(
          JSON.stringify({
            type: `/problems/http-${error.status}`,
            title: error.message,
            status: error.status,
            detail: error.message,
          }),
          error.status,
          { 'Content-Type': 'application/problem+json; charset=utf-8' },
        )
    }
    const constraint = appErrorFromDatabaseError(error)
    if (constraint) {
      console.warn(JSON.stringify({ level: 'warn', path: c.req.path, constraint: String(error) }))
      return problemResponse(c, constraint)
    }
    console.error(
      JSON.stringify({ level: 'error', path: c.req.path, error: String(error), stack: (error as Error)?.stack }),
    )
    return c.body(
      JSON.stringify({
        type: '/problems/internal',
        title: 'Internal error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged.',
      }),
      500,
      { 'Content-Type': 'application/problem+json; charset=utf-8' },
    )
  })
  return app
}

export type App = ReturnType<typeof createApp>
