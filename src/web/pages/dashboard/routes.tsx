import { listCities, listInstitutions } from '../../../services/directory.js'
import { TargetInput } from '../../../services/inputs/stats.js'
import {
  setsTargets,
  setYearlyTarget,
  sharingCsvFor,
  sharingStatsFor,
  statisticsScope,
} from '../../../services/sharing-stats.js'
import { page } from '../../layout.js'
import { pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import { CumulativeSection, DirectionsSection, MonthlySection } from './chart-sections.js'
import { type DashboardData, monthNames, parseYear, yearProgress } from './figures.js'
import { ProgressSection } from './progress-section.js'
import { RecognitionSection } from './recognition-section.js'
import { TargetSection } from './target-form.js'
import { TopTables } from './top-tables.js'
import { YearNav } from './year-nav.js'

/*
 * 人才办看板 /dashboard: the year's cross-city uses (甬舟共享) against the joint target, for talent offices
 * and platform admins (both cities); an institute admin sees the figures of its own instruments. The numbers
 * all come from the same service as GET /stats/sharing; the charts are server-rendered SVG.
 */

export const dashboardRoutes = pagesApp()

dashboardRoutes.get('/dashboard', async (c) => {
  const { ui, deps } = c.var
  const user = requireUser(c)
  const scoped = statisticsScope(user).providerInstitutionId !== undefined
  const year = parseYear(c.req.query('year'), ui.now)
  const [stats, cities, institutions] = await Promise.all([
    sharingStatsFor(deps, user, year),
    listCities(deps),
    listInstitutions(deps),
  ])
  const data: DashboardData = {
    ui,
    stats,
    cities: new Map(cities.map((city) => [city.code, city.name])),
    institutions: new Map(institutions.map((i) => [i.id, i.name])),
    progress: yearProgress(year, ui.now),
    months: monthNames(ui.lang),
  }
  return page(c, {
    title: ui.t('staff.dash.title'),
    body: (
      <>
        <h1>{ui.t('staff.dash.title')}</h1>
        {scoped ? <p class="muted">{ui.t('staff.dash.scoped')}</p> : null}
        <YearNav ui={ui} year={year} />
        <ProgressSection data={data} />
        <CumulativeSection data={data} />
        <MonthlySection data={data} />
        <DirectionsSection data={data} />
        <TopTables data={data} />
        <RecognitionSection data={data} figures={stats.recognitions} />
        {setsTargets(user) ? <TargetSection ui={ui} year={year} target={stats.target} /> : null}
      </>
    ),
  })
})

/** The CSV of GET /stats/sharing.csv for signed-in browsers (the API wants a bearer token). */
dashboardRoutes.get('/dashboard/:file{sharing-[0-9]{4}\\.csv}', async (c) => {
  const user = requireUser(c)
  const asked = parseYear(c.req.param('file').slice('sharing-'.length, -'.csv'.length), c.var.ui.now)
  const { year, csv } = await sharingCsvFor(c.var.deps, user, asked)
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="sharing-${year}.csv"`,
    'Cache-Control': 'no-store',
  })
})

dashboardRoutes.post('/dashboard/target', async (c) => {
  const user = requireUser(c)
  const fields = await formFields(c)
  const year = parseYear(fields.year, c.var.ui.now)
  const text = (fields.target ?? '').trim()
  const parsed = TargetInput.safeParse({ target: /^\d{1,7}$/.test(text) ? Number(text) : text })
  if (!parsed.success) return redirectWith(c, `/dashboard?year=${year}`, { err: 'validation' })
  await setYearlyTarget(c.var.deps, user, year, parsed.data.target)
  return redirectWith(c, `/dashboard?year=${year}`, { msg: 'msg.staff.targetSet' })
})
