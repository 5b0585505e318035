/** What a spreadsheet reads as the start of a formula (tab and CR: some strip them before evaluating). */
const FORMULA_START = /^[=+\-@\t\r]/
/**
 * A cell may also start inside a field: a spreadsheet set to `;` or tab as its separator recognises quotes only at
 * the start of a cell, so it splits our quoted `x;=cmd` (or breaks the row at a line break) and starts a new cell,
 * where quotes that follow are read as text.
 */
const FORMULA_AFTER_BREAK = /([;\t\r\n])(?="*[=+\-@])/g
/** Any common locale's separator (comma; semicolon where the decimal mark is a comma; tab), a quote, a line break. */
const NEEDS_QUOTES = /[",;\t\r\n]/

/**
 * One CSV field. Names in our files are typed by users, and a cell beginning with `=`, `+`, `-` or `@` runs as a
 * formula when someone opens the file in Excel or WPS (CSV injection, OWASP): such a cell gets a leading
 * apostrophe and stays text — at the start of the field and wherever a spreadsheet of another locale would start a
 * cell inside it. Then RFC 4180 quoting (inner quotes doubled) for every field that holds a quote, a line break or
 * the separator of ANY common locale, because the reader's spreadsheet, not this file, decides which one splits.
 */
export function csvField(value: string): string {
  const neutral = value.replace(FORMULA_AFTER_BREAK, "$1'")
  const safe = FORMULA_START.test(neutral) ? `'${neutral}` : neutral
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
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
