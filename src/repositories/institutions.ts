import type { Db } from '../db/database.js'
import type { Institution, InstitutionKind } from '../domain/types.js'

export async function listCities(db: Db) {
  return db.selectFrom('cities').select(['code', 'name']).orderBy('code').execute()
}

export async function cityExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('cities').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
}

/** false when the code exists already (checked and written in one statement). */
export async function insertCity(db: Db, code: string, name: string): Promise<boolean> {
  const result = await db
    .insertInto('cities')
    .values({ code, name })
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

const toInstitution = (row: { id: string; name: string; city: string; kind: string }): Institution => ({
  ...row,
  kind: row.kind as InstitutionKind,
})

export async function listInstitutions(db: Db, city?: string): Promise<Institution[]> {
  let query = db.selectFrom('institutions').select(['id', 'name', 'city', 'kind']).orderBy('city').orderBy('name')
  if (city) query = query.where('city', '=', city)
  return (await query.execute()).map(toInstitution)
}

export async function findInstitution(db: Db, id: string): Promise<Institution | null> {
  const row = await db
    .selectFrom('institutions')
    .select(['id', 'name', 'city', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toInstitution(row) : null
}

export async function insertInstitution(db: Db, institution: Institution): Promise<boolean> {
  const result = await db
    .insertInto('institutions')
    .values(institution)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}
