import type { Context } from 'hono'
import type { User } from '../domain/types.js'
import type { Deps } from '../services/deps.js'
import type { RuntimeFacts } from '../services/operations.js'
import type { ReportStore } from '../services/report-store.js'

export interface AppEnv {
  Variables: {
    deps: Deps
    user: User | null
    token: string | null
    /** The client's network address as the runtime reports it (AppOptions.clientAddress); null when unknown. */
    clientAddress: string | null
    /** PUBLIC_URL without a trailing slash: the base of every absolute link */
    publicUrl: string
    /** where sample-order reports are kept (AppOptions.reports): a folder on Node, R2 on Workers */
    reports: ReportStore
    /** what the runtime knows about itself, for the operations page (AppOptions.runtime) */
    runtime: RuntimeFacts
  }
}

/** Reads the client's address from the runtime (the Node socket, a trusted proxy header); null when unknown. */
export type ClientAddress = (c: Context<AppEnv>) => string | null | undefined
