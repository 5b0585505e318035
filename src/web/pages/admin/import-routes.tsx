import type { User } from '../../../domain/types.js'
import { AppError, invalid, notFound } from '../../../errors.js'
import { statusOf } from '../../../http/problem.js'
import { importInstruments } from '../../../services/instrument-import.js'
import { FORM_BODY_BYTES } from '../../body-limit.js'
import type { WebContext } from '../../env.js'
import { onRefusal, pagesApp } from '../../refusals.js'
import { redirectWith, requireUser } from '../../routes-kit.js'
import { renderImportRefusal, renderImportReport } from './import-report.js'
import { SAMPLE_SHEET_CSV } from './import-sample.js'
import { IMPORT_PATHS } from './import-section.js'
import { adminHref, institutionInScope } from './scope.js'

/*
 * The import of an instrument list from /admin, in two steps: `check` reads the uploaded file and shows the dry
 * run's report, writing nothing; `confirm` imports the same file for real.
 *
 * The confirm form carries the checked file's bytes back, as base64 in a hidden field, so nobody uploads twice. This
 * is the simplest safe way: a file input cannot be filled in again, and keeping the upload on the server would need
 * a table with an expiry (and on Workers no memory outlives a request). Trusting the bytes costs nothing, because
 * nothing is trusted: the confirm runs the whole import again — the same schema, rules and matching, all or nothing
 * in one batch — so a changed field (or an instrument changed meanwhile) is reported, never written unchecked.
 */

/** The largest file read, as the API's body limit (http/body-limit.ts): a thousand instruments are about 150 KB. */
export const IMPORT_FILE_BYTES = 1024 * 1024

/** The bodies of the two steps: the file with its form, and the file again as base64 (4 bytes for 3). */
export const IMPORT_FORM_BYTES = [
  [IMPORT_PATHS.check, IMPORT_FILE_BYTES + FORM_BODY_BYTES],
  [IMPORT_PATHS.confirm, Math.ceil(IMPORT_FILE_BYTES / 3) * 4 + FORM_BODY_BYTES],
] as const

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const

const toBase64 = (bytes: Uint8Array) => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw invalid('sheet', 'is not the checked file')
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
}

/** The posted fields, the file among them; and the institution they are for (a platform admin's names it). */
async function importForm(c: WebContext, user: User) {
  const body = await c.req.parseBody()
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
  const institution = await institutionInScope(c, user, text('institution') || undefined)
  if (!institution) throw notFound('Institution')
  // a refused file is the upload form again, saying why in the page's language; 401 and 403 keep their pages
  onRefusal(
    c,
    (error) => {
      const key =
        error.code === 'too-large'
          ? 'import.tooLarge'
          : error.code === 'unsupported-media-type'
            ? 'import.unsupported'
            : error.code === 'precondition-failed'
              ? 'import.raced'
              : 'import.unreadable'
      return renderImportRefusal(c, { user, institution }, c.var.ui.t(key), statusOf(error.code))
    },
    ['unauthenticated', 'forbidden'],
  )
  const file = body.file
  return { institution, text, file: typeof file === 'string' ? undefined : file }
}

function checkSize(bytes: number) {
  if (bytes > IMPORT_FILE_BYTES) throw new AppError('too-large', 'The file is larger than 1 MB.')
}

/** A file name as shown: its last part, without control characters, at most 200 characters. */
const shownName = (name: string) =>
  name
    .split(/[\\/]/)
    .pop()!
    .replace(/\p{Cc}/gu, '')
    .slice(0, 200)

export const adminImportRoutes = pagesApp()

adminImportRoutes.get(IMPORT_PATHS.sample, (c) =>
  c.body(SAMPLE_SHEET_CSV, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="instrument-list-sample.csv"',
    'Cache-Control': 'public, max-age=3600',
  }),
)

adminImportRoutes.post(IMPORT_PATHS.check, async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const { institution, file } = await importForm(c, user)
  if (!file || file.size === 0) return renderImportRefusal(c, { user, institution }, c.var.ui.t('import.noFile'), 400)
  checkSize(file.size)
  const bytes = new Uint8Array(await file.arrayBuffer())
  const report = await importInstruments(c.var.deps, user, institution.id, bytes, { dryRun: true })
  const step = { user, institution, fileName: shownName(file.name), report, sheet: toBase64(bytes) }
  return renderImportReport(c, step, report.errors.length > 0 ? 400 : undefined)
})

adminImportRoutes.post(IMPORT_PATHS.confirm, async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const { institution, text } = await importForm(c, user)
  const sheet = text('sheet')
  checkSize(Math.floor((sheet.length * 3) / 4))
  const bytes = fromBase64(sheet)
  const report = await importInstruments(c.var.deps, user, institution.id, bytes, { dryRun: false })
  // the sheet met a list changed since the check (a row now ambiguous, say): the report again, nothing written
  if (!report.written)
    return renderImportReport(c, { user, institution, fileName: shownName(text('fileName')), report, sheet }, 400)
  return redirectWith(c, adminHref(user, institution.id), { msg: 'msg.staff.imported' })
})
