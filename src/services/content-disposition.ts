/*
 * `Content-Disposition: attachment` with a file name that cannot break the header or mislead a browser (RFC 6266):
 * `filename` is a plain ASCII fallback of safe characters only, `filename*` the real name in UTF-8, percent-encoded
 * as RFC 5987 / 8187 require (every byte outside attr-char encoded, so no quote, semicolon or line break survives).
 */

/** RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/

export function encodeRfc5987(value: string): string {
  let out = ''
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte)
    out += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** The ASCII fallback: letters, digits, dot, dash and underscore; anything else becomes `_`. */
export function asciiFallback(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/_+/g, '_')
  return safe.replace(/^[._]+/, '') || 'download'
}

/** `attachment; filename="…"; filename*=UTF-8''…` for a file called `name`, with `fallback` for old clients. */
export function attachment(name: string, fallback: string): string {
  return `attachment; filename="${asciiFallback(fallback)}"; filename*=UTF-8''${encodeRfc5987(name)}`
}
