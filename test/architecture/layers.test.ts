import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The layers of README "Architecture" are enforced by `npm run lint` (Biome's noRestrictedImports per folder, in
 * .biome.json): entries → http/, web/ → services/ → repositories/ → db/ → domain/. Each case writes one probe file at
 * a path of the tree into a scratch copy of the configuration and asks Biome whether its import is allowed.
 */

const root = new URL('../../', import.meta.url).pathname
const biome = join(root, 'node_modules/.bin/biome')

const CASES: { file: string; imports: string; allowed: boolean }[] = [
  // downward imports are the point of the layers
  { file: 'src/http/routes/probe.ts', imports: '../../services/reservations.js', allowed: true },
  { file: 'src/web/pages/probe.ts', imports: '../../services/catalogue.js', allowed: true },
  { file: 'src/web/pages/probe.ts', imports: '../../http/problem.js', allowed: true },
  { file: 'src/web/probe.ts', imports: '../http/env.js', allowed: true },
  { file: 'src/web/probe.ts', imports: '../http/body-reader.js', allowed: true },
  { file: 'src/web/pages/admin/probe.ts', imports: '../../../services/instruments.js', allowed: true },
  { file: 'src/services/probe.ts', imports: '../repositories/reservations.js', allowed: true },
  { file: 'src/services/probe.ts', imports: '../domain/rules.js', allowed: true },
  { file: 'src/repositories/probe.ts', imports: '../db/database.js', allowed: true },
  { file: 'src/db/probe.ts', imports: '../domain/types.js', allowed: true },
  { file: 'src/domain/probe.ts', imports: 'luxon', allowed: true },
  // every import that breaks a layer fails
  { file: 'src/services/probe.ts', imports: '../http/env.js', allowed: false },
  { file: 'src/services/probe.ts', imports: '../web/env.js', allowed: false },
  { file: 'src/services/probe.ts', imports: 'hono', allowed: false },
  { file: 'src/web/pages/probe.ts', imports: '../../repositories/instruments.js', allowed: false },
  { file: 'src/web/pages/probe.ts', imports: '../../db/database.js', allowed: false },
  { file: 'src/web/pages/admin/probe.ts', imports: '../../../repositories/instruments.js', allowed: false },
  { file: 'src/web/components/probe.ts', imports: '../../repositories/users.js', allowed: false },
  { file: 'src/web/pages/probe.ts', imports: '../../http/schemas.js', allowed: false },
  { file: 'src/web/pages/probe.ts', imports: '../../http/routes/stats.js', allowed: false },
  { file: 'src/http/routes/probe.ts', imports: '../../repositories/users.js', allowed: false },
  { file: 'src/http/probe.ts', imports: '../web/layout.js', allowed: false },
  { file: 'src/repositories/probe.ts', imports: '../services/deps.js', allowed: false },
  { file: 'src/db/probe.ts', imports: '../../seed/load-demo.js', allowed: false },
  { file: 'src/db/probe.ts', imports: '../repositories/users.js', allowed: false },
  { file: 'src/domain/probe.ts', imports: '../errors.js', allowed: false },
  { file: 'src/domain/probe.ts', imports: '../db/database.js', allowed: false },
  { file: 'src/domain/probe.ts', imports: 'kysely', allowed: false },
  { file: 'src/domain/probe.ts', imports: 'zod', allowed: false },
]

let scratch: string
let refused: Set<string>

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'yz-layers-'))
  const config = JSON.parse(readFileSync(join(root, '.biome.json'), 'utf8')) as Record<string, unknown>
  delete config.$schema
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config))
  cpSync(join(root, 'package.json'), join(scratch, 'package.json'))
  CASES.forEach((probe, i) => {
    const file = join(scratch, probe.file.replace(/probe\.ts$/, `probe-${i}.ts`))
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `import * as probe from '${probe.imports}'\n\nexport const used = probe\n`)
  })
  const { stdout } = await promisify(execFile)(biome, ['lint', '--reporter=json', '--max-diagnostics=none', 'src'], {
    cwd: scratch,
  }).catch((error: { stdout: string }) => ({ stdout: error.stdout }))
  const report = JSON.parse(stdout) as { diagnostics: { category: string; location: { path: string } }[] }
  refused = new Set(
    report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports')
      .map((d) => d.location.path.replace(/\\/g, '/')),
  )
}, 60_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('npm run lint enforces the layers', () => {
  it.each(CASES.map((probe, i) => ({ ...probe, i })))('$file importing $imports: allowed $allowed', (probe) => {
    const path = probe.file.replace(/probe\.ts$/, `probe-${probe.i}.ts`)
    expect(refused.has(path)).toBe(!probe.allowed)
  })
})
