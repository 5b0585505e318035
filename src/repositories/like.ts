import { type Expression, type SqlBool, sql } from 'kysely'

/** `column LIKE '%text%'` with %, _ and \ in the text taken literally (SQLite and D1 need the ESCAPE clause). */
export function contains(column: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
  return sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`
}
