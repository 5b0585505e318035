import type { Child } from 'hono/jsx'

/*
 * The pages' one table. Numbers stay in sight at every width: a numeric column is right-aligned, as narrow as its
 * figures and never wrapped, while names wrap; on a phone a table of records stacks each row into a small card
 * (each cell prefixed with its column's name), while a narrow table (a name and its figures) stays a table.
 */

export interface Column<Row> {
  label: string
  cell: (row: Row) => Child
  /** a count: right-aligned, kept to the width of its figures */
  numeric?: boolean
  /** the cell that names its row: a `<th scope="row">` */
  rowHeader?: boolean
  /** buttons or forms: stacked without the column's name in front */
  actions?: boolean
}

export function DataTable<Row>(props: {
  columns: readonly Column<Row>[]
  rows: readonly Row[]
  /** the `id` of each `<tr>`, for links and tests */
  rowId?: (row: Row) => string
  /**
   * on a phone: each row a card, a cell a line (the default); a card whose cells sit side by side (`lines`, for a
   * row of small inputs); or a `table` still, for a few narrow columns (a name and its figures)
   */
  phone?: 'cards' | 'lines' | 'table'
}) {
  const { columns } = props
  const phone = props.phone ?? 'cards'
  const cards = phone !== 'table'
  return (
    <div class="scroll">
      <table class={phone === 'table' ? 'data' : phone === 'lines' ? 'data stack lines' : 'data stack'}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.numeric ? 'num' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr id={props.rowId?.(row)}>
              {columns.map((column) => {
                const label = cards && !column.actions ? column.label : undefined
                const numeric = column.numeric ? 'num' : undefined
                return column.rowHeader ? (
                  <th scope="row" class={numeric} data-label={label}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td class={numeric} data-label={label}>
                    {column.cell(row)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
