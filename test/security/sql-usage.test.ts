// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about SQL source text with ${…} in it
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * SQL is built only through Kysely's query builder and its `sql` tag, whose `${…}` become bound parameters.
 * This test reads src/ and fails on every escape hatch — sql.raw, sql.lit, sql.id/ref/table,
 * CompiledQuery.raw, a driver's prepare()/exec() on anything but a plain literal (or a const holding one), SQL in an untagged template
 * with `${…}` or glued with `+` — unless the use is listed below with the reason it is safe.
 */

const ROOT = new URL('../..', import.meta.url).pathname

/** Each allowed use: the file, a piece of its line, and why no request data can reach the SQL text. */
const ALLOWED: { file: string; code: string; why: string }[] = [
  {
    file: 'src/repositories/reservations.ts',
    code: 'ALWAYS_HELD_STATUSES.map((s) => sql.lit(s))',
    why: 'the statuses are the constant array of domain/lifecycle.ts, written as literals so that SQLite can use the partial indexes on status; no request data reaches them',
  },
  {
    file: 'src/repositories/order-work.ts',
    code: 'RUNS_OPEN_IN.map((s) => sql.lit(s))',
    why: 'the statuses in which an order takes runs are the constant array of domain/orders.ts; no request data reaches them',
  },
  {
    file: 'src/repositories/stats.ts',
    code: 'COUNTED_RUN_STATUSES.map((s) => sql.lit(s))',
    why: 'the statuses of runs whose machine time counts are the constant array of domain/sharing/counting.ts; no request data reaches them',
  },
  {
    file: 'src/repositories/stats.ts',
    code: 'COUNTED_ORDER_STATUSES.map((s) => sql.lit(s))',
    why: 'the statuses of a counted order (reported, completed) are the constant array of domain/orders.ts; no request data reaches them',
  },
  {
    file: 'src/repositories/stats.ts',
    code: 'sql.lit(i + 1)',
    why: 'the month number 1..11 is the index of a loop over the twelve month bounds, a number made in code, never request data',
  },
  {
    file: 'src/repositories/stats.ts',
    code: 'COUNTED_RUN_STATUSES.map((s) => sql.lit(s))',
    why: 'the statuses of a run whose time counts are the constant array of domain/sharing/counting.ts; no request data reaches them',
  },
  {
    file: 'src/repositories/stats.ts',
    code: 'COUNTED_ORDER_STATUSES.map((s) => sql.lit(s))',
    why: 'the counted order statuses are the constant array of domain/orders.ts, literals so that SQLite reads the partial index orders_counted',
  },
  {
    file: 'src/repositories/order-work.ts',
    code: 'RUNS_OPEN_IN.map((s) => sql.lit(s))',
    why: 'the order statuses in which runs stay open are the constant array of domain/orders.ts; no request data reaches them',
  },
  {
    file: 'src/db/connect-sqlite.ts',
    code: 'sqlite.prepare(sql)',
    why: 'the atomic batch prepares the SQL text Kysely compiled; its values are bound separately as parameters',
  },
  {
    file: 'src/db/connect-d1.ts',
    code: 'd1.prepare(query.sql)',
    why: 'the D1 batch prepares the SQL text Kysely compiled and binds its parameters',
  },
  {
    file: 'src/db/migrate.ts',
    code: 'sqlite.exec(migration.sql)',
    why: 'the migrations are the schema/*.sql files of this repository, read from disk at start',
  },
]

interface Finding {
  file: string
  line: number
  code: string
  rule: string
}

/** Upper-case SQL words, as the project writes its SQL; prose never shouts them. */
const SQL_WORDS = /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WHERE|AND|OR|ORDER BY|LIMIT|VALUES)\b/
const DRIVERS = new Set(['sqlite', 'd1', 'db', 'database', 'connection', 'statement'])

const literalText = (node: ts.Node): string | null =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : ts.isTemplateExpression(node)
      ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${}')
      : null

const isSqlTag = (node: ts.Node) =>
  ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql'

/** Finds every escape hatch in one source text, by its syntax tree; `file` is reported as given. */
function scanSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const findings: Finding[] = []
  const report = (node: ts.Node, rule: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
    findings.push({ file, line: line + 1, code: text.split('\n')[line]!.trim(), rule })
  }
  // `const NAME = 'plain SQL'` anywhere in the file: passing NAME is passing that literal
  const constants = new Set<string>()
  const collect = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.flags & ts.NodeFlags.Const &&
      node.initializer &&
      (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))
    )
      constants.add(node.name.text)
    ts.forEachChild(node, collect)
  }
  collect(source)
  const isPlain = (node: ts.Node | undefined) =>
    !!node &&
    (ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      (ts.isIdentifier(node) && constants.has(node.text)))
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { expression: target, name } = node.expression
      const owner = ts.isIdentifier(target) ? target.text : ''
      if (owner === 'sql' && ['raw', 'lit', 'id', 'ref', 'table'].includes(name.text))
        report(node, 'sql.raw / sql.lit / sql.id / sql.ref / sql.table')
      if (owner === 'CompiledQuery' && name.text === 'raw') report(node, 'CompiledQuery.raw')
      if (DRIVERS.has(owner) && ['prepare', 'exec'].includes(name.text)) {
        if (!isPlain(node.arguments[0]))
          report(node, "a driver's prepare()/exec() on something other than a plain literal")
      }
    }
    if (ts.isTemplateExpression(node) && !isSqlTag(node.parent) && SQL_WORDS.test(literalText(node) ?? ''))
      report(node, 'SQL in an untagged template with ${…}')
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const sides = [node.left, node.right].map(literalText)
      if (sides.some((side) => side !== null && SQL_WORDS.test(side))) report(node, 'SQL glued with +')
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return findings
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : []
  })
}

const allowed = (finding: Finding) =>
  ALLOWED.some((a) => a.file === finding.file && finding.code.includes(a.code) && a.why.length > 20)

describe('SQL is built only through Kysely parameters', () => {
  it('every escape hatch in src/ is listed with its justification', () => {
    const files = sourceFiles(join(ROOT, 'src'))
    expect(files.length).toBeGreaterThan(30)
    const findings = files.flatMap((path) => scanSource(relative(ROOT, path), readFileSync(path, 'utf8')))
    const unjustified = findings.filter((f) => !allowed(f))
    expect(unjustified, 'add a justification to ALLOWED only when no request data can reach the SQL text').toEqual([])
    // and the list holds nothing stale: each entry is still in use
    for (const entry of ALLOWED)
      expect(
        findings.some((f) => f.file === entry.file && f.code.includes(entry.code)),
        `${entry.file}: ${entry.code} is no longer used; remove it from ALLOWED`,
      ).toBe(true)
  })

  it('the scanner catches what it should, and leaves parameterised SQL alone', () => {
    const bad = [
      "const q = sql.raw(`SELECT * FROM users WHERE email = '${email}'`)",
      'await sql`SELECT 1 WHERE x = ${sql.lit(input)}`.execute(db)',
      'db.executeQuery(CompiledQuery.raw("DELETE FROM tokens"))',
      'sqlite.prepare(`SELECT * FROM users WHERE id = ${id}`).get()',
      'sqlite.exec(text)',
      'let TEXT = "SELECT 1"; sqlite.prepare(TEXT)',
      'const TEXT = `SELECT ${x}`; sqlite.prepare(TEXT)',
      'const text = `DELETE FROM tokens WHERE user_id = ${userId}`',
      "const text = 'SELECT * FROM users WHERE id = ' + id",
      "const more = base + ' AND status = ' + status",
    ]
    for (const line of bad) expect(scanSource('x.ts', line), line).not.toEqual([])
    const good = [
      'await sql`SELECT 1 FROM users WHERE id = ${id}`.execute(db)',
      'sql<number>`CASE WHEN r.start_ms < ${bound} THEN 1 END`',
      "sqlite.prepare('SELECT name FROM d1_migrations').all()",
      "const CHANGES = 'SELECT changes() AS n'; d1.prepare(CHANGES)",
      "db.selectFrom('users').where('email', '=', email)",
      'const message = `No route for ${method} ${path}`',
      '/^Bearer\\s+(\\S+)$/i.exec(header)',
    ]
    for (const line of good) expect(scanSource('x.ts', line), line).toEqual([])
  })
})
