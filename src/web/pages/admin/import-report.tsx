import { columnOfHeader } from '../../../domain/instrument-sheet.js'
import type { Institution, User } from '../../../domain/types.js'
import type { ImportError, ImportReport } from '../../../services/instrument-import.js'
import { DataTable } from '../../components/data-table.js'
import { Notice } from '../../components/notice.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui, WebContext } from '../../env.js'
import { page } from '../../layout.js'
import { IMPORT_PATHS, ImportForm } from './import-section.js'
import { adminHref } from './scope.js'

/*
 * The dry run's report: what the sheet would create, update and leave as it is, and every bad cell by row and column,
 * each said in the page's language from its stable code. A sheet without errors is offered for the real import,
 * its bytes carried by the confirm form (see import-routes.tsx for why).
 */

/** More bad cells than anyone reads before fixing the first ones; the rest are counted, not listed. */
export const MAX_ERRORS_SHOWN = 1000

export interface ImportStep {
  user: User
  institution: Institution
  fileName: string
}

/** A bad cell in words: by its code, and for an invalid cell by the column it is in. */
export function importErrorText(ui: Ui, error: ImportError): string {
  if (error.code !== 'invalid') return ui.t(`import.error.${error.code}`)
  const column = columnOfHeader(error.column)
  return column ? ui.t(`import.invalid.${column.field}`) : ui.t('import.error.invalid')
}

function Counts({ ui, report }: { ui: Ui; report: ImportReport }) {
  return (
    <dl class="facts" id="import-counts">
      <dt>{ui.t('import.created')}</dt>
      <dd>{ui.t('import.count', { n: report.created })}</dd>
      <dt>{ui.t('import.updated')}</dt>
      <dd>{ui.t('import.count', { n: report.updated })}</dd>
      <dt>{ui.t('import.unchanged')}</dt>
      <dd>{ui.t('import.count', { n: report.unchanged })}</dd>
    </dl>
  )
}

function ErrorsSection({ ui, errors }: { ui: Ui; errors: ImportError[] }) {
  const shown = errors.slice(0, MAX_ERRORS_SHOWN)
  return (
    <section aria-labelledby="import-errors-h">
      <h2 id="import-errors-h">{ui.t('import.errors', { n: errors.length })}</h2>
      <DataTable
        rows={shown}
        columns={[
          { label: ui.t('import.row'), numeric: true, cell: (e) => String(e.row) },
          { label: ui.t('import.column'), cell: (e) => e.column || '—' },
          { label: ui.t('import.problem'), cell: (e) => importErrorText(ui, e) },
        ]}
      />
      {errors.length > shown.length ? (
        <p class="hint">{ui.t('import.moreErrors', { n: errors.length - shown.length })}</p>
      ) : null}
    </section>
  )
}

/** What the checked sheet would do, and the next step: confirm, fix and upload again, or nothing to do. */
export function renderImportReport(
  c: WebContext,
  step: ImportStep & { report: ImportReport; sheet: string },
  status?: 400,
) {
  const ui = c.var.ui
  const { report, institution } = step
  const back = adminHref(step.user, institution.id)
  const changes = report.created + report.updated
  const title = ui.t('import.reportTitle')
  return page(c, {
    title,
    status,
    body: (
      <>
        <h1>{title}</h1>
        <p class="muted">{ui.t('import.reportOf', { institution: institution.name, file: step.fileName })}</p>
        {report.errors.length > 0 ? (
          <Notice kind="error">{ui.t('import.hasErrors', { n: report.errors.length })}</Notice>
        ) : changes > 0 ? (
          <Notice kind="info">{ui.t('import.ready')}</Notice>
        ) : (
          <Notice kind="ok">{ui.t('import.nothingToDo')}</Notice>
        )}
        <Counts ui={ui} report={report} />
        {report.errors.length > 0 ? (
          <>
            <ErrorsSection ui={ui} errors={report.errors} />
            <h2>{ui.t('import.again')}</h2>
            <ImportForm ui={ui} institution={institution} />
            <p>
              <a href={back}>{ui.t('staff.instrument.backToAdmin')}</a>
            </p>
          </>
        ) : changes > 0 ? (
          <PostForm ui={ui} action={IMPORT_PATHS.confirm} multipart>
            <Hidden name="institution" value={institution.id} />
            <Hidden name="fileName" value={step.fileName} />
            <Hidden name="sheet" value={step.sheet} />
            <div class="actions">
              <button type="submit">{ui.t('import.confirm', { n: changes })}</button>
              <a href={back}>{ui.t('import.cancel')}</a>
            </div>
          </PostForm>
        ) : (
          <p>
            <a href={back}>{ui.t('staff.instrument.backToAdmin')}</a>
          </p>
        )}
      </>
    ),
  })
}

/** The upload form again, with why the file was refused (too large, not a spreadsheet, unreadable). */
export function renderImportRefusal(c: WebContext, step: Omit<ImportStep, 'fileName'>, text: string, status: number) {
  const ui = c.var.ui
  const title = ui.t('import.title')
  return page(c, {
    title,
    status: status as 400,
    body: (
      <>
        <h1>{title}</h1>
        <p class="muted">{step.institution.name}</p>
        <Notice kind="error">{text}</Notice>
        <ImportForm ui={ui} institution={step.institution} />
        <p>
          <a href={adminHref(step.user, step.institution.id)}>{ui.t('staff.instrument.backToAdmin')}</a>
        </p>
      </>
    ),
  })
}
