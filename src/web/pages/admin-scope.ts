import type { User } from '../../domain/types.js'
import { forbidden, notFound } from '../../errors.js'
import { findInstitution } from '../../repositories/institutions.js'
import { listInstruments } from '../../repositories/instruments.js'
import type { WebContext } from '../env.js'

/** The institution the page is about: an institute admin's own; for a platform admin the one asked for. */
export async function institutionInScope(c: WebContext, user: User, asked: string | undefined) {
  const { db } = c.var.deps
  if (user.role === 'institution_admin') {
    if (!user.institutionId) throw forbidden('This admin account belongs to no institution.')
    const own = await findInstitution(db, user.institutionId)
    if (!own) throw notFound('Institution')
    return own
  }
  if (!asked) return null
  const institution = await findInstitution(db, asked)
  if (!institution) throw notFound('Institution')
  return institution
}

/** Where the admin pages of an institution live for this user (a platform admin carries the institution). */
export const adminHref = (user: User, institutionId: string, path = '/admin') =>
  user.role === 'platform_admin' ? `${path}?institution=${encodeURIComponent(institutionId)}` : path

export const institutionInstruments = (c: WebContext, institutionId: string) =>
  listInstruments(c.var.deps.db, {
    institutionId,
    statuses: ['active', 'maintenance', 'retired'],
    limit: 1000,
  })
