import type { Db } from '../db/database.js'

export interface StoredResponse {
  requestHash: string
  status: number | null
  body: string | null
  createdAt: number
}

/** Claims a key for a first request; false when the caller has used it already. */
export async function claimKey(
  db: Db,
  userId: string,
  key: string,
  requestHash: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({ user_id: userId, key, request_hash: requestHash, status: null, body: null, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

export async function findKey(db: Db, userId: string, key: string): Promise<StoredResponse | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'body', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row ? { requestHash: row.request_hash, status: row.status, body: row.body, createdAt: row.created_at } : null
}

export async function storeResponse(db: Db, userId: string, key: string, status: number, body: string) {
  await db
    .updateTable('idempotency_keys')
    .set({ status, body })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute()
}

export async function releaseKey(db: Db, userId: string, key: string) {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute()
}

export async function deleteKeysBefore(db: Db, before: number) {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute()
}
