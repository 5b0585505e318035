import type { App } from '../../src/app.js'

/** The base path of the API; API.md and the role matrix write endpoints without it. */
export const API_BASE = '/api/v1'

/**
 * Every endpoint the app serves under the API base, as `METHOD /path` with `{param}`s as API.md writes them,
 * sorted and without duplicates. Read from Hono's routing table, so a route counts whether or not it made it
 * into the OpenAPI document. `ALL` entries are middleware (`app.use`), not endpoints.
 */
export function apiEndpoints(app: App): string[] {
  const endpoints = app.routes
    .filter((route) => route.method !== 'ALL' && route.path.startsWith(`${API_BASE}/`))
    .map((route) => {
      // Hono writes `:id` (optionally `:id{regex}`); OpenAPI and API.md write `{id}`
      const path = route.path.slice(API_BASE.length).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')
      return `${route.method} ${path}`
    })
  return [...new Set(endpoints)].sort()
}
