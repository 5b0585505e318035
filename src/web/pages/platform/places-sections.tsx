import { INSTITUTION_KINDS, type Institution } from '../../../domain/types.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { type FormState, valueIn } from './form-state.js'

type City = { code: string; name: string }

const Refused = ({ state, section }: { state?: FormState; section: FormState['section'] }) =>
  state?.section === section ? <Notice kind="error">{state.error}</Notice> : null

/** 单位: every institution (each managed on /admin for it) and the form to add one. */
export function InstitutionsSection(props: { ui: Ui; institutions: Institution[]; cities: City[]; state?: FormState }) {
  const { ui, state } = props
  const cityName = new Map(props.cities.map((city) => [city.code, city.name]))
  const v = (name: string) => valueIn(state, 'institution', name)
  return (
    <section aria-labelledby="institutions-h">
      <h2 id="institutions-h">{ui.t('staff.platform.institutions', { n: props.institutions.length })}</h2>
      <DataTable
        rows={props.institutions}
        columns={[
          { label: ui.t('staff.col.institution'), cell: (i) => i.name },
          { label: ui.t('catalogue.city'), cell: (i) => cityName.get(i.city) ?? i.city },
          { label: ui.t('staff.col.kind'), cell: (i) => ui.t(`staff.kind.${i.kind}`) },
          {
            label: ui.t('staff.col.manage'),
            actions: true,
            cell: (i) => <a href={`/admin?institution=${i.id}`}>{ui.t('staff.admin.manage')}</a>,
          },
        ]}
      />
      <h3>{ui.t('staff.platform.newInstitution')}</h3>
      <Refused state={state} section="institution" />
      <PostForm ui={ui} action="/platform/institutions" class="stack">
        <div class="filters">
          <Field
            id="i-name"
            name="name"
            label={ui.t('staff.field.institutionName')}
            required
            value={v('name')}
            attrs={{ maxlength: 200 }}
          />
          <Field
            id="i-city"
            name="city"
            type="select"
            label={ui.t('catalogue.city')}
            value={v('city')}
            options={props.cities.map((city) => ({ value: city.code, label: city.name }))}
          />
          <Field
            id="i-kind"
            name="kind"
            type="select"
            label={ui.t('staff.col.kind')}
            value={v('kind')}
            options={INSTITUTION_KINDS.map((kind) => ({ value: kind, label: ui.t(`staff.kind.${kind}`) }))}
          />
        </div>
        <div class="actions">
          <button type="submit">{ui.t('staff.platform.addInstitution')}</button>
        </div>
      </PostForm>
    </section>
  )
}

/** 城市: the cities, and the form to add one. */
export function CitiesSection({ ui, cities, state }: { ui: Ui; cities: City[]; state?: FormState }) {
  const v = (name: string) => valueIn(state, 'city', name)
  return (
    <section aria-labelledby="cities-h">
      <h2 id="cities-h">{ui.t('staff.platform.cities')}</h2>
      <ul>
        {cities.map((city) => (
          <li>
            {city.name} <code>{city.code}</code>
          </li>
        ))}
      </ul>
      <Refused state={state} section="city" />
      <PostForm ui={ui} action="/platform/cities" class="stack">
        <div class="filters">
          <Field
            id="c-code"
            name="code"
            label={ui.t('staff.field.cityCode')}
            required
            value={v('code')}
            hint={ui.t('staff.field.cityCodeHint')}
            attrs={{ pattern: '[a-z][a-z0-9\\-]{1,39}' }}
          />
          <Field
            id="c-name"
            name="name"
            label={ui.t('staff.field.cityName')}
            required
            value={v('name')}
            attrs={{ maxlength: 100 }}
          />
        </div>
        <div class="actions">
          <button type="submit">{ui.t('staff.platform.addCity')}</button>
        </div>
      </PostForm>
    </section>
  )
}
