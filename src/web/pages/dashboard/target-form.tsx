import { Field } from '../../components/field.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'

/** The talent office sets the year's target of cross-city uses. */
export function TargetSection({ ui, year, target }: { ui: Ui; year: number; target: number }) {
  return (
    <section aria-labelledby="target-h">
      <h2 id="target-h">{ui.t('staff.dash.setTarget', { year })}</h2>
      <PostForm ui={ui} action="/dashboard/target" class="stack inline-form">
        <Hidden name="year" value={String(year)} />
        <Field
          id="target"
          name="target"
          type="number"
          label={ui.t('staff.dash.targetLabel', { year })}
          required
          value={String(target)}
          attrs={{ inputmode: 'numeric', min: 0, max: 1_000_000, step: 1 }}
        />
        <button type="submit">{ui.t('staff.dash.saveTarget')}</button>
      </PostForm>
    </section>
  )
}
