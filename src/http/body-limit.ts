import { createMiddleware } from 'hono/factory'
import { MAX_REPORT_BYTES } from '../domain/orders.js'
import { AppError } from '../errors.js'
import type { AppEnv } from './env.js'
import { problemResponse } from './problem.js'

export const MAX_BODY_BYTES = 1024 * 1024

/** Room for a multipart body's framing and its form fields beside its file. */
const FORM_FIELDS_BYTES = 64 * 1024

/** Operations that take more than 1 MB: a sample order's report (a PDF of up to 10 MB, API.md). */
const LARGER_BODIES: readonly { method: string; path: RegExp; maxBytes: number; what: string }[] = [
  {
    method: 'POST',
    path: /^\/api\/v1\/orders\/[^/]+\/report$/,
    maxBytes: MAX_REPORT_BYTES + FORM_FIELDS_BYTES,
    what: 'A report upload is larger than 10 MB.',
  },
]

/** The largest body a request to `path` may send, and what its 413 says. */
export function bodyLimitOf(method: string, path: string): { maxBytes: number; tooLarge: string } {
  const larger = LARGER_BODIES.find((entry) => entry.method === method && entry.path.test(path))
  return larger
    ? { maxBytes: larger.maxBytes, tooLarge: larger.what }
    : { maxBytes: MAX_BODY_BYTES, tooLarge: 'The request body is larger than 1 MB.' }
}

/** Reads what is left of a body and throws it away, so the client sees our answer, not a reset. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  for (;;) {
    const { done } = await reader.read()
    if (done) return
  }
}

/**
 * A body over 1 MB (a report upload: over 10 MB) is read and discarded, then answered 413 with `Connection: close`
 * (API.md). Hono's bodyLimit answers without reading, which makes some clients see a broken pipe instead.
 */
export const bodyLimit = createMiddleware<AppEnv>(async (c, next) => {
  const body = c.req.raw.body
  if (!body) return next()
  const limit = bodyLimitOf(c.req.method, c.req.path)
  const { maxBytes } = limit
  const tooLarge = () => problemResponse(c, new AppError('too-large', limit.tooLarge), { Connection: 'close' })
  const declared = c.req.header('transfer-encoding') ? Number.NaN : Number(c.req.header('content-length') ?? Number.NaN)
  // The HTTP server ends a body at its declared length, so a declared size within the limit needs no counting.
  if (declared <= maxBytes) return next()
  const reader = body.getReader()
  if (declared > maxBytes) {
    await drain(reader)
    return tooLarge()
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await drain(reader)
      return tooLarge()
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
  await next()
})
