import { createMiddleware } from 'hono/factory'
import type { AppEnv } from './env.js'

export type LogLine = (entry: Record<string, unknown>) => void

export const jsonLog: LogLine = (entry) => console.log(JSON.stringify(entry))

/**
 * One structured line per request. The path is logged without its query string: feed keys and
 * e-mail look-ups travel there, and a log must never hold a secret or a person's address.
 */
export const requestLog = (log: LogLine) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    await next()
    log({
      time: new Date().toISOString(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: c.var.user?.id,
    })
  })
