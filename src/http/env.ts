import type { Context } from 'hono'
import type { Clock } from '../clock.js'
import type { Batch } from '../db/batch.js'
import type { Db } from '../db/database.js'
import type { User } from '../domain/types.js'

/** What every request handler gets: built once per runtime, handed over through `c.var`. */
export interface Deps {
  db: Db
  batch: Batch
  clock: Clock
}

export interface AppEnv {
  Variables: {
    deps: Deps
    user: User | null
    token: string | null
    /** The client's network address as the runtime reports it (AppOptions.clientAddress); null when unknown. */
    clientAddress: string | null
  }
}

/** Reads the client's address from the runtime (the Node socket, a trusted proxy header); null when unknown. */
export type ClientAddress = (c: Context<AppEnv>) => string | null | undefined
