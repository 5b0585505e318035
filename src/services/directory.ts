import type { Institution, InstitutionKind, Role, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import {
  cityExists,
  findInstitution,
  insertCity,
  insertInstitution,
  listCities as readCities,
  listInstitutions as readInstitutions,
} from '../repositories/institutions.js'
import {
  changeUserKeepingAnAdmin,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
} from '../repositories/users.js'
import { hashPassword } from '../security/password.js'
import { newId, randomSecret } from '../security/tokens.js'
import type { Deps } from './deps.js'

/** Cities, institutions and accounts: who may see and create whom. */

/** Every city, by code: anyone may read them. */
export const listCities = ({ db }: Deps) => readCities(db)

/** Every institution (optionally of one city), by city then name: anyone may read them. */
export const listInstitutions = ({ db }: Deps, city?: string) => readInstitutions(db, city)

export async function getInstitution({ db }: Deps, id: string): Promise<Institution> {
  const institution = await findInstitution(db, id)
  if (!institution) throw notFound('Institution')
  return institution
}

export async function createCity({ db }: Deps, actor: User, code: string, name: string) {
  if (actor.role !== 'platform_admin') throw forbidden('Only a platform admin may add a city.')
  if (!(await insertCity(db, code, name))) throw new AppError('duplicate', `The city ${code} exists already.`)
  return { code, name }
}

export async function createInstitution(
  { db }: Deps,
  actor: User,
  input: { name: string; city: string; kind: InstitutionKind },
): Promise<Institution> {
  if (!(await cityExists(db, input.city))) throw invalid('city', `unknown city ${input.city}`)
  if (actor.role !== 'platform_admin') throw forbidden('Only a platform admin may add an institution.')
  const institution = { id: newId(), ...input }
  if (!(await insertInstitution(db, institution)))
    throw new AppError('duplicate', `An institution named ${input.name} exists already.`)
  return institution
}

/** Whether the actor administers the given institution (platform admins administer all). */
export const administers = (actor: User, institutionId: string | null) =>
  actor.role === 'platform_admin' || (actor.role === 'institution_admin' && actor.institutionId === institutionId)

export async function createUser(
  { db, clock }: Deps,
  actor: User,
  input: { email: string; name: string; password: string; role: Role; institutionId: string | null },
): Promise<User> {
  if (input.institutionId !== null && !(await findInstitution(db, input.institutionId)))
    throw notFound(`Institution ${input.institutionId}`)
  if (actor.role !== 'platform_admin') {
    if (actor.role !== 'institution_admin') throw forbidden('Only institute admins create accounts.')
    if (input.role !== 'researcher' || input.institutionId !== actor.institutionId)
      throw forbidden('An institute admin creates researcher accounts of its own institution only.')
  }
  if (input.institutionId === null && input.role !== 'platform_admin')
    throw invalid('institutionId', 'every account except a platform admin belongs to an institution')
  const user: User = {
    id: newId(),
    email: input.email,
    name: input.name,
    role: input.role,
    institutionId: input.institutionId,
    active: true,
    language: 'zh',
  }
  const inserted = await insertUser(
    db,
    { ...user, passwordHash: await hashPassword(input.password), feedKey: randomSecret(24) },
    clock(),
  )
  if (!inserted) throw new AppError('duplicate', 'An account with this e-mail exists already.')
  return user
}

export async function lookUpUserByEmail({ db }: Deps, actor: User, email: string) {
  // A talent office reads everything (API.md), so it may look accounts up too.
  if (actor.role !== 'institution_admin' && actor.role !== 'platform_admin' && actor.role !== 'talent_office')
    throw forbidden('Only institute admins look up accounts.')
  const user = await findUserByEmail(db, email)
  if (!user) throw notFound('User')
  return { id: user.id, name: user.name, institutionId: user.institutionId }
}

/**
 * The institution an admin acts for: an institute admin's own (whatever was asked); for a platform admin the one
 * asked for, or null until one is picked. Anyone else: 403.
 */
export async function administeredInstitution(
  deps: Deps,
  actor: User,
  asked: string | undefined,
): Promise<Institution | null> {
  if (actor.role === 'institution_admin') {
    if (!actor.institutionId) throw forbidden('This admin account belongs to no institution.')
    return getInstitution(deps, actor.institutionId)
  }
  if (actor.role !== 'platform_admin') throw forbidden('Only institute and platform admins manage institutions.')
  return asked ? getInstitution(deps, asked) : null
}

export const ACCOUNTS_SHOWN = 200

/** Accounts of every role, newest first, optionally those whose e-mail or name contains `q` (platform admin). */
export async function searchAccounts({ db }: Deps, actor: User, q: string): Promise<User[]> {
  if (actor.role !== 'platform_admin') throw forbidden('Only a platform admin lists every account.')
  return listUsers(db, q, ACCOUNTS_SHOWN)
}

/**
 * Renames, changes the role of, deactivates or reactivates an account. Deactivating ends its tokens, sessions and
 * calendar feed key; reactivating revives none of them. The last active platform admin can be neither deactivated
 * nor given another role (409 last-admin), whoever asks — itself included.
 */
export async function changeUser(
  { db, batch }: Deps,
  actor: User,
  id: string,
  changes: { name?: string; role?: Role; active?: boolean },
): Promise<User> {
  const user = await findUserById(db, id)
  const mayManage =
    actor.role === 'platform_admin' ||
    (actor.role === 'institution_admin' && user?.institutionId === actor.institutionId)
  // Every institute admin and talent office can find any account (GET /users?email=), so for them it is visible: 403.
  const mayFind = actor.role === 'talent_office' || actor.role === 'institution_admin'
  if (!user || (!mayManage && actor.id !== id && !mayFind)) throw notFound('User')
  if (actor.role !== 'platform_admin') {
    if (!mayManage || user.role !== 'researcher')
      throw forbidden('An institute admin manages the researchers of its own institution only.')
    if (changes.role !== undefined && changes.role !== 'researcher')
      throw forbidden('Only a platform admin may give an account another role.')
  }
  if (!(await changeUserKeepingAnAdmin(db, batch, id, changes, randomSecret(24))))
    throw new AppError(
      'last-admin',
      'This is the last active platform admin: make another account a platform admin first.',
    )
  return { ...user, ...changes }
}
