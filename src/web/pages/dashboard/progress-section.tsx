import { ProgressBar } from '../../charts/index.js'
import { count, type DashboardData } from './figures.js'

/** 今年甬舟共享 N / 500 台次: the bar against the target, on track or not, and the year's other totals. */
export function ProgressSection({ data }: { data: DashboardData }) {
  const { ui, stats, progress } = data
  const { year, target } = stats
  const paceToday = Math.round(target * progress.share)
  const percent = target > 0 ? Math.floor((Math.min(stats.crossCityUses, target) / target) * 100) : 100
  const headline = progress.current
    ? ui.t('staff.dash.headline', { n: count(stats.crossCityUses), target: count(target) })
    : ui.t('staff.dash.headlineYear', { year, n: count(stats.crossCityUses), target: count(target) })
  const onTrack = stats.projection.onTrack
  const projection = count(stats.projection.expectedCrossCityUses)
  return (
    <section aria-labelledby="progress-h">
      <h2 id="progress-h">{headline}</h2>
      <ProgressBar
        id="progress"
        value={stats.crossCityUses}
        max={target}
        label={headline}
        showLabel={false}
        desc={ui.t('staff.dash.progressDesc', { percent, projection })}
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
        <dd>{ui.t('staff.dash.projectionValue', { n: projection })}</dd>
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
  )
}
