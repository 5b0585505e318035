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
  }
}
