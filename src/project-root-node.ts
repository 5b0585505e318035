import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project's folder (package.json, schema/, node_modules/), found by walking up from this module: it
 * runs as src/project-root-node.ts under tsx and inside dist/server.js once compiled, at another depth.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir
    if (dirname(dir) === dir) throw new Error(`No project folder (package.json and schema/) above ${from}`)
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)))
