import type { Clock } from '../clock.js'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import type { IdentityCache } from './identity-cache.js'

/**
 * What every use case gets: built once per runtime (src/server.ts, src/worker.ts) and handed to the routes and
 * pages through `c.var.deps`. It lives with the services, below HTTP, so that a service never imports a layer
 * above it.
 */
export interface Deps {
  db: Db
  batch: Batch
  clock: Clock
  /** the users of recent bearer tokens, per process (the Node server); none: every request looks its token up */
  identities?: IdentityCache
}
