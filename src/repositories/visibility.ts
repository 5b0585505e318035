import { type Expression, expressionBuilder, type SqlBool } from 'kysely'
import type { Database } from '../db/database.js'

/** Who a list is for: their own rows, plus, for an institute admin, every row on their institution's instruments. */
export interface VisibleTo {
  userId: string
  adminOfInstitutionId: string | null
}

/**
 * The visibility condition of reservations and orders alike, given the row's user and instrument columns
 * (`eb.ref('r.user_id')`): the rule is one, whichever table it filters.
 */
export function visibleRows(
  visible: VisibleTo,
  user: Expression<string>,
  instrument: Expression<string>,
): Expression<SqlBool> {
  const eb = expressionBuilder<Database, 'instruments'>()
  const own = eb(user, '=', visible.userId)
  if (!visible.adminOfInstitutionId) return own
  const administered = eb
    .selectFrom('instruments')
    .select('instruments.id')
    .where('instruments.institution_id', '=', visible.adminOfInstitutionId)
  return eb.or([own, eb(instrument, 'in', administered)])
}
