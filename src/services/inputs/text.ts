import { z } from 'zod'
import { invalid } from '../../errors.js'

/*
 * Text that people type and other people read: names, models, locations, reasons, purposes. Everything stored here
 * leaves again in other formats (iCalendar, CSV, HTML, e-mail), where a control character or a line break in a
 * one-line field is at best garbage and at worst a new line of that format (a calendar event injected into every
 * subscriber's feed). So they are refused when written; each output format still escapes what it carries.
 */

/** Control characters (Unicode Cc: C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u
/** The same, except line feed, carriage return and tab: what a multi-line field may hold. */
const CONTROL_BUT_LINES = /(?![\n\r\t])[\p{Cc}\u2028\u2029]/u

/** A one-line text field (a name, a model, a location, a reason): no control characters, no line breaks. */
export const singleLine = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !CONTROL.test(text), 'must be one line without control characters')

/** A multi-line text field (specifications, functions, a purpose): line breaks and tabs, no other control characters. */
export const multiLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((text) => !CONTROL_BUT_LINES.test(text), 'must not contain control characters')

/**
 * The value of a text field that reaches a service without passing an API schema (a page's form): checked against
 * the same schema, so a write refuses it whichever way it came. Answers the trimmed text.
 */
export function checkedText(path: string, value: string, schema: z.ZodType<string>): string {
  const result = schema.safeParse(value)
  if (!result.success) throw invalid(path, result.error.issues[0]?.message ?? 'is not valid text')
  return result.data
}
