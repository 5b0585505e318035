import type { EvaluationFigures } from '../../../domain/evaluation/figures.js'
import type { Institution, User } from '../../../domain/types.js'
import { listInstitutions } from '../../../services/directory.js'
import { evaluationCsvFor, evaluationFor } from '../../../services/evaluation.js'
import { Field } from '../../components/field.js'
import type { WebContext } from '../../env.js'
import { page } from '../../layout.js'
import { pagesApp } from '../../refusals.js'
import { requireUser } from '../../routes-kit.js'
import { institutionInScope } from '../admin/scope.js'
import { parseYear } from '../dashboard/figures.js'
import { InstrumentsTable } from './instruments-table.js'
import { MeansNote } from './means-note.js'
import { ShareChartSection } from './share-chart.js'
import { InstitutionTotals } from './totals.js'
import { EvaluationYearNav } from './year-nav.js'

/*
 * 开放共享评价 /admin/evaluation: the institute admin's own institution (a platform admin picks one with
 * ?institution=), the year's figures per instrument with the flagged large instruments first, the institution's
 * totals and open rate, the chart, and the CSV for the provincial form. The numbers are GET /evaluation's.
 */

export const evaluationRoutes = pagesApp()

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const

/** The CSV of GET /evaluation.csv for signed-in browsers (the API wants a bearer token). */
function csvResponse(c: WebContext, result: { year: number; csv: string }) {
  return c.body(result.csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="evaluation-${result.year}.csv"`,
    'Cache-Control': 'no-store',
  })
}

const yearOfFile = (c: WebContext) =>
  parseYear(c.req.param('file')?.slice('evaluation-'.length, -'.csv'.length), c.var.ui.now)

evaluationRoutes.get('/admin/evaluation', async (c) => {
  const { ui, deps } = c.var
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, c.req.query('institution'))
  if (!institution) return renderPicker(c)
  const year = parseYear(c.req.query('year'), ui.now)
  const [figures, institutions] = await Promise.all([
    evaluationFor(deps, user, { year, institutionId: institution.id }),
    listInstitutions(deps),
  ])
  return renderEvaluation(c, user, institution, figures, new Map(institutions.map((i) => [i.id, i.name])))
})

evaluationRoutes.get('/admin/evaluation/:file{evaluation-[0-9]{4}\\.csv}', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, c.req.query('institution'))
  if (!institution) return renderPicker(c)
  return csvResponse(
    c,
    await evaluationCsvFor(c.var.deps, user, { year: yearOfFile(c), institutionId: institution.id }),
  )
})

/** Every institution's figures for talent offices and platform admins (the dashboard's section links here). */
evaluationRoutes.get('/dashboard/:file{evaluation-[0-9]{4}\\.csv}', async (c) => {
  const user = requireUser(c, 'talent_office', 'platform_admin')
  return csvResponse(c, await evaluationCsvFor(c.var.deps, user, { year: yearOfFile(c) }))
})

function renderEvaluation(
  c: WebContext,
  user: User,
  institution: Institution,
  figures: EvaluationFigures,
  names: ReadonlyMap<string, string>,
) {
  const { ui } = c.var
  const platform = user.role === 'platform_admin'
  const params: Record<string, string> = platform ? { institution: institution.id } : {}
  const query = (extra: Record<string, string> = {}) => {
    const search = new URLSearchParams({ ...params, ...extra }).toString()
    return search ? `?${search}` : ''
  }
  const totals = figures.institutions[0]
  return page(c, {
    title: ui.t('eval.titleOf', { name: institution.name }),
    body: (
      <>
        <h1>{ui.t('eval.titleOf', { name: institution.name })}</h1>
        <p class="muted">{ui.t('eval.intro')}</p>
        <EvaluationYearNav
          ui={ui}
          year={figures.year}
          path="/admin/evaluation"
          params={params}
          csvHref={`/admin/evaluation/evaluation-${figures.year}.csv${query()}`}
        />
        <section aria-labelledby="evaluation-means-h">
          <h2 id="evaluation-means-h">{ui.t('eval.means')}</h2>
          <MeansNote ui={ui} figures={figures} />
        </section>
        {totals ? (
          <section aria-labelledby="evaluation-totals-h">
            <h2 id="evaluation-totals-h">{ui.t('eval.totals')}</h2>
            <InstitutionTotals ui={ui} figures={totals} />
          </section>
        ) : null}
        <section aria-labelledby="evaluation-instruments-h">
          <h2 id="evaluation-instruments-h">{ui.t('eval.instruments')}</h2>
          {figures.instruments.length === 0 ? (
            <p class="muted">{ui.t('eval.noInstruments')}</p>
          ) : (
            <InstrumentsTable ui={ui} figures={figures} href={(id) => `/admin/instruments/${id}${query()}`} />
          )}
        </section>
        {figures.instruments.length > 0 ? (
          <ShareChartSection ui={ui} id="evaluation-chart" figures={figures} institutionNames={names} />
        ) : null}
      </>
    ),
  })
}

/** A platform admin first picks the institution. */
async function renderPicker(c: WebContext) {
  const ui = c.var.ui
  const institutions = await listInstitutions(c.var.deps)
  return page(c, {
    title: ui.t('eval.title'),
    body: (
      <>
        <h1>{ui.t('eval.title')}</h1>
        <form method="get" action="/admin/evaluation" class="stack inline-form">
          <Field
            id="pick-institution"
            name="institution"
            type="select"
            label={ui.t('eval.pickInstitution')}
            options={institutions.filter((i) => i.kind !== 'government').map((i) => ({ value: i.id, label: i.name }))}
          />
          <button type="submit">{ui.t('eval.open')}</button>
        </form>
      </>
    ),
  })
}
