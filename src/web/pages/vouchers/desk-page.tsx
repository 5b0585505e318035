import { INSTITUTION_KINDS } from '../../../domain/types.js'
import type { VoucherDesk } from '../../../services/voucher-views.js'
import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui, WebContext } from '../../env.js'
import { cityLabel } from '../../format.js'
import { page } from '../../layout.js'
import type { FormErrors, GrantValues, ProgramValues } from './voucher-forms.js'
import { ProgramsTable, VoucherTable } from './voucher-tables.js'

/*
 * /vouchers, the talent offices' desk (for their city's science bureau): the programmes with every term and a link to
 * each month's redemptions (兑付), the form that sets one up with every field of the API, the vouchers granted with
 * their balances, and the form that grants one to a holder institution.
 */

export interface DeskForms {
  program: ProgramValues
  programErrors: FormErrors
  grant: GrantValues
  grantErrors: FormErrors
  /** a refusal of the service that no field explains (e.g. 403, a holder of the wrong kind) */
  notice?: { form: 'program' | 'grant'; text: string }
}

const message = (ui: Ui, error: FormErrors[string] | undefined) =>
  error === undefined ? undefined : 'key' in error ? ui.t(error.key) : `${ui.t('staff.form.rule')} ${error.detail}`

export function emptyProgram(city: string, today: string, yearEnd: string): ProgramValues {
  return {
    name: '',
    city,
    coveragePercent: '50',
    fullCoverageBelow: '',
    perUseCap: '',
    perHolderYearCap: '',
    holderKinds: ['enterprise'],
    providerCities: [],
    validFrom: today,
    validTo: yearEnd,
  }
}

function ProgramForm({ ui, desk, forms }: { ui: Ui; desk: VoucherDesk; forms: DeskForms }) {
  const values = forms.program
  const errors = forms.programErrors
  const cities = desk.cities.filter((c) => desk.bureauCities.includes(c.code))
  const money = (name: 'fullCoverageBelow' | 'perUseCap' | 'perHolderYearCap', label: Parameters<Ui['t']>[0]) => (
    <Field
      id={`p-${name}`}
      name={name}
      label={ui.t(label)}
      value={values[name]}
      error={message(ui, errors[name])}
      attrs={{ inputmode: 'decimal', placeholder: '0.00' }}
    />
  )
  return (
    <section aria-labelledby="new-program-h">
      <h2 id="new-program-h">{ui.t('money.program.create')}</h2>
      {forms.notice?.form === 'program' ? <Notice kind="error">{forms.notice.text}</Notice> : null}
      <PostForm ui={ui} action="/vouchers/programs" class="stack" id="program-form">
        <div class="filters">
          <Field
            id="p-name"
            name="name"
            label={ui.t('money.program.name')}
            required
            value={values.name}
            error={message(ui, errors.name)}
            class="wide"
            attrs={{ maxlength: 200 }}
          />
          <Field
            id="p-city"
            name="city"
            type="select"
            label={ui.t('money.program.city')}
            value={values.city}
            error={message(ui, errors.city)}
            options={cities.map((c) => ({ value: c.code, label: cityLabel(c, ui.lang) }))}
          />
          <Field
            id="p-coverage"
            name="coveragePercent"
            type="number"
            label={ui.t('money.program.coverage')}
            required
            value={values.coveragePercent}
            error={message(ui, errors.coveragePercent)}
            attrs={{ min: 0, max: 100, step: 1, inputmode: 'numeric' }}
          />
          {money('fullCoverageBelow', 'money.program.fullBelow')}
          {money('perUseCap', 'money.program.perUseCap')}
          {money('perHolderYearCap', 'money.program.yearCap')}
          <Field
            id="p-validFrom"
            name="validFrom"
            type="date"
            label={ui.t('money.program.validFrom')}
            required
            value={values.validFrom}
            error={message(ui, errors.validFrom)}
          />
          <Field
            id="p-validTo"
            name="validTo"
            type="date"
            label={ui.t('money.program.validTo')}
            required
            value={values.validTo}
            error={message(ui, errors.validTo)}
          />
        </div>
        <fieldset>
          <legend>{ui.t('money.program.holderKinds')}</legend>
          {INSTITUTION_KINDS.map((kind) => (
            <Field
              id={`p-kind-${kind}`}
              name={`holderKinds.${kind}`}
              type="checkbox"
              label={ui.t(`staff.kind.${kind}`)}
              checked={values.holderKinds.includes(kind)}
            />
          ))}
          {errors.holderKinds ? <p class="field-error">{message(ui, errors.holderKinds)}</p> : null}
        </fieldset>
        <fieldset>
          <legend>{ui.t('money.program.providerCities')}</legend>
          {desk.cities.map((c) => (
            <Field
              id={`p-city-${c.code}`}
              name={`providerCities.${c.code}`}
              type="checkbox"
              label={cityLabel(c, ui.lang)}
              checked={values.providerCities.includes(c.code)}
            />
          ))}
          {errors.providerCities ? <p class="field-error">{message(ui, errors.providerCities)}</p> : null}
        </fieldset>
        <div class="actions">
          <button type="submit">{ui.t('money.program.submit')}</button>
        </div>
      </PostForm>
    </section>
  )
}

function GrantForm({ ui, desk, forms }: { ui: Ui; desk: VoucherDesk; forms: DeskForms }) {
  const values = forms.grant
  const errors = forms.grantErrors
  const programs = desk.programs.filter((p) => desk.bureauCities.includes(p.city))
  const holders = desk.institutions.filter((i) => programs.some((p) => p.holderKinds.includes(i.kind)))
  const choose = { value: '', label: ui.t('staff.form.chooseOption') }
  return (
    <section aria-labelledby="grant-h">
      <h2 id="grant-h">{ui.t('money.grant.title')}</h2>
      {forms.notice?.form === 'grant' ? <Notice kind="error">{forms.notice.text}</Notice> : null}
      <PostForm ui={ui} action="/vouchers" class="stack" id="grant-form">
        <div class="filters">
          <Field
            id="g-program"
            name="programId"
            type="select"
            required
            label={ui.t('money.grant.program')}
            value={values.programId}
            error={message(ui, errors.programId)}
            options={[choose, ...programs.map((p) => ({ value: p.id, label: p.name }))]}
          />
          <Field
            id="g-holder"
            name="holderInstitutionId"
            type="select"
            required
            label={ui.t('money.grant.holder')}
            value={values.holderInstitutionId}
            error={message(ui, errors.holderInstitutionId)}
            options={[
              choose,
              ...holders.map((i) => ({
                value: i.id,
                label: ui.t('money.nameWithNote', { name: i.name, note: ui.t(`staff.kind.${i.kind}`) }),
              })),
            ]}
          />
          <Field
            id="g-amount"
            name="amount"
            label={ui.t('money.grant.amount')}
            required
            value={values.amount}
            error={message(ui, errors.amount)}
            attrs={{ inputmode: 'decimal', placeholder: '0.00' }}
          />
          <Field
            id="g-expires"
            name="expires"
            type="date"
            label={ui.t('money.grant.expires')}
            required
            value={values.expires}
            error={message(ui, errors.expires)}
          />
        </div>
        <div class="actions">
          <button type="submit">{ui.t('money.grant.submit')}</button>
        </div>
      </PostForm>
    </section>
  )
}

export function renderDesk(
  c: WebContext,
  desk: VoucherDesk,
  forms: DeskForms,
  month: string,
  status?: 400 | 403 | 404 | 422,
) {
  const ui = c.var.ui
  const names = new Map(desk.institutions.map((i) => [i.id, i.name]))
  const cityOf = (code: string) => {
    const found = desk.cities.find((c) => c.code === code)
    return found ? cityLabel(found, ui.lang) : code
  }
  return page(c, {
    title: ui.t('money.vouchers.title'),
    status,
    body: (
      <>
        <h1>{ui.t('money.vouchers.title')}</h1>
        <p class="hint">{ui.t('money.vouchers.intro')}</p>
        <section aria-labelledby="programs-h">
          <h2 id="programs-h">{ui.t('money.vouchers.programs')}</h2>
          <ProgramsTable ui={ui} desk={desk} month={month} />
        </section>
        <section aria-labelledby="issued-h">
          <h2 id="issued-h">{ui.t('money.vouchers.issued')}</h2>
          {desk.vouchers.length === 0 ? (
            <p>{ui.t('money.vouchers.noVouchers')}</p>
          ) : (
            <VoucherTable
              ui={ui}
              vouchers={desk.vouchers}
              cityOf={cityOf}
              holderOf={(id) => names.get(id) ?? id}
              linked
            />
          )}
        </section>
        {desk.bureauCities.length > 0 ? (
          <>
            <GrantForm ui={ui} desk={desk} forms={forms} />
            <ProgramForm ui={ui} desk={desk} forms={forms} />
          </>
        ) : null}
      </>
    ),
  })
}
