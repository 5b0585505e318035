import { getConnInfo } from '@hono/node-server/conninfo'
import type { ClientAddress } from './http/env.js'

/**
 * The client's address on the Node server: the socket's peer, or, only when the server is told it runs
 * behind a proxy (TRUST_PROXY=true), the last `X-Forwarded-For` entry — the one that proxy appended.
 * Entries before it are whatever the client sent and are never trusted.
 */
export function nodeClientAddress(trustProxy: boolean): ClientAddress {
  return (c) => {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
      if (forwarded) return forwarded
    }
    // no socket (the app called without the Node server, e.g. app.request in a script): unknown, not an error
    if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return null
    return getConnInfo(c).remote.address ?? null
  }
}
