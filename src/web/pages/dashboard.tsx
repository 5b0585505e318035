import { Hono } from 'hono'
import { DateTime } from 'luxon'
import { CATEGORIES } from '../../domain/categories.js'
import type { SharingStats } from '../../domain/sharing/aggregation.js'
import { STATS_ZONE, yearOf } from '../../domain/sharing/counting.js'
import type { User } from '../../domain/types.js'
import { invalid } from '../../errors.js'
import { listCities, listInstitutions } from '../../services/directory.js'
import { FIRST_YEAR, LAST_YEAR, TargetInput, Year } from '../../services/inputs/stats.js'
import {
  setsTargets,
  setYearlyTarget,
  sharingCsvFor,
  sharingStatsFor,
  statisticsScope,
} from '../../services/sharing-stats.js'
import { BarChart, CumulativeChart, DirectionChart, ProgressBar, paceAt } from '../charts/index.js'
import type { Ui, WebEnv } from '../env.js'
import { isMessageKey, type Lang } from '../i18n/index.js'
import { DataTable, PostForm, page } from '../layout.js'
import { formFields, redirectWith, requireUser } from '../routes-kit.js'

/*
 * 人才办看板 /dashboard: the year's cross-city uses (甬舟共享) against the joint target, for talent offices
 * and platform admins (both cities); an institute admin sees the figures of its own instruments. The numbers
 * all come from the same service as GET /stats/sharing; the charts are server-rendered SVG.
 */

const TOP = 10

/** The year asked for (the API's schema: four digits, 2000–2100), else this year in Asia/Shanghai. */
function parseYear(value: string | undefined, now: number): number {
  if (value === undefined || value === '') return yearOf(now)
  const year = /^\d{4}$/.test(value) ? Year.safeParse(value) : null
  if (!year?.success) throw invalid('year', `a year from ${FIRST_YEAR} to ${LAST_YEAR}`)
  return year.data
}

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' }
const monthNames = (lang: Lang) =>
  Array.from({ length: 12 }, (_, i) =>
    DateTime.fromObject({ year: 2000, month: i + 1, day: 1 }, { zone: STATS_ZONE })
      .setLocale(LOCALE[lang])
      .toFormat('LLL'),
  )

const count = (n: number) => Math.round(n).toLocaleString('en-US')

/** A city's name: the data's name in Chinese; in English the code, capitalised ("ningbo" → "Ningbo"). */
const cityName = (ui: Ui, cities: Map<string, string>, code: string) =>
  ui.lang === 'zh' ? (cities.get(code) ?? code) : code.charAt(0).toUpperCase() + code.slice(1)

function categoryName(ui: Ui, code: string): string {
  const key = `category.${code}`
  if (isMessageKey(key)) return ui.t(key)
  return CATEGORIES.find((c) => c.code === code)?.name ?? code
}

/** Where the year stands on the calendar: how much of the target pace and of the months lie behind. */
function yearProgress(year: number, now: number) {
  const today = DateTime.fromMillis(now, { zone: STATS_ZONE })
  if (year < today.year) return { throughMonth: 12, share: 1, current: false }
  if (year > today.year) return { throughMonth: 0, share: 0, current: false }
  return { throughMonth: today.month, share: today.ordinal / today.daysInYear, current: true }
}

function Dashboard(props: {
  ui: Ui
  user: User
  stats: SharingStats
  cities: Map<string, string>
  institutions: Map<string, string>
  scoped: boolean
}) {
  const { ui, stats } = props
  const { year, target } = stats
  const progress = yearProgress(year, ui.now)
  const months = monthNames(ui.lang)
  const monthly = stats.byMonth.map((m) => m.crossCityUses)
  const paceToday = Math.round(target * progress.share)
  const cumulativeNow = monthly.slice(0, progress.throughMonth).reduce((a, b) => a + b, 0)
  const paceAtMonth = Math.round(paceAt(target, progress.throughMonth))
  const percent = target > 0 ? Math.floor((Math.min(stats.crossCityUses, target) / target) * 100) : 100
  const headline = progress.current
    ? ui.t('staff.dash.headline', { n: count(stats.crossCityUses), target: count(target) })
    : ui.t('staff.dash.headlineYear', { year, n: count(stats.crossCityUses), target: count(target) })
  const onTrack = stats.projection.onTrack
  const directions = stats.byDirection.map((d) => ({
    label: `${cityName(ui, props.cities, d.from)} → ${cityName(ui, props.cities, d.to)}`,
    value: d.uses,
  }))
  const csvHref = `/dashboard/sharing-${year}.csv`
  return (
    <>
      <h1>{ui.t('staff.dash.title')}</h1>
      {props.scoped ? <p class="muted">{ui.t('staff.dash.scoped')}</p> : null}

      <nav aria-label={ui.t('staff.dash.yearNav')} class="actions">
        <a href={`/dashboard?year=${year - 1}`} rel="prev">
          {ui.t('staff.dash.prevYear', { year: year - 1 })}
        </a>
        <form method="get" action="/dashboard">
          <label for="year">{ui.t('staff.dash.year')}</label>{' '}
          <input id="year" name="year" type="number" min={FIRST_YEAR} max={LAST_YEAR} value={String(year)} />{' '}
          <button type="submit" class="secondary">
            {ui.t('staff.dash.show')}
          </button>
        </form>
        <a href={`/dashboard?year=${year + 1}`} rel="next">
          {ui.t('staff.dash.nextYear', { year: year + 1 })}
        </a>
        <a href={csvHref} download={`sharing-${year}.csv`} class="button secondary">
          {ui.t('staff.dash.csv', { year })}
        </a>
      </nav>

      <section aria-labelledby="progress-h">
        <h2 id="progress-h">{headline}</h2>
        <ProgressBar
          id="progress"
          value={stats.crossCityUses}
          max={target}
          label={headline}
          showLabel={false}
          desc={ui.t('staff.dash.progressDesc', { percent, projection: count(stats.projection.expectedCrossCityUses) })}
          pace={
            progress.current
              ? { value: paceToday, label: ui.t('staff.dash.paceToday', { n: count(paceToday) }) }
              : undefined
          }
        />
        <p>
          <span class={`badge ${onTrack ? 'ok' : 'warn'}`}>
            {ui.t(onTrack ? 'staff.dash.onTrack' : 'staff.dash.offTrack')}
          </span>
        </p>
        <dl class="facts">
          {progress.current ? (
            <>
              <dt>{ui.t('staff.dash.paceTodayLabel')}</dt>
              <dd>{ui.t('staff.dash.projectionValue', { n: count(paceToday) })}</dd>
            </>
          ) : null}
          <dt>{ui.t('staff.dash.projection')}</dt>
          <dd>{ui.t('staff.dash.projectionValue', { n: count(stats.projection.expectedCrossCityUses) })}</dd>
          <dt>{ui.t('staff.dash.shared')}</dt>
          <dd>{count(stats.sharedUses)}</dd>
          <dt>{ui.t('staff.dash.total')}</dt>
          <dd>{count(stats.totalUses)}</dd>
          <dt>{ui.t('staff.dash.hours')}</dt>
          <dd>
            {ui.t('staff.dash.hoursValue', {
              crossCity: stats.machineHours.crossCity,
              shared: stats.machineHours.shared,
              total: stats.machineHours.total,
            })}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="cumulative-h">
        <h2 id="cumulative-h">{ui.t('staff.dash.cumulative')}</h2>
        <CumulativeChart
          id="cumulative"
          monthly={monthly}
          target={target}
          throughMonth={progress.throughMonth}
          monthLabels={months}
          text={{
            title: ui.t('staff.dash.cumulativeTitle', { year }),
            desc:
              progress.throughMonth > 0
                ? ui.t('staff.dash.cumulativeDesc', {
                    month: months[progress.throughMonth - 1] ?? '',
                    n: count(cumulativeNow),
                    pace: count(paceAtMonth),
                    target: count(target),
                  })
                : ui.t('staff.dash.cumulativeEmpty', { target: count(target) }),
            actual: ui.t('staff.dash.actual'),
            pace: ui.t('staff.dash.pace'),
          }}
        />
      </section>

      <section aria-labelledby="monthly-h">
        <h2 id="monthly-h">{ui.t('staff.dash.monthly')}</h2>
        <BarChart
          id="monthly"
          labels={months}
          series={[
            { name: ui.t('staff.dash.crossCity'), values: monthly },
            { name: ui.t('staff.dash.sharedAll'), values: stats.byMonth.map((m) => m.sharedUses) },
          ]}
          text={{ title: ui.t('staff.dash.monthlyTitle', { year }), desc: ui.t('staff.dash.monthlyDesc') }}
        />
        <details>
          <summary>{ui.t('staff.dash.table')}</summary>
          <DataTable columns={[ui.t('staff.dash.month'), ui.t('staff.dash.crossCity'), ui.t('staff.dash.sharedAll')]}>
            {stats.byMonth.map((m) => (
              <tr>
                <th scope="row">{months[m.month - 1]}</th>
                <td>{count(m.crossCityUses)}</td>
                <td>{count(m.sharedUses)}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      </section>

      <section aria-labelledby="directions-h">
        <h2 id="directions-h">{ui.t('staff.dash.directions')}</h2>
        <DirectionChart
          id="directions"
          rows={directions}
          text={{
            title: ui.t('staff.dash.directions'),
            desc: directions.map((d) => `${d.label}: ${count(d.value)}`).join('; '),
          }}
        />
      </section>

      <div class="layout-2">
        <section aria-labelledby="institutions-h">
          <h2 id="institutions-h">{ui.t('staff.dash.topInstitutions')}</h2>
          {stats.byInstitution.length === 0 ? (
            <p class="muted">{ui.t('common.none')}</p>
          ) : (
            <DataTable
              columns={[ui.t('staff.col.institution'), ui.t('staff.dash.crossCity'), ui.t('staff.dash.sharedAll')]}
            >
              {stats.byInstitution.slice(0, TOP).map((row) => (
                <tr>
                  <th scope="row">{props.institutions.get(row.institutionId) ?? row.institutionId}</th>
                  <td>{count(row.crossCityUses)}</td>
                  <td>{count(row.sharedUses)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
        <section aria-labelledby="categories-h">
          <h2 id="categories-h">{ui.t('staff.dash.topCategories')}</h2>
          {stats.byCategory.length === 0 ? (
            <p class="muted">{ui.t('common.none')}</p>
          ) : (
            <DataTable columns={[ui.t('instrument.category'), ui.t('staff.dash.crossCity')]}>
              {stats.byCategory.slice(0, TOP).map((row) => (
                <tr>
                  <th scope="row">{categoryName(ui, row.category)}</th>
                  <td>{count(row.crossCityUses)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      </div>

      {setsTargets(props.user) ? (
        <section aria-labelledby="target-h">
          <h2 id="target-h">{ui.t('staff.dash.setTarget', { year })}</h2>
          <PostForm ui={ui} action="/dashboard/target" class="stack">
            <input type="hidden" name="year" value={String(year)} />
            <label for="target">{ui.t('staff.dash.targetLabel', { year })}</label>
            <input
              id="target"
              name="target"
              type="number"
              inputmode="numeric"
              min={0}
              max={1_000_000}
              step={1}
              required
              value={String(target)}
            />{' '}
            <button type="submit">{ui.t('staff.dash.saveTarget')}</button>
          </PostForm>
        </section>
      ) : null}
    </>
  )
}

export const dashboardPages = new Hono<WebEnv>()

dashboardPages.get('/dashboard', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c)
  const scope = statisticsScope(user)
  const year = parseYear(c.req.query('year'), ui.now)
  const { deps } = c.var
  const [stats, cities, institutions] = await Promise.all([
    sharingStatsFor(deps, user, year),
    listCities(deps),
    listInstitutions(deps),
  ])
  return page(c, {
    title: ui.t('staff.dash.title'),
    body: (
      <Dashboard
        ui={ui}
        user={user}
        stats={stats}
        cities={new Map(cities.map((city) => [city.code, city.name]))}
        institutions={new Map(institutions.map((i) => [i.id, i.name]))}
        scoped={scope.providerInstitutionId !== undefined}
      />
    ),
  })
})

/** The CSV of GET /stats/sharing.csv for signed-in browsers (the API wants a bearer token). */
dashboardPages.get('/dashboard/:file{sharing-[0-9]{4}\\.csv}', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c)
  const asked = parseYear(c.req.param('file').slice('sharing-'.length, -'.csv'.length), ui.now)
  const { year, csv } = await sharingCsvFor(c.var.deps, user, asked)
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="sharing-${year}.csv"`,
    'Cache-Control': 'no-store',
  })
})

dashboardPages.post('/dashboard/target', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c)
  const fields = await formFields(c)
  const year = parseYear(fields.year, ui.now)
  const text = (fields.target ?? '').trim()
  const parsed = TargetInput.safeParse({ target: /^\d{1,7}$/.test(text) ? Number(text) : text })
  if (!parsed.success) return redirectWith(c, `/dashboard?year=${year}`, { err: 'validation' })
  await setYearlyTarget(c.var.deps, user, year, parsed.data.target)
  return redirectWith(c, `/dashboard?year=${year}`, { msg: 'msg.staff.targetSet' })
})
