import type { Institution, InstitutionKind, Role, User } from '../domain/types.js'
import { AppError, forbidden, invalid, notFound } from '../errors.js'
import type { Deps } from '../http/env.js'
import { cityExists, findInstitution, insertCity, insertInstitution } from '../repositories/institutions.js'
import { findUserByEmail, findUserById, insertUser, updateUser } from '../repositories/users.js'
import { hashPassword } from '../security/password.js'
import { newId, randomSecret } from '../security/tokens.js'

/** Cities, institutions and accounts: who may create whom. */

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

export async function changeUser(
  { db }: Deps,
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
  await updateUser(db, id, changes)
  return { ...user, ...changes }
}
