/**
 * One CSV field: RFC 4180 quoting (fields with a comma, quote, CR or LF are quoted, inner quotes
 * doubled), after neutralising spreadsheet formulas. Names in our files are typed by users; a cell
 * beginning with `=`, `+`, `-` or `@` (or tab / CR, which some spreadsheets strip before
 * evaluating) would run as a formula when someone opens the file in Excel or WPS (CSV injection,
 * OWASP), so it gets a leading apostrophe and stays text.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * A whole CSV file: the header line, then one line per row, every field through `csvField`.
 * It starts with a UTF-8 BOM, so spreadsheets read Chinese names as UTF-8, and ends every line,
 * the last included, with CRLF (RFC 4180).
 */
export function csvDocument(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [header.map(csvField).join(',')]
  for (const row of rows) lines.push(row.map(csvField).join(','))
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`
}
