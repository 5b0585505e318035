import { Hono } from 'hono'
import { INSTITUTION_KINDS, ROLES } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import {
  ACCOUNTS_SHOWN,
  changeUser,
  createCity,
  createInstitution,
  createUser,
  listCities,
  listInstitutions,
  searchAccounts,
} from '../../services/directory.js'
import { CityInput, InstitutionInput, NewUserInput } from '../../services/inputs/directory.js'
import type { Ui, WebContext, WebEnv } from '../env.js'
import { errorText } from '../errors.js'
import { DataTable, Notice, PostForm, page } from '../layout.js'
import { formFields, redirectWith, requireUser } from '../routes-kit.js'

/*
 * 平台管理 /platform (platform admin): cities, institutions and accounts of every role. Each form calls the
 * directory service the API calls; the service decides who may and what is a duplicate.
 */

type Section = 'city' | 'institution' | 'user'
interface FormState {
  section: Section
  values: Record<string, string>
  error: string
}

function FormError({ state, section }: { state?: FormState; section: Section }) {
  return state?.section === section ? <Notice kind="error">{state.error}</Notice> : null
}

async function renderPlatform(c: WebContext, state?: FormState, status?: 400 | 404 | 409) {
  const ui = c.var.ui
  const { deps } = c.var
  const q = (c.req.query('q') ?? '').trim().slice(0, 100)
  const [cities, institutions, users] = await Promise.all([
    listCities(deps),
    listInstitutions(deps),
    searchAccounts(deps, ui.user!, q),
  ])
  const institutionName = new Map(institutions.map((i) => [i.id, i.name]))
  const cityName = new Map(cities.map((city) => [city.code, city.name]))
  const v = (section: Section, name: string, fallback = '') =>
    state?.section === section ? (state.values[name] ?? fallback) : fallback
  return page(c, {
    title: ui.t('staff.platform.title'),
    status,
    body: (
      <>
        <h1>{ui.t('staff.platform.title')}</h1>
        <p class="actions">
          <a href="/admin">{ui.t('staff.platform.toAdmin')}</a>
          <a href="/dashboard">{ui.t('nav.dashboard')}</a>
        </p>

        <section aria-labelledby="users-h">
          <h2 id="users-h">{ui.t('staff.platform.users')}</h2>
          <h3 id="new-user-h">{ui.t('staff.platform.newUser')}</h3>
          <FormError state={state} section="user" />
          <PostForm ui={ui} action="/platform/users" class="stack">
            <div class="filters">
              <div>
                <label for="u-email">{ui.t('login.email')}</label>
                <input id="u-email" name="email" type="email" required maxlength={254} value={v('user', 'email')} />
              </div>
              <div>
                <label for="u-name">{ui.t('staff.field.personName')}</label>
                <input id="u-name" name="name" required maxlength={100} value={v('user', 'name')} />
              </div>
              <div>
                <label for="u-password">{ui.t('login.password')}</label>
                <input
                  id="u-password"
                  name="password"
                  type="password"
                  required
                  minlength={8}
                  autocomplete="new-password"
                />
              </div>
              <div>
                <label for="u-role">{ui.t('staff.col.role')}</label>
                <select id="u-role" name="role">
                  {ROLES.map((role) => (
                    <option value={role} selected={v('user', 'role', 'researcher') === role}>
                      {ui.t(`role.${role}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label for="u-institution">{ui.t('staff.col.institution')}</label>
                <select id="u-institution" name="institutionId">
                  <option value="">{ui.t('staff.platform.noInstitution')}</option>
                  {institutions.map((i) => (
                    <option value={i.id} selected={v('user', 'institutionId') === i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <p class="hint">{ui.t('staff.platform.passwordHint')}</p>
            <div class="actions">
              <button type="submit">{ui.t('staff.platform.createUser')}</button>
            </div>
          </PostForm>
          <form method="get" action="/platform" class="actions">
            <label for="user-q">{ui.t('staff.platform.findUser')}</label>
            <input id="user-q" name="q" type="search" value={q} />
            <button type="submit" class="secondary">
              {ui.t('catalogue.search')}
            </button>
          </form>
          <DataTable
            columns={[
              ui.t('staff.field.personName'),
              ui.t('login.email'),
              ui.t('staff.col.role'),
              ui.t('staff.col.institution'),
              ui.t('staff.col.account'),
            ]}
          >
            {users.map((u) => (
              <tr>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{ui.t(`role.${u.role}`)}</td>
                <td>{u.institutionId ? (institutionName.get(u.institutionId) ?? '—') : '—'}</td>
                <td>
                  <span class={`badge ${u.active ? 'ok' : 'muted'}`}>
                    {ui.t(u.active ? 'staff.platform.active' : 'staff.platform.inactive')}
                  </span>{' '}
                  {u.id === ui.user?.id ? null : (
                    <PostForm
                      ui={ui}
                      action={`/platform/users/${u.id}/${u.active ? 'deactivate' : 'reactivate'}`}
                      class="inline"
                    >
                      <button type="submit" class={u.active ? 'secondary' : ''}>
                        {ui.t(u.active ? 'staff.platform.deactivate' : 'staff.platform.reactivate')}
                        <span class="visually-hidden">{` ${u.email}`}</span>
                      </button>
                    </PostForm>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          {users.length === ACCOUNTS_SHOWN ? (
            <p class="hint">{ui.t('staff.platform.moreUsers', { n: ACCOUNTS_SHOWN })}</p>
          ) : null}
        </section>

        <section aria-labelledby="institutions-h">
          <h2 id="institutions-h">{ui.t('staff.platform.institutions', { n: institutions.length })}</h2>
          <DataTable
            columns={[
              ui.t('staff.col.institution'),
              ui.t('catalogue.city'),
              ui.t('staff.col.kind'),
              ui.t('staff.col.manage'),
            ]}
          >
            {institutions.map((i) => (
              <tr>
                <td>{i.name}</td>
                <td>{cityName.get(i.city) ?? i.city}</td>
                <td>{ui.t(`staff.kind.${i.kind}`)}</td>
                <td>
                  <a href={`/admin?institution=${i.id}`}>{ui.t('staff.admin.manage')}</a>
                </td>
              </tr>
            ))}
          </DataTable>
          <h3>{ui.t('staff.platform.newInstitution')}</h3>
          <FormError state={state} section="institution" />
          <PostForm ui={ui} action="/platform/institutions" class="stack">
            <div class="filters">
              <div>
                <label for="i-name">{ui.t('staff.field.institutionName')}</label>
                <input id="i-name" name="name" required maxlength={200} value={v('institution', 'name')} />
              </div>
              <div>
                <label for="i-city">{ui.t('catalogue.city')}</label>
                <select id="i-city" name="city">
                  {cities.map((city) => (
                    <option value={city.code} selected={v('institution', 'city') === city.code}>
                      {city.name}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label for="i-kind">{ui.t('staff.col.kind')}</label>
                <select id="i-kind" name="kind">
                  {INSTITUTION_KINDS.map((kind) => (
                    <option value={kind} selected={v('institution', 'kind') === kind}>
                      {ui.t(`staff.kind.${kind}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="actions">
              <button type="submit">{ui.t('staff.platform.addInstitution')}</button>
            </div>
          </PostForm>
        </section>

        <section aria-labelledby="cities-h">
          <h2 id="cities-h">{ui.t('staff.platform.cities')}</h2>
          <ul>
            {cities.map((city) => (
              <li>
                {city.name} <code>{city.code}</code>
              </li>
            ))}
          </ul>
          <FormError state={state} section="city" />
          <PostForm ui={ui} action="/platform/cities" class="stack">
            <div class="filters">
              <div>
                <label for="c-code">{ui.t('staff.field.cityCode')}</label>
                <input
                  id="c-code"
                  name="code"
                  required
                  pattern="[a-z][a-z0-9\-]{1,39}"
                  value={v('city', 'code')}
                  aria-describedby="c-code-hint"
                />
                <p class="hint" id="c-code-hint">
                  {ui.t('staff.field.cityCodeHint')}
                </p>
              </div>
              <div>
                <label for="c-name">{ui.t('staff.field.cityName')}</label>
                <input id="c-name" name="name" required maxlength={100} value={v('city', 'name')} />
              </div>
            </div>
            <div class="actions">
              <button type="submit">{ui.t('staff.platform.addCity')}</button>
            </div>
          </PostForm>
        </section>
      </>
    ),
  })
}

/** Runs a directory service; its AppError becomes a message beside the form, with the values kept. */
async function attempt(c: WebContext, state: Omit<FormState, 'error'>, run: () => Promise<unknown>) {
  try {
    await run()
    return null
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'unauthenticated' || error.code === 'forbidden') throw error
    const status = error.code === 'duplicate' ? 409 : error.code === 'not-found' ? 404 : 400
    return renderPlatform(c, { ...state, error: errorText(c.var.ui, error) }, status)
  }
}

export const platformPages = new Hono<WebEnv>()

platformPages.get('/platform', (c) => {
  requireUser(c, 'platform_admin')
  return renderPlatform(c)
})

platformPages.post('/platform/cities', async (c) => {
  const ui: Ui = c.var.ui
  const user = requireUser(c, 'platform_admin')
  const fields = await formFields(c)
  const values = { code: (fields.code ?? '').trim(), name: (fields.name ?? '').trim() }
  const input = CityInput.safeParse(values)
  if (!input.success)
    return renderPlatform(c, { section: 'city', values, error: ui.t('staff.platform.cityInvalid') }, 400)
  const { code, name } = input.data
  return (
    (await attempt(c, { section: 'city', values }, () => createCity(c.var.deps, user, code, name))) ??
    redirectWith(c, '/platform', { msg: 'msg.staff.cityAdded' })
  )
})

platformPages.post('/platform/institutions', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c, 'platform_admin')
  const fields = await formFields(c)
  const values = {
    name: (fields.name ?? '').trim(),
    city: (fields.city ?? '').trim(),
    kind: (fields.kind ?? '').trim(),
  }
  const input = InstitutionInput.safeParse(values)
  if (!input.success) return renderPlatform(c, { section: 'institution', values, error: ui.t('error.validation') }, 400)
  return (
    (await attempt(c, { section: 'institution', values }, () => createInstitution(c.var.deps, user, input.data))) ??
    redirectWith(c, '/platform', { msg: 'msg.staff.institutionAdded' })
  )
})

platformPages.post('/platform/users', async (c) => {
  const ui = c.var.ui
  const user = requireUser(c, 'platform_admin')
  const fields = await formFields(c)
  const values = {
    email: (fields.email ?? '').trim(),
    name: (fields.name ?? '').trim(),
    role: fields.role ?? '',
    institutionId: fields.institutionId ?? '',
  }
  const input = NewUserInput.safeParse({
    ...values,
    password: fields.password ?? '',
    institutionId: values.institutionId || null,
  })
  if (!input.success) {
    const onlyPassword = input.error.issues.every((issue) => issue.path[0] === 'password')
    const error = ui.t(onlyPassword ? 'staff.platform.passwordHint' : 'error.validation')
    return renderPlatform(c, { section: 'user', values, error }, 400)
  }
  return (
    (await attempt(c, { section: 'user', values }, () => createUser(c.var.deps, user, input.data))) ??
    redirectWith(c, '/platform', { msg: 'msg.staff.userCreated' })
  )
})

platformPages.post('/platform/users/:id/:change{deactivate|reactivate}', async (c) => {
  const user = requireUser(c, 'platform_admin')
  const active = c.req.param('change') === 'reactivate'
  try {
    await changeUser(c.var.deps, user, c.req.param('id'), { active })
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not-found' || error.code === 'last-admin'))
      return redirectWith(c, '/platform', { err: error.code })
    throw error
  }
  return redirectWith(c, '/platform', { msg: active ? 'msg.staff.userReactivated' : 'msg.staff.userDeactivated' })
})
