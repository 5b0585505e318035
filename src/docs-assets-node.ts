import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { AssetLoader } from './http/routes/docs.js'

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

/** On Node the API reference assets come straight from the installed swagger-ui-dist package. */
export const nodeDocsAssets: AssetLoader = async (name) => {
  const body = await readFile(join(swaggerDir, name)).catch(() => null)
  if (!body) return null
  return {
    body: new Uint8Array(body),
    contentType: TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
  }
}
