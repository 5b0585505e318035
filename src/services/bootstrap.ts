import { countPlatformAdmins, insertUser } from '../repositories/users.js'
import { hashPassword } from '../security/password.js'
import { newId, randomSecret } from '../security/tokens.js'
import type { Deps } from './deps.js'

/** Creates the first platform admin from the environment when none exists yet (API.md "Running"). */
export async function ensureBootstrapAdmin({ db, clock }: Deps, email: string, password: string): Promise<boolean> {
  if ((await countPlatformAdmins(db)) > 0) return false
  return insertUser(
    db,
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
