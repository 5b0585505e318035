import type { InstitutionFigures } from '../../../domain/evaluation/figures.js'
import type { Ui } from '../../env.js'
import { hoursShown, rateShown, yuanShown } from './format.js'

/** An institution's figures over its large instruments, as a list of facts. */
export function InstitutionTotals({ ui, figures }: { ui: Ui; figures: InstitutionFigures }) {
  const { incomeFen } = figures
  return (
    <dl class="facts" id="evaluation-totals">
      <dt>{ui.t('eval.largeInstruments')}</dt>
      <dd>{ui.t('eval.units', { n: figures.largeInstruments })}</dd>
      <dt>{ui.t('eval.openRate')}</dt>
      <dd>
        {rateShown(figures.openRate)} <span class="hint">{ui.t('eval.openRateHint')}</span>
      </dd>
      <dt>{ui.t('eval.effective')}</dt>
      <dd>{ui.t('eval.hoursValue', { n: hoursShown(figures.effectiveHours) })}</dd>
      <dt>{ui.t('eval.external')}</dt>
      <dd>{ui.t('eval.hoursValue', { n: hoursShown(figures.externalHours) })}</dd>
      <dt>{ui.t('eval.shareRate')}</dt>
      <dd>{rateShown(figures.shareRate)}</dd>
      <dt>{ui.t('eval.income')}</dt>
      <dd>
        {ui.t('eval.incomeValue', {
          total: `¥${yuanShown(incomeFen.internal + incomeFen.external)}`,
          internal: `¥${yuanShown(incomeFen.internal)}`,
          external: `¥${yuanShown(incomeFen.external)}`,
        })}
      </dd>
      <dt>{ui.t('eval.users')}</dt>
      <dd>{ui.t('eval.usersValue', { n: figures.userInstitutions, enterprises: figures.enterprises })}</dd>
      <dt>{ui.t('eval.flagged')}</dt>
      <dd>{ui.t('eval.units', { n: figures.flaggedInstruments })}</dd>
    </dl>
  )
}
