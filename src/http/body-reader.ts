/** Reads what is left of a body and throws it away, so the client sees our answer, not a reset connection. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  for (;;) {
    const { done } = await reader.read()
    if (done) return
  }
}

/**
 * The request as the handlers may read it when its body is at most `maxBytes`, or null when it is larger — the
 * excess read and thrown away first (answering without reading makes some clients see a broken pipe; Hono's own
 * bodyLimit does that). A body without a declared length is counted as it arrives and kept in memory. The API's
 * middleware (body-limit.ts) and the pages' form limit (web/body-limit.ts) both read bodies through it.
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Request | null> {
  const headers = request.headers
  const declared = headers.get('transfer-encoding') ? Number.NaN : Number(headers.get('content-length') ?? Number.NaN)
  // The HTTP server ends a body at its declared length, so a declared size within the limit needs no counting.
  if (declared <= maxBytes) return request
  const body = request.body
  if (!body) return request
  const reader = body.getReader()
  if (declared > maxBytes) {
    await drain(reader)
    return null
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await drain(reader)
      return null
    }
    chunks.push(value)
  }
  const buffer = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    buffer.set(chunk, offset)
    offset += chunk.length
  }
  return new Request(request, { body: buffer })
}
