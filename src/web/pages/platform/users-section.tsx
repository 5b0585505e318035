import { type Institution, ROLES, type User } from '../../../domain/types.js'
import { ACCOUNTS_SHOWN } from '../../../services/directory.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { type FormState, valueIn } from './form-state.js'

/** 账号: create an account of any role, find accounts, and (de)activate them. */
export function UsersSection(props: {
  ui: Ui
  users: User[]
  institutions: Institution[]
  q: string
  state?: FormState
}) {
  const { ui, users } = props
  const institutionName = new Map(props.institutions.map((i) => [i.id, i.name]))
  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{ui.t('staff.platform.users')}</h2>
      <h3 id="new-user-h">{ui.t('staff.platform.newUser')}</h3>
      <NewUserForm ui={ui} institutions={props.institutions} state={props.state} />
      <form method="get" action="/platform" class="inline-form">
        <Field
          id="user-q"
          name="q"
          type="search"
          label={ui.t('staff.platform.findUser')}
          value={props.q}
          class="inline"
        />
        <button type="submit" class="secondary">
          {ui.t('catalogue.search')}
        </button>
      </form>
      <DataTable
        rows={users}
        columns={[
          { label: ui.t('staff.field.personName'), cell: (u) => u.name },
          { label: ui.t('login.email'), cell: (u) => u.email },
          { label: ui.t('staff.col.role'), cell: (u) => ui.t(`role.${u.role}`) },
          {
            label: ui.t('staff.col.institution'),
            cell: (u) => (u.institutionId ? (institutionName.get(u.institutionId) ?? '—') : '—'),
          },
          { label: ui.t('staff.col.account'), cell: (u) => <AccountState ui={ui} user={u} /> },
        ]}
      />
      {users.length === ACCOUNTS_SHOWN ? (
        <p class="hint">{ui.t('staff.platform.moreUsers', { n: ACCOUNTS_SHOWN })}</p>
      ) : null}
    </section>
  )
}

function AccountState({ ui, user }: { ui: Ui; user: User }) {
  return (
    <>
      <span class={`badge ${user.active ? 'ok' : 'muted'}`}>
        {ui.t(user.active ? 'staff.platform.active' : 'staff.platform.inactive')}
      </span>{' '}
      {user.id === ui.user?.id ? null : (
        <PostForm
          ui={ui}
          action={`/platform/users/${user.id}/${user.active ? 'deactivate' : 'reactivate'}`}
          class="inline"
        >
          <button type="submit" class={user.active ? 'secondary' : ''}>
            {ui.t(user.active ? 'staff.platform.deactivate' : 'staff.platform.reactivate')}
            <span class="visually-hidden">{` ${user.email}`}</span>
          </button>
        </PostForm>
      )}
    </>
  )
}

function NewUserForm({ ui, institutions, state }: { ui: Ui; institutions: Institution[]; state?: FormState }) {
  const v = (name: string, fallback = '') => valueIn(state, 'user', name, fallback)
  return (
    <>
      {state?.section === 'user' ? <Notice kind="error">{state.error}</Notice> : null}
      <PostForm ui={ui} action="/platform/users" class="stack">
        <div class="filters">
          <Field
            id="u-email"
            name="email"
            type="email"
            label={ui.t('login.email')}
            required
            value={v('email')}
            attrs={{ maxlength: 254 }}
          />
          <Field
            id="u-name"
            name="name"
            label={ui.t('staff.field.personName')}
            required
            value={v('name')}
            attrs={{ maxlength: 100 }}
          />
          <Field
            id="u-password"
            name="password"
            type="password"
            label={ui.t('login.password')}
            required
            attrs={{ minlength: 8, autocomplete: 'new-password' }}
          />
          <Field
            id="u-role"
            name="role"
            type="select"
            label={ui.t('staff.col.role')}
            value={v('role', 'researcher')}
            options={ROLES.map((role) => ({ value: role, label: ui.t(`role.${role}`) }))}
          />
          <Field
            id="u-institution"
            name="institutionId"
            type="select"
            label={ui.t('staff.col.institution')}
            value={v('institutionId')}
            options={[
              { value: '', label: ui.t('staff.platform.noInstitution') },
              ...institutions.map((i) => ({ value: i.id, label: i.name })),
            ]}
          />
        </div>
        <p class="hint">{ui.t('staff.platform.passwordHint')}</p>
        <div class="actions">
          <button type="submit">{ui.t('staff.platform.createUser')}</button>
        </div>
      </PostForm>
    </>
  )
}
