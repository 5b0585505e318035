import type { Db } from '../db/database.js'
import type { NationalMeans } from '../domain/evaluation-means.js'

/** Every year's national means, oldest first (a row a year: a few dozen at most). */
export async function listNationalMeans(db: Db): Promise<NationalMeans[]> {
  const rows = await db
    .selectFrom('evaluation_means')
    .select(['year', 'effective_hours', 'external_hours'])
    .orderBy('year')
    .execute()
  return rows.map((row) => ({ year: row.year, effectiveHours: row.effective_hours, externalHours: row.external_hours }))
}

/** Sets the means of `year` (insert or replace, in one statement), remembering who set them and when. */
export async function setNationalMeans(db: Db, means: NationalMeans, userId: string | null, now: number) {
  const values = {
    effective_hours: means.effectiveHours,
    external_hours: means.externalHours,
    set_by: userId,
    set_at: now,
  }
  await db
    .insertInto('evaluation_means')
    .values({ year: means.year, ...values })
    .onConflict((oc) => oc.column('year').doUpdateSet(values))
    .execute()
}
