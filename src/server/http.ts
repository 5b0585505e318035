import { serve } from '@hono/node-server'
import { createApp } from '../app.js'
import { nodeClientAddress } from '../client-address-node.js'
import type { Config } from '../config.js'
import { nodeDocsAssets } from '../docs-assets-node.js'
import type { LogLine } from '../http/request-log.js'
import type { Deps } from '../services/deps.js'
import { nodeReportStore } from '../services/report-store-node.js'
import { nodeVersion } from '../version-node.js'
import { describeBackups } from './backups.js'

export interface HttpServer {
  /** Stops taking connections and resolves once the requests in flight have been answered. */
  close(): Promise<void>
}

/** The app on a Node HTTP server: one per serving process (every process of a cluster listens on the one port). */
export function startHttp(config: Config, deps: Deps, log: LogLine, onListening: (url: string) => void): HttpServer {
  const app = createApp(deps, {
    runtime: {
      ...nodeVersion(),
      mail: config.SMTP_URL ? 'smtp' : 'in-app',
      backups: { dir: config.BACKUP_DIR, list: () => describeBackups(config.BACKUP_DIR) },
    },
    docsAssets: nodeDocsAssets,
    log,
    clientAddress: nodeClientAddress(config.TRUST_PROXY),
    publicUrl: config.PUBLIC_URL,
    reports: nodeReportStore(config.REPORTS_DIR),
  })
  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) =>
    onListening(`http://${info.address}:${info.port}`),
  )
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      }),
  }
}
