import type { User } from '../domain/types.js'

/**
 * The users of recently seen bearer tokens, kept by one server process so that a request need not look its
 * token up (hash, join, map) every time. Safe because an entry is used only while the database's revocation
 * counter (schema/0003 `auth_epoch`) still has the value read before the entry was looked up: every logout,
 * password change, deactivation or other change of a user moves it, in every process sharing the file, so
 * a revoked token fails on the very next request anywhere. The token's own expiry is checked on every use.
 */
export interface IdentityCache {
  get(token: string): CachedIdentity | undefined
  set(token: string, identity: CachedIdentity): void
  delete(token: string): void
}

export interface CachedIdentity {
  user: User
  expiresAt: number
  /** the revocation counter read before the user was looked up */
  epoch: number
}

/** A bounded map; when full, the entry set longest ago goes first. */
export function createIdentityCache(maxEntries = 10_000): IdentityCache {
  const entries = new Map<string, CachedIdentity>()
  return {
    get: (token) => entries.get(token),
    set(token, identity) {
      entries.delete(token)
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(token, identity)
    },
    delete: (token) => {
      entries.delete(token)
    },
  }
}
