import { DataTable } from '../../components/data-table.js'
import { categoryName, count, type DashboardData } from './figures.js'

const TOP = 10

/** The institutions whose instruments were shared most, and the categories most shared. */
export function TopTables({ data }: { data: DashboardData }) {
  const { ui, stats } = data
  return (
    <div class="layout-2">
      <section aria-labelledby="institutions-h">
        <h2 id="institutions-h">{ui.t('staff.dash.topInstitutions')}</h2>
        {stats.byInstitution.length === 0 ? (
          <p class="muted">{ui.t('common.none')}</p>
        ) : (
          <DataTable
            phone="table"
            rows={stats.byInstitution.slice(0, TOP)}
            columns={[
              {
                label: ui.t('staff.col.institution'),
                rowHeader: true,
                cell: (row) => data.institutions.get(row.institutionId) ?? row.institutionId,
              },
              { label: ui.t('staff.dash.crossCity'), numeric: true, cell: (row) => count(row.crossCityUses) },
              { label: ui.t('staff.dash.sharedAll'), numeric: true, cell: (row) => count(row.sharedUses) },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="categories-h">
        <h2 id="categories-h">{ui.t('staff.dash.topCategories')}</h2>
        {stats.byCategory.length === 0 ? (
          <p class="muted">{ui.t('common.none')}</p>
        ) : (
          <DataTable
            phone="table"
            rows={stats.byCategory.slice(0, TOP)}
            columns={[
              { label: ui.t('instrument.category'), rowHeader: true, cell: (row) => categoryName(ui, row.category) },
              { label: ui.t('staff.dash.crossCity'), numeric: true, cell: (row) => count(row.crossCityUses) },
            ]}
          />
        )}
      </section>
    </div>
  )
}
