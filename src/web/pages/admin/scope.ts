import type { Institution, User } from '../../../domain/types.js'
import { administeredInstitution } from '../../../services/directory.js'
import type { WebContext } from '../../env.js'

/** The institution the page is about: an institute admin's own; for a platform admin the one asked for. */
export const institutionInScope = (c: WebContext, user: User, asked: string | undefined): Promise<Institution | null> =>
  administeredInstitution(c.var.deps, user, asked)

/** Where the admin pages of an institution live for this user (a platform admin carries the institution). */
export const adminHref = (user: User, institutionId: string, path = '/admin') =>
  user.role === 'platform_admin' ? `${path}?institution=${encodeURIComponent(institutionId)}` : path
