import { Hono } from 'hono'
import { CATEGORIES } from '../../domain/categories.js'
import type { Institution, Instrument, User } from '../../domain/types.js'
import { AppError, forbidden, notFound } from '../../errors.js'
import { administers, lookUpUserByEmail } from '../../services/directory.js'
import {
  addBlackout,
  blackoutsOf,
  grantQualification,
  qualificationsOf,
  removeBlackout,
  revokeQualification,
} from '../../services/instrument-calendar.js'
import { createInstrument, getInstrument, updateInstrument } from '../../services/instruments.js'
import { reservationsOnInstrument } from '../../services/reservation-queries.js'
import type { Ui, WebContext, WebEnv } from '../env.js'
import { errorText } from '../errors.js'
import { formatDate, formatRange, fromLocalInput } from '../format.js'
import type { MessageKey } from '../i18n/index.js'
import { DataTable, Notice, PostForm, page } from '../layout.js'
import { formFields, redirectWith, requireUser } from '../routes-kit.js'
import {
  type FieldErrors,
  fieldErrorsOf,
  formValuesFrom,
  formValuesOf,
  type InstrumentFormValues,
  parseInstrumentForm,
  SPARE_ROWS,
} from './admin-forms.js'
import { adminHref, institutionInScope } from './admin-scope.js'

/*
 * /admin/instruments/new and /admin/instruments/{id}: the instrument form (with its opening-hours editor,
 * which needs no script: blank rows add periods, a ticked "remove" or cleared times remove them, and
 * "more rows" re-renders the form as typed with more blank rows), its blackouts and its qualifications.
 */

const ADMIN_ROLES = ['institution_admin', 'platform_admin'] as const
const MAX_CANCELLED_SHOWN = 50

/** The instrument, when this user administers it (else 403, as the API). */
async function managed(c: WebContext, user: User, id: string): Promise<Instrument> {
  const instrument = await getInstrument(c.var.deps, id)
  if (!administers(user, instrument.institutionId)) throw forbidden('Only the admin of its institution manages it.')
  return instrument
}

function FieldError({ ui, errors, name }: { ui: Ui; errors: FieldErrors; name: string }) {
  const error = errors[name]
  if (!error) return null
  const text = 'key' in error ? ui.t(error.key) : `${ui.t('staff.form.rule')} ${error.detail}`
  return (
    <p class="field-error" id={`${name}-error`} role="alert">
      {text}
    </p>
  )
}

/** Attributes that tie an input to its error message. */
const described = (errors: FieldErrors, name: string) =>
  errors[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {}

function InstrumentForm(props: {
  ui: Ui
  action: string
  values: InstrumentFormValues
  errors: FieldErrors
  spareRows: number
  institution: Institution
  backHref: string
}) {
  const { ui, values, errors } = props
  const text = (name: 'name' | 'model' | 'manufacturer' | 'location' | 'contact' | 'timezone', label: MessageKey) => (
    <div>
      <label for={`f-${name}`}>{ui.t(label)}</label>
      <input
        id={`f-${name}`}
        name={name}
        value={values[name]}
        required={name === 'name' || name === 'timezone'}
        {...described(errors, name)}
      />
      <FieldError ui={ui} errors={errors} name={name} />
    </div>
  )
  const number = (
    name: 'slotMinutes' | 'minMinutes' | 'maxMinutes' | 'bufferMinutes' | 'noticeMinutes' | 'horizonDays',
  ) => (
    <div>
      <label for={`f-${name}`}>{ui.t(`staff.field.${name}`)}</label>
      <input
        id={`f-${name}`}
        name={name}
        type="number"
        inputmode="numeric"
        min={0}
        step={1}
        required
        value={values[name]}
        {...described(errors, name)}
      />
      <FieldError ui={ui} errors={errors} name={name} />
    </div>
  )
  const rows = [
    ...values.hours,
    ...Array.from({ length: props.spareRows }, () => ({ weekday: '1', open: '', close: '' })),
  ]
  return (
    <PostForm ui={ui} action={props.action} class="stack">
      <input type="hidden" name="version" value={values.version} />
      <input type="hidden" name="institution" value={props.institution.id} />
      {errors.version && 'detail' in errors.version ? (
        <Notice kind="error">{errors.version.detail}</Notice>
      ) : Object.keys(errors).length > 0 ? (
        <Notice kind="error">{ui.t('error.validation')}</Notice>
      ) : null}
      <fieldset>
        <legend>{ui.t('staff.form.basics')}</legend>
        <div class="filters">
          {text('name', 'staff.field.name')}
          {text('model', 'catalogue.model')}
          {text('manufacturer', 'instrument.manufacturer')}
          <div>
            <label for="f-category">{ui.t('instrument.category')}</label>
            <select id="f-category" name="category" required {...described(errors, 'category')}>
              <option value="">{ui.t('staff.form.chooseOption')}</option>
              {CATEGORIES.map((cat) => (
                <option value={cat.code} selected={values.category === cat.code}>
                  {ui.t(`category.${cat.code}`)}
                </option>
              ))}
            </select>
            <FieldError ui={ui} errors={errors} name="category" />
          </div>
          <div>
            <label for="f-originalValue">{ui.t('staff.field.originalValue')}</label>
            <input
              id="f-originalValue"
              name="originalValue"
              type="number"
              inputmode="numeric"
              min={0}
              step={1}
              value={values.originalValue}
              {...described(errors, 'originalValue')}
            />
            <FieldError ui={ui} errors={errors} name="originalValue" />
          </div>
          {text('location', 'catalogue.location')}
          {text('contact', 'instrument.contact')}
          <div>
            <label for="f-status">{ui.t('instrument.status')}</label>
            <select id="f-status" name="status" {...described(errors, 'status')}>
              {(['active', 'maintenance', 'retired'] as const).map((s) => (
                <option value={s} selected={values.status === s}>
                  {ui.t(`instrumentStatus.${s}`)}
                </option>
              ))}
            </select>
            <FieldError ui={ui} errors={errors} name="status" />
          </div>
          <div>
            <label for="f-mode">{ui.t('instrument.mode')}</label>
            <select id="f-mode" name="mode" {...described(errors, 'mode')}>
              {(['self', 'service'] as const).map((m) => (
                <option value={m} selected={values.mode === m}>
                  {ui.t(`mode.${m}`)}
                </option>
              ))}
            </select>
            <FieldError ui={ui} errors={errors} name="mode" />
          </div>
        </div>
        <label for="f-specs">{ui.t('instrument.specs')}</label>
        <textarea id="f-specs" name="specs" {...described(errors, 'specs')}>
          {values.specs}
        </textarea>
        <FieldError ui={ui} errors={errors} name="specs" />
        <label for="f-functions">{ui.t('instrument.functions')}</label>
        <textarea id="f-functions" name="functions" {...described(errors, 'functions')}>
          {values.functions}
        </textarea>
        <FieldError ui={ui} errors={errors} name="functions" />
      </fieldset>

      <fieldset>
        <legend>{ui.t('instrument.rules')}</legend>
        <div class="filters">
          {text('timezone', 'staff.field.timezone')}
          {number('slotMinutes')}
          {number('minMinutes')}
          {number('maxMinutes')}
          {number('bufferMinutes')}
          {number('noticeMinutes')}
          {number('horizonDays')}
        </div>
        <label>
          <input type="checkbox" name="requiresApproval" value="1" checked={values.requiresApproval} />{' '}
          {ui.t('staff.field.requiresApproval')}
        </label>
        <label>
          <input type="checkbox" name="requiresQualification" value="1" checked={values.requiresQualification} />{' '}
          {ui.t('staff.field.requiresQualification')}
        </label>
      </fieldset>

      <fieldset>
        <legend>{ui.t('staff.hours.legend')}</legend>
        <p class="hint">{ui.t('staff.hours.hint')}</p>
        <DataTable
          columns={[
            ui.t('staff.hours.weekday'),
            ui.t('staff.hours.open'),
            ui.t('staff.hours.close'),
            ui.t('staff.hours.remove'),
          ]}
        >
          {rows.map((row, i) => {
            const n = i + 1
            return (
              <tr>
                <td>
                  <label class="visually-hidden" for={`h-${i}-weekday`}>
                    {ui.t('staff.hours.rowWeekday', { n })}
                  </label>
                  <select id={`h-${i}-weekday`} name={`hours.${i}.weekday`}>
                    {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                      <option value={String(d)} selected={row.weekday === String(d)}>
                        {ui.t(`weekday.${d as 1}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError ui={ui} errors={errors} name={`hours.${i}.weekday`} />
                </td>
                <td>
                  <label class="visually-hidden" for={`h-${i}-open`}>
                    {ui.t('staff.hours.rowOpen', { n })}
                  </label>
                  <input
                    id={`h-${i}-open`}
                    name={`hours.${i}.open`}
                    value={row.open}
                    placeholder="08:00"
                    pattern="\d{2}:\d{2}"
                    inputmode="numeric"
                    size={6}
                    {...described(errors, `hours.${i}.open`)}
                  />
                  <FieldError ui={ui} errors={errors} name={`hours.${i}.open`} />
                </td>
                <td>
                  <label class="visually-hidden" for={`h-${i}-close`}>
                    {ui.t('staff.hours.rowClose', { n })}
                  </label>
                  <input
                    id={`h-${i}-close`}
                    name={`hours.${i}.close`}
                    value={row.close}
                    placeholder="18:00"
                    pattern="\d{2}:\d{2}"
                    inputmode="numeric"
                    size={6}
                    {...described(errors, `hours.${i}.close`)}
                  />
                  <FieldError ui={ui} errors={errors} name={`hours.${i}.close`} />
                </td>
                <td>
                  {i < values.hours.length ? (
                    <label>
                      <input type="checkbox" name={`hours.${i}.remove`} value="1" />{' '}
                      <span class="visually-hidden">{ui.t('staff.hours.rowRemove', { n })}</span>
                      <span aria-hidden="true">{ui.t('staff.hours.remove')}</span>
                    </label>
                  ) : (
                    <span class="muted">{ui.t('staff.hours.newRow')}</span>
                  )}
                </td>
              </tr>
            )
          })}
        </DataTable>
        <button type="submit" name="intent" value="more-rows" class="secondary" formnovalidate>
          {ui.t('staff.hours.more')}
        </button>
      </fieldset>
      <div class="actions">
        <button type="submit" name="intent" value="save">
          {ui.t('staff.form.save')}
        </button>
        <a href={props.backHref}>{ui.t('common.back')}</a>
      </div>
    </PostForm>
  )
}

async function renderForm(
  c: WebContext,
  options: {
    user: User
    institution: Institution
    instrument: Instrument | null
    values: InstrumentFormValues
    errors: FieldErrors
    spareRows?: number
    status?: 400 | 409 | 412 | 422
  },
) {
  const ui = c.var.ui
  const title = options.instrument
    ? ui.t('staff.instrument.editTitle', { name: options.instrument.name })
    : ui.t('staff.instrument.newTitle')
  const action = options.instrument ? `/admin/instruments/${options.instrument.id}` : '/admin/instruments'
  const form = (
    <InstrumentForm
      ui={ui}
      action={action}
      values={options.values}
      errors={options.errors}
      spareRows={options.spareRows ?? SPARE_ROWS}
      institution={options.institution}
      backHref={adminHref(options.user, options.institution.id)}
    />
  )
  if (!options.instrument)
    return page(c, {
      title,
      status: options.status as 400,
      body: (
        <>
          <h1>{title}</h1>
          <p class="muted">{options.institution.name}</p>
          {form}
        </>
      ),
    })
  return renderManage(c, options.user, options.instrument, options.institution, form, options.status)
}

async function renderManage(
  c: WebContext,
  user: User,
  instrument: Instrument,
  institution: Institution,
  form: unknown,
  status?: number,
) {
  const ui = c.var.ui
  const { deps } = c.var
  const zone = instrument.timezone
  const [blackouts, qualifications] = await Promise.all([
    blackoutsOf(deps, instrument.id, ui.now),
    qualificationsOf(deps, user, instrument.id),
  ])
  const cancelledIds = (ui.url.searchParams.get('cancelled') ?? '')
    .split(',')
    .filter((id) => /^[\w-]{1,64}$/.test(id))
    .slice(0, MAX_CANCELLED_SHOWN)
  const cancelled = await reservationsOnInstrument(deps, user, instrument, cancelledIds)
  const base = `/admin/instruments/${instrument.id}`
  const title = ui.t('staff.instrument.editTitle', { name: instrument.name })
  return page(c, {
    title,
    status: status as 400,
    body: (
      <>
        <h1>{title}</h1>
        <p class="actions">
          <a href={adminHref(user, institution.id)}>{ui.t('staff.instrument.backToAdmin')}</a>
          <a href={`/instruments/${instrument.id}`}>{ui.t('staff.instrument.publicPage')}</a>
        </p>
        {ui.url.searchParams.has('cancelled') ? (
          <Notice kind="info">
            {cancelled.length === 0 ? (
              ui.t('staff.blackout.cancelledNone')
            ) : (
              <>
                {ui.t('staff.blackout.cancelled', { n: cancelled.length })}
                <ul>
                  {cancelled.map(({ reservation: r, person }) => (
                    <li>
                      {formatRange(r.start, r.end, zone, ui.lang)} · {person?.name ?? '—'}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Notice>
        ) : null}

        <section aria-labelledby="blackouts-h">
          <h2 id="blackouts-h">{ui.t('staff.blackout.title')}</h2>
          <p class="hint">{ui.t('staff.blackout.hint')}</p>
          {blackouts.length === 0 ? (
            <p class="muted">{ui.t('common.none')}</p>
          ) : (
            <ul>
              {blackouts.map((b) => (
                <li>
                  {formatRange(b.start, b.end, zone, ui.lang)} · {b.reason || '—'}{' '}
                  <PostForm ui={ui} action={`${base}/blackouts/${b.id}/delete`} class="inline">
                    <button type="submit" class="secondary">
                      {ui.t('staff.blackout.remove')}
                    </button>
                  </PostForm>
                </li>
              ))}
            </ul>
          )}
          <PostForm ui={ui} action={`${base}/blackouts`} class="stack">
            <div class="filters">
              <div>
                <label for="b-start">{ui.t('book.start')}</label>
                <input id="b-start" name="start" type="datetime-local" required />
              </div>
              <div>
                <label for="b-end">{ui.t('book.end')}</label>
                <input id="b-end" name="end" type="datetime-local" required />
              </div>
              <div>
                <label for="b-reason">{ui.t('staff.blackout.reason')}</label>
                <input id="b-reason" name="reason" maxlength={500} />
              </div>
            </div>
            <p class="hint">{ui.t('rules.zone', { zone })}</p>
            <div class="actions">
              <button type="submit">{ui.t('staff.blackout.add')}</button>
            </div>
          </PostForm>
        </section>

        <section aria-labelledby="quals-h">
          <h2 id="quals-h">{ui.t('staff.qual.title')}</h2>
          {qualifications.length === 0 ? (
            <p class="muted">{ui.t('common.none')}</p>
          ) : (
            <ul>
              {qualifications.map((q) => (
                <li>
                  {q.name} ({q.email})
                  {q.expires_at !== null
                    ? ` · ${ui.t('staff.qual.expires', { date: formatDate(q.expires_at, zone, ui.lang) })}`
                    : ''}{' '}
                  <PostForm ui={ui} action={`${base}/qualifications/${q.user_id}/delete`} class="inline">
                    <button type="submit" class="secondary">
                      {ui.t('staff.qual.revoke')}
                    </button>
                  </PostForm>
                </li>
              ))}
            </ul>
          )}
          <PostForm ui={ui} action={`${base}/qualifications`} class="stack">
            <div class="filters">
              <div>
                <label for="q-email">{ui.t('staff.admin.userEmail')}</label>
                <input id="q-email" name="email" type="email" required autocomplete="off" />
              </div>
              <div>
                <label for="q-expires">{ui.t('staff.qual.expiresAt')}</label>
                <input id="q-expires" name="expiresAt" type="date" />
              </div>
            </div>
            <div class="actions">
              <button type="submit">{ui.t('staff.qual.grant')}</button>
            </div>
          </PostForm>
        </section>

        <section aria-labelledby="edit-h">
          <h2 id="edit-h">{ui.t('staff.instrument.edit')}</h2>
          {form}
        </section>
      </>
    ),
  })
}

/** `?msg=` / `?err=` back to the instrument's page, keeping a platform admin's institution. */
const backTo = (c: WebContext, id: string, flash: { msg?: MessageKey; err?: string }, extra = '') =>
  redirectWith(c, `/admin/instruments/${id}${extra}`, flash)

const failed = (c: WebContext, id: string, error: unknown) => {
  if (error instanceof AppError && error.code !== 'unauthenticated' && error.code !== 'forbidden')
    return backTo(c, id, { err: error.code })
  throw error
}

export const adminInstrumentPages = new Hono<WebEnv>()

adminInstrumentPages.get('/admin/instruments/new', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const institution = await institutionInScope(c, user, c.req.query('institution'))
  if (!institution) return c.redirect('/admin', 303)
  const values = formValuesOf(null)
  values.hours = [1, 2, 3, 4, 5].map((d) => ({ weekday: String(d), open: '08:00', close: '18:00' }))
  return renderForm(c, { user, institution, instrument: null, values, errors: {} })
})

adminInstrumentPages.post('/admin/instruments', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const fields = await formFields(c)
  const institution = await institutionInScope(c, user, fields.institution)
  if (!institution) throw notFound('Institution')
  const values = formValuesFrom(fields)
  const base = { user, institution, instrument: null, values }
  if (fields.intent === 'more-rows') return renderForm(c, { ...base, errors: {}, spareRows: SPARE_ROWS + 3 })
  const parsed = parseInstrumentForm(values)
  if (!parsed.ok) return renderForm(c, { ...base, errors: parsed.errors, status: 400 })
  try {
    const created = await createInstrument(c.var.deps, user, { ...parsed.input, institutionId: institution.id })
    return redirectWith(c, `/admin/instruments/${created.id}`, { msg: 'msg.staff.instrumentSaved' })
  } catch (error) {
    const errors = error instanceof AppError ? fieldErrorsOf(error) : null
    if (!errors) throw error
    return renderForm(c, { ...base, errors, status: 400 })
  }
})

adminInstrumentPages.get('/admin/instruments/:id', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const institution = await institutionInScope(c, user, instrument.institutionId)
  return renderForm(c, { user, institution: institution!, instrument, values: formValuesOf(instrument), errors: {} })
})

adminInstrumentPages.post('/admin/instruments/:id', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const institution = (await institutionInScope(c, user, instrument.institutionId))!
  const fields = await formFields(c)
  const values = formValuesFrom(fields)
  const base = { user, institution, instrument, values }
  if (fields.intent === 'more-rows') return renderForm(c, { ...base, errors: {}, spareRows: SPARE_ROWS + 3 })
  const parsed = parseInstrumentForm(values)
  if (!parsed.ok) return renderForm(c, { ...base, errors: parsed.errors, status: 400 })
  const version = /^\d+$/.test(values.version) ? Number(values.version) : null
  try {
    await updateInstrument(c.var.deps, user, instrument.id, parsed.input, version)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.code === 'precondition-failed')
      return renderForm(c, { ...base, errors: { version: { detail: errorText(ui, error) } }, status: 409 })
    const errors = fieldErrorsOf(error)
    if (!errors) throw error
    return renderForm(c, { ...base, errors, status: 400 })
  }
  return backTo(c, instrument.id, { msg: 'msg.staff.instrumentSaved' })
})

adminInstrumentPages.post('/admin/instruments/:id/blackouts', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const fields = await formFields(c)
  const start = fromLocalInput(fields.start, instrument.timezone)
  const end = fromLocalInput(fields.end, instrument.timezone)
  if (start === null || end === null || end <= start) return backTo(c, instrument.id, { err: 'validation' })
  try {
    const blackout = await addBlackout(c.var.deps, user, instrument.id, {
      start,
      end,
      reason: (fields.reason ?? '').trim().slice(0, 500),
    })
    const ids = blackout.cancelledReservationIds.slice(0, MAX_CANCELLED_SHOWN).join(',')
    return backTo(c, instrument.id, { msg: 'msg.staff.blackoutAdded' }, `?cancelled=${ids}`)
  } catch (error) {
    return failed(c, instrument.id, error)
  }
})

adminInstrumentPages.post('/admin/instruments/:id/blackouts/:blackoutId/delete', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const id = c.req.param('id')
  try {
    await removeBlackout(c.var.deps, user, id, c.req.param('blackoutId'))
  } catch (error) {
    return failed(c, id, error)
  }
  return backTo(c, id, { msg: 'msg.staff.blackoutRemoved' })
})

adminInstrumentPages.post('/admin/instruments/:id/qualifications', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const instrument = await managed(c, user, c.req.param('id'))
  const fields = await formFields(c)
  const expires = fields.expiresAt ? fromLocalInput(`${fields.expiresAt}T23:59`, instrument.timezone) : null
  try {
    const person = await lookUpUserByEmail(c.var.deps, user, (fields.email ?? '').trim())
    await grantQualification(c.var.deps, user, instrument.id, { userId: person.id, expiresAt: expires })
  } catch (error) {
    if (error instanceof AppError && error.code === 'not-found')
      return backTo(c, instrument.id, { err: 'staff-no-such-user' })
    return failed(c, instrument.id, error)
  }
  return backTo(c, instrument.id, { msg: 'msg.staff.qualificationGranted' })
})

adminInstrumentPages.post('/admin/instruments/:id/qualifications/:userId/delete', async (c) => {
  const user = requireUser(c, ...ADMIN_ROLES)
  const id = c.req.param('id')
  try {
    await revokeQualification(c.var.deps, user, id, c.req.param('userId'))
  } catch (error) {
    return failed(c, id, error)
  }
  return backTo(c, id, { msg: 'msg.staff.qualificationRevoked' })
})
