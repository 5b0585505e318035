import { countActivePlatformAdmins, ensureActivePlatformAdmin } from '../repositories/users.js'
import { hashPassword } from '../security/password.js'
import { newId, randomSecret } from '../security/tokens.js'
import type { Deps } from './deps.js'

/**
 * The first platform admin from the environment, whenever no ACTIVE platform admin exists (API.md "Running"): so the
 * setting also recovers a platform whose admins were all deactivated. An existing account with that e-mail becomes
 * the admin, with the bootstrap password; its old sessions end.
 */
export async function ensureBootstrapAdmin(
  { db, batch, clock }: Deps,
  email: string,
  password: string,
): Promise<boolean> {
  // the hash is slow on purpose: skip it on every start where an admin is there (the write checks again)
  if ((await countActivePlatformAdmins(db)) > 0) return false
  return ensureActivePlatformAdmin(
    db,
    batch,
    {
      id: newId(),
      email,
      name: 'Platform admin',
      role: 'platform_admin',
      institutionId: null,
      passwordHash: await hashPassword(password),
      feedKey: randomSecret(24),
    },
    clock(),
  )
}
