import { createMiddleware } from 'hono/factory'
import type { AppEnv } from './env.js'

/*
 * The browser-side defences of every answer (issue 13, point 9): a Content-Security-Policy per kind of answer, no
 * MIME sniffing, no framing by any site, no Referer (a feed URL carries its key in the query).
 */

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')

/**
 * The pages: their one script and one stylesheet come from /static, charts are inline SVG without style attributes,
 * the favicon is a data: URL; forms post to this site only. No 'unsafe-inline' anywhere.
 */
export const PAGE_POLICY = policy({
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
})

/**
 * The offline API reference (/docs): Swagger UI's script, style and init file from this site, the OpenAPI document
 * fetched from it; its icons are data: and inline SVG. Swagger UI sets element styles through the DOM (allowed),
 * never inline <style> or style attributes in markup — the browser tests visit /docs under this policy.
 */
export const DOCS_POLICY = policy({
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
})

/** JSON, CSV, iCalendar and problem documents are data, never a document to render with active content. */
export const DATA_POLICY = policy({
  'default-src': "'none'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
})

const policyFor = (path: string) =>
  path === '/docs' || path.startsWith('/docs/')
    ? DOCS_POLICY
    : path.startsWith('/api/') || path === '/openapi.json' || path === '/healthz'
      ? DATA_POLICY
      : PAGE_POLICY

/** Sets the headers on whatever the app answered, errors and redirects included. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  const headers = c.res.headers
  headers.set('Content-Security-Policy', policyFor(c.req.path))
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('X-Frame-Options', 'DENY')
  headers.set('Referrer-Policy', 'no-referrer')
  headers.set('Cross-Origin-Opener-Policy', 'same-origin')
})
