import { AppError } from '../errors.js'
import { readBodyWithin } from '../http/body-reader.js'
import type { WebContext } from './env.js'

/** What a page's form may post, unless its route declares more (an upload: routes.tsx `LARGER_FORMS`). */
export const FORM_BODY_BYTES = 64 * 1024

/**
 * Refuses a posted body over `maxBytes` with AppError `too-large`, which the web's error handler answers with the
 * 413 page in the user's language (the API's http/body-limit.ts does the same in problem+json). It runs after the
 * page's language is known and before the CSRF check parses the form. The excess is read and discarded first.
 */
export async function limitBody(c: WebContext, maxBytes: number): Promise<void> {
  const within = await readBodyWithin(c.req.raw, maxBytes)
  if (!within) throw new AppError('too-large', `The form is larger than ${maxBytes} bytes.`)
  c.req.raw = within
}
