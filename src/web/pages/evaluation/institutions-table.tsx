import type { InstitutionFigures } from '../../../domain/evaluation/figures.js'
import { compareText } from '../../../domain/sharing/counting.js'
import { type Column, DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import type { Ui } from '../../env.js'
import type { MessageKey } from '../../i18n/index.js'
import { hoursShown, rateShown, yuanShown } from './format.js'

/*
 * Every institution's figures in one table, sorted on the server by `?sort=<column>&dir=asc|desc` so that sorting
 * works without JavaScript: each column head is a link to the page sorted by it (again: the other way round).
 */

export interface InstitutionRow extends InstitutionFigures {
  name: string
  city: string
}

type Value = (row: InstitutionRow) => string | number | null

const SORTS = {
  name: (r) => r.name,
  city: (r) => r.city,
  largeInstruments: (r) => r.largeInstruments,
  openRate: (r) => r.openRate,
  effectiveHours: (r) => r.effectiveHours,
  externalHours: (r) => r.externalHours,
  shareRate: (r) => r.shareRate,
  income: (r) => r.incomeFen.internal + r.incomeFen.external,
  userInstitutions: (r) => r.userInstitutions,
  flagged: (r) => r.flaggedInstruments,
} as const satisfies Record<string, Value>
export type InstitutionSort = keyof typeof SORTS
/** The columns' keys, in the table's order. */
const SORT_KEYS = Object.keys(SORTS) as InstitutionSort[]
export interface SortOrder {
  key: InstitutionSort
  dir: 'asc' | 'desc'
}

const isSort = (value: string | undefined): value is InstitutionSort =>
  value !== undefined && Object.hasOwn(SORTS, value)
const TEXT_SORTS: readonly InstitutionSort[] = ['name', 'city']

/** The order asked for; by name when none (or nonsense) is asked. */
export function parseSortOrder(sort: string | undefined, dir: string | undefined): SortOrder {
  if (!isSort(sort)) return { key: 'name', dir: 'asc' }
  return { key: sort, dir: dir === 'desc' ? 'desc' : dir === 'asc' ? 'asc' : defaultDir(sort) }
}

/** Names A→Z first; figures largest first. */
const defaultDir = (key: InstitutionSort): SortOrder['dir'] => (TEXT_SORTS.includes(key) ? 'asc' : 'desc')

/** Rows in the order asked for: undefined figures (no large instrument) always last, ties by name, then id. */
export function sortInstitutions(rows: readonly InstitutionRow[], order: SortOrder): InstitutionRow[] {
  const value: Value = SORTS[order.key]
  const sign = order.dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1
    } else if (x !== y) return sign * (typeof x === 'string' ? compareText(x, String(y)) : x - Number(y))
    return compareText(a.name, b.name) || compareText(a.institutionId, b.institutionId)
  })
}

export function InstitutionsTable(props: {
  ui: Ui
  rows: readonly InstitutionRow[]
  order: SortOrder
  /** the page that shows the table, the parameters it keeps (the year), and the table's anchor on it */
  path: string
  params: Record<string, string>
  anchor: string
}) {
  const { ui, order } = props
  const href = (next: SortOrder) =>
    `${props.path}?${new URLSearchParams({ ...props.params, sort: next.key, dir: next.dir })}#${props.anchor}`
  const column = (
    key: InstitutionSort,
    label: MessageKey,
    cell: Column<InstitutionRow>['cell'],
    extra: Partial<Column<InstitutionRow>> = {},
  ): Column<InstitutionRow> => {
    const active = order.key === key
    const next: SortOrder = { key, dir: active ? (order.dir === 'asc' ? 'desc' : 'asc') : defaultDir(key) }
    const text = ui.t(label)
    return {
      label: text,
      cell,
      sorted: active ? (order.dir === 'asc' ? 'ascending' : 'descending') : undefined,
      head: (
        <a href={href(next)} title={ui.t('eval.sortBy', { column: text })} data-sort={key}>
          {text}
          {active ? (
            <>
              <span aria-hidden="true">{order.dir === 'asc' ? ' ▲' : ' ▼'}</span>
              <span class="visually-hidden">{ui.t(order.dir === 'asc' ? 'eval.sortedAsc' : 'eval.sortedDesc')}</span>
            </>
          ) : null}
        </a>
      ),
      ...extra,
    }
  }
  const columns = [
    column('name', 'eval.col.institution', (r) => r.name, { rowHeader: true }),
    column('city', 'eval.col.city', (r) => <span class="nowrap">{r.city}</span>),
    column('largeInstruments', 'eval.col.large', (r) => r.largeInstruments, { numeric: true }),
    column('openRate', 'eval.col.openRate', (r) => rateShown(r.openRate), { numeric: true }),
    column('effectiveHours', 'eval.col.effective', (r) => hoursShown(r.effectiveHours), { numeric: true }),
    column('externalHours', 'eval.col.external', (r) => hoursShown(r.externalHours), { numeric: true }),
    column('shareRate', 'eval.col.shareRate', (r) => rateShown(r.shareRate), { numeric: true }),
    column('income', 'eval.col.income', (r) => yuanShown(r.incomeFen.internal + r.incomeFen.external), {
      numeric: true,
    }),
    column('userInstitutions', 'eval.col.users', (r) => `${r.userInstitutions} (${r.enterprises})`, {
      numeric: true,
    }),
    column('flagged', 'eval.col.flagged', (r) => r.flaggedInstruments, { numeric: true }),
  ]
  return (
    <>
      {/* a phone stacks the rows into cards and hides the column heads: the same sorting as a form */}
      <form method="get" action={`${props.path}#${props.anchor}`} class="inline-form phone-only">
        {Object.entries(props.params).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <Field
          id="evaluation-sort"
          name="sort"
          type="select"
          label={ui.t('eval.sort')}
          value={order.key}
          options={columns.map((c, i) => ({ value: SORT_KEYS[i] ?? 'name', label: c.label }))}
        />
        <Field
          id="evaluation-dir"
          name="dir"
          type="select"
          label={ui.t('eval.sortDir')}
          value={order.dir}
          options={[
            { value: 'asc', label: ui.t('eval.sortAsc') },
            { value: 'desc', label: ui.t('eval.sortDesc') },
          ]}
        />
        <button type="submit" class="secondary">
          {ui.t('eval.sortSubmit')}
        </button>
      </form>
      <DataTable
        rows={sortInstitutions(props.rows, order)}
        rowId={(row) => `evaluation-institution-${row.institutionId}`}
        columns={columns}
      />
    </>
  )
}
