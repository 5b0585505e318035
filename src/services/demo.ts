import type { Deps } from './deps.js'

/**
 * The demo's accounts all end in this domain (seed/data/accounts.ts): `.yz` is no real top-level domain, so no
 * real account can have it, and a database with an active one of them holds accounts with a published password.
 */
export const DEMO_EMAIL_DOMAIN = 'demo.yz'

/**
 * Whether demo accounts can still sign in here: every page then says so (README "Demo data"), so a demo is never
 * mistaken for the real platform. Read for each page: a scan of the accounts, which stop at the first match.
 */
export async function demoAccountsActive({ db }: Pick<Deps, 'db'>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('active', '=', 1)
    .where('email', 'like', `%@${DEMO_EMAIL_DOMAIN}`)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
