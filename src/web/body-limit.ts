import { AppError } from '../errors.js'
import type { WebContext } from './env.js'

/** What a page's form may post, unless its route declares more (an upload: routes.tsx `LARGER_FORMS`). */
export const FORM_BODY_BYTES = 64 * 1024

/** Reads what is left of a body and throws it away, so the browser sees our answer, not a reset connection. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  for (;;) {
    const { done } = await reader.read()
    if (done) return
  }
}

/**
 * Refuses a posted body over `maxBytes` with AppError `too-large`, which the web's error handler answers with the
 * 413 page in the user's language (the API's http/body-limit.ts does the same in problem+json). It runs after the
 * page's language is known and before the CSRF check parses the form. The excess is read and discarded first.
 */
export async function limitBody(c: WebContext, maxBytes: number): Promise<void> {
  const body = c.req.raw.body
  if (!body) return
  const tooLarge = new AppError('too-large', `The form is larger than ${maxBytes} bytes.`)
  const declared = c.req.header('transfer-encoding') ? Number.NaN : Number(c.req.header('content-length') ?? Number.NaN)
  // the HTTP server ends a body at its declared length, so a declared size within the limit needs no counting
  if (declared <= maxBytes) return
  const reader = body.getReader()
  if (declared > maxBytes) {
    await drain(reader)
    throw tooLarge
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await drain(reader)
      throw tooLarge
    }
    chunks.push(value)
  }
  const buffer = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    buffer.set(chunk, offset)
    offset += chunk.length
  }
  c.req.raw = new Request(c.req.raw, { body: buffer })
}
