/** Empties every table of the app (not the migrations' bookkeeping) in one D1 batch. */
export async function emptyDatabase(d1: D1Database) {
  const { results } = await d1
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'd1_migrations'
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`,
    )
    .all<{ name: string }>()
  await d1.batch([
    d1.prepare('PRAGMA defer_foreign_keys = on'),
    ...results.map((table) => d1.prepare(`DELETE FROM "${table.name}"`)),
  ])
}
