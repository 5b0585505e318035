import { statusOf } from '../../../http/problem.js'
import {
  changeUser,
  createCity,
  createInstitution,
  createUser,
  listCities,
  listInstitutions,
  searchAccounts,
} from '../../../services/directory.js'
import { CityInput, InstitutionInput, NewUserInput } from '../../../services/inputs/directory.js'
import { operationsOverview } from '../../../services/operations.js'
import type { WebContext } from '../../env.js'
import { errorText } from '../../errors.js'
import { page } from '../../layout.js'
import { flashTo, onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, requireUser } from '../../routes-kit.js'
import type { FormState } from './form-state.js'
import { OperationsBody } from './operations-page.js'
import { CitiesSection, InstitutionsSection } from './places-sections.js'
import { UsersSection } from './users-section.js'

/*
 * 平台管理 /platform (platform admin): cities, institutions and accounts of every role. Each form calls the
 * directory service the API calls; the service decides who may and what is a duplicate.
 */

async function renderPlatform(c: WebContext, state?: FormState, status?: 400 | 404 | 409) {
  const { ui, deps } = c.var
  const q = (c.req.query('q') ?? '').trim().slice(0, 100)
  const [cities, institutions, users] = await Promise.all([
    listCities(deps),
    listInstitutions(deps),
    searchAccounts(deps, ui.user!, q),
  ])
  return page(c, {
    title: ui.t('staff.platform.title'),
    status,
    body: (
      <>
        <h1>{ui.t('staff.platform.title')}</h1>
        <p class="actions">
          <a href="/admin">{ui.t('staff.platform.toAdmin')}</a>
          <a href="/dashboard">{ui.t('nav.dashboard')}</a>
          <a href="/platform/operations">{ui.t('ops.link')}</a>
        </p>
        <UsersSection ui={ui} users={users} institutions={institutions} q={q} state={state} />
        <InstitutionsSection ui={ui} institutions={institutions} cities={cities} state={state} />
        <CitiesSection ui={ui} cities={cities} state={state} />
      </>
    ),
  })
}

/** A refusal of the directory service: the page again, the message beside the form and its values kept. */
const refusedAs = (c: WebContext, state: Omit<FormState, 'error'>) =>
  onRefusal(
    c,
    (error) => renderPlatform(c, { ...state, error: errorText(c.var.ui, error) }, statusOf(error.code) as 400),
    ['unauthenticated', 'forbidden'],
  )

export const platformRoutes = pagesApp()

platformRoutes.get('/platform', (c) => {
  requireUser(c, 'platform_admin')
  return renderPlatform(c)
})

platformRoutes.get('/platform/operations', async (c) => {
  const user = requireUser(c, 'platform_admin')
  const overview = await operationsOverview(c.var.deps, user, c.var.runtime)
  return page(c, { title: c.var.ui.t('ops.title'), body: <OperationsBody ui={c.var.ui} o={overview} /> })
})

platformRoutes.post('/platform/cities', async (c) => {
  const user = requireUser(c, 'platform_admin')
  const fields = await formFields(c)
  const values = { code: (fields.code ?? '').trim(), name: (fields.name ?? '').trim() }
  const input = CityInput.safeParse(values)
  if (!input.success)
    return renderPlatform(c, { section: 'city', values, error: c.var.ui.t('staff.platform.cityInvalid') }, 400)
  refusedAs(c, { section: 'city', values })
  await createCity(c.var.deps, user, input.data.code, input.data.name)
  return redirectWith(c, '/platform', { msg: 'msg.staff.cityAdded' })
})

platformRoutes.post('/platform/institutions', async (c) => {
  const user = requireUser(c, 'platform_admin')
  const fields = await formFields(c)
  const values = {
    name: (fields.name ?? '').trim(),
    city: (fields.city ?? '').trim(),
    kind: (fields.kind ?? '').trim(),
  }
  const input = InstitutionInput.safeParse(values)
  if (!input.success)
    return renderPlatform(c, { section: 'institution', values, error: c.var.ui.t('error.validation') }, 400)
  refusedAs(c, { section: 'institution', values })
  await createInstitution(c.var.deps, user, input.data)
  return redirectWith(c, '/platform', { msg: 'msg.staff.institutionAdded' })
})

platformRoutes.post('/platform/users', async (c) => {
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
    const error = c.var.ui.t(onlyPassword ? 'staff.platform.passwordHint' : 'error.validation')
    return renderPlatform(c, { section: 'user', values, error }, 400)
  }
  refusedAs(c, { section: 'user', values })
  await createUser(c.var.deps, user, input.data)
  return redirectWith(c, '/platform', { msg: 'msg.staff.userCreated' })
})

platformRoutes.post('/platform/users/:id/:change{deactivate|reactivate}', async (c) => {
  const user = requireUser(c, 'platform_admin')
  const active = c.req.param('change') === 'reactivate'
  const unknown = flashTo(c, '/platform')
  onRefusal(c, (error) => (error.code === 'not-found' || error.code === 'last-admin' ? unknown(error) : null))
  await changeUser(c.var.deps, user, c.req.param('id'), { active })
  return redirectWith(c, '/platform', { msg: active ? 'msg.staff.userReactivated' : 'msg.staff.userDeactivated' })
})
