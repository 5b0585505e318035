import type { Instrument } from '../../../domain/types.js'
import { InstrumentStatusBadge } from '../../components/badges.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'

/** The institution's instruments, each with a link to manage it. */
export function InstrumentsSection({ ui, instruments }: { ui: Ui; instruments: Instrument[] }) {
  return (
    <section aria-labelledby="instruments-h">
      <h2 id="instruments-h">{ui.t('staff.admin.instruments', { n: instruments.length })}</h2>
      {instruments.length === 0 ? (
        <p class="muted">{ui.t('staff.admin.noInstruments')}</p>
      ) : (
        <DataTable
          rows={instruments}
          columns={[
            {
              label: ui.t('staff.col.instrument'),
              cell: (i) => (
                <>
                  <a href={`/instruments/${i.id}`}>{i.name}</a>
                  <br />
                  <small class="muted">{i.model}</small>
                </>
              ),
            },
            { label: ui.t('instrument.status'), cell: (i) => <InstrumentStatusBadge ui={ui} status={i.status} /> },
            { label: ui.t('instrument.mode'), cell: (i) => ui.t(`mode.${i.mode}`) },
            {
              label: ui.t('staff.col.manage'),
              actions: true,
              cell: (i) => <a href={`/admin/instruments/${i.id}`}>{ui.t('staff.admin.manage')}</a>,
            },
          ]}
        />
      )}
    </section>
  )
}
