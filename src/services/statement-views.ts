import { monthIsOpen, parseMonth } from '../domain/money/months.js'
import {
  nextStatementStatus,
  STATEMENT_ACTIONS,
  type StatementAction,
  type StatementStatus,
  statementSide,
} from '../domain/money/statements.js'
import type { Institution, User } from '../domain/types.js'
import { listInstitutions } from '../repositories/institutions.js'
import { listUsersByIds } from '../repositories/users.js'
import type { Deps } from './deps.js'
import { administers } from './directory.js'
import { keysetPage } from './paging.js'
import { findStatements, getStatement, type StatementView } from './statements.js'

/*
 * What the statement pages need beyond the API's reads: a list filtered by "the other institution" and by which side
 * the admin's institution is on (the API filters by provider and payer), and one statement with both institutions,
 * the names of those who moved it, and the moves this user may make now — the same rules actOnStatement enforces.
 */

export const STATEMENT_SIDES = ['provider', 'payer'] as const
export type StatementSide = (typeof STATEMENT_SIDES)[number]

export interface StatementListQuery {
  month?: string
  status?: StatementStatus
  /** an admin: the other institution, and which side its own is on (either, when not given) */
  counterpartId?: string
  side?: StatementSide
  /** talent offices and platform admins: any provider and payer */
  providerInstitutionId?: string
  payerInstitutionId?: string
  cursor?: string
  limit?: number
}

const byMonthThenId = (a: StatementView, b: StatementView) =>
  b.monthOrd - a.monthOrd || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * Statements for the list page, latest month first, a page at a time (the API's cursor). An institute admin sees
 * those with its institution on either side, narrowed to one side and one other institution when asked.
 */
export async function statementList(deps: Deps, actor: User, query: StatementListQuery) {
  const monthOrd = query.month === undefined ? undefined : (parseMonth(query.month) ?? undefined)
  const own = actor.role === 'institution_admin' ? actor.institutionId : null
  const filters = own
    ? (query.side === undefined ? STATEMENT_SIDES : [query.side]).map((side) =>
        side === 'provider'
          ? { providerInstitutionId: own, payerInstitutionId: query.counterpartId }
          : { providerInstitutionId: query.counterpartId, payerInstitutionId: own },
      )
    : [{ providerInstitutionId: query.providerInstitutionId, payerInstitutionId: query.payerInstitutionId }]
  const { page, nextCursor } = await keysetPage(
    query,
    'number',
    (s: StatementView) => [s.monthOrd, s.id] as const,
    async (after, limit) => {
      const lists = await Promise.all(
        // an admin's own internal statement is on both sides: asked for both, it is read once
        filters.map((filter, i) =>
          findStatements(deps, actor, {
            ...filter,
            monthOrd,
            status: query.status,
            after: after && { monthOrd: after[0], id: after[1] },
            limit,
          }).then((list) => (i > 0 ? list.filter((s) => s.providerInstitutionId !== s.payerInstitutionId) : list)),
        ),
      )
      return lists.flat().sort(byMonthThenId).slice(0, limit)
    },
  )
  return { items: page, nextCursor }
}

/** The institutions statements name, by id, for the filters and the tables. */
export const institutionsById = async (deps: Deps) =>
  new Map((await listInstitutions(deps.db)).map((i) => [i.id, i] as const))

/** Whether `actor` may make `action` on the statement now (side and state); issuing an open month is still offered. */
export function mayMove(actor: User, statement: StatementView, action: StatementAction): boolean {
  const side = statementSide(action)
  const institution = side === 'provider' ? statement.providerInstitutionId : statement.payerInstitutionId
  return administers(actor, institution) && nextStatementStatus(statement.status, action) !== null
}

export interface StatementPage {
  statement: StatementView
  provider: Institution | undefined
  payer: Institution | undefined
  /** the names of the people in its history */
  actors: Map<string, string>
  /** the moves this user may make now */
  moves: StatementAction[]
  /** the month has not ended: issuing is refused (422 month-open) until it has */
  monthOpen: boolean
}

/** One statement for its page: 404 unless the actor may see it (getStatement), with what the page shows around it. */
export async function statementPage(deps: Deps, actor: User, id: string): Promise<StatementPage> {
  const statement = await getStatement(deps, actor, id)
  const actorIds = [...new Set(statement.history.flatMap((e) => (e.actorId ? [e.actorId] : [])))]
  const [institutions, people] = await Promise.all([institutionsById(deps), listUsersByIds(deps.db, actorIds)])
  return {
    statement,
    provider: institutions.get(statement.providerInstitutionId),
    payer: institutions.get(statement.payerInstitutionId),
    actors: new Map(people.map((p) => [p.id, p.name])),
    moves: STATEMENT_ACTIONS.filter((action) => mayMove(actor, statement, action)),
    monthOpen: monthIsOpen(statement.monthOrd, deps.clock()),
  }
}
