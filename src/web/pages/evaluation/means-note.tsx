import type { EvaluationFigures } from '../../../domain/evaluation/figures.js'
import type { Ui } from '../../env.js'
import { hoursShown } from './format.js'

/** What large instruments were compared with: the means in force for the year, pro rata in the current year. */
export function MeansNote({ ui, figures }: { ui: Ui; figures: EvaluationFigures }) {
  const means = figures.nationalMeans
  const t = figures.thresholds
  if (!means || !t) return <p id="evaluation-means">{ui.t('eval.noMeans', { year: figures.year })}</p>
  const values = { effective: hoursShown(means.effectiveHours), external: hoursShown(means.externalHours) }
  return (
    <div id="evaluation-means">
      <p>
        {means.year === figures.year
          ? ui.t('eval.meansOwn', { year: means.year, ...values })
          : ui.t('eval.meansEarlier', { year: figures.year, from: means.year, ...values })}
      </p>
      {t.daysCounted === 0 ? <p>{ui.t('eval.futureYear')}</p> : null}
      {t.daysCounted > 0 && t.daysCounted < t.daysInYear ? (
        <p>
          {ui.t('eval.proRata', {
            days: t.daysCounted,
            daysInYear: t.daysInYear,
            effective: hoursShown(t.effectiveHours),
            external: hoursShown(t.externalHours),
          })}
        </p>
      ) : null}
    </div>
  )
}
