import type { Instrument } from '../../../domain/types.js'
import type { recognitionsForAdmin } from '../../../services/recognition-admin.js'
import type { RecognitionView } from '../../../services/recognitions.js'
import { RecognitionStateBadge } from '../../components/badges.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { formatDate } from '../../format.js'
import { CandidatesSection, InstitutionPlace } from './recognition-candidates.js'

/*
 * 资格互认 on the admin's instrument page: the recognitions of the instrument (in force, expired, revoked), each with
 * its history and, while in force, a way to revoke it; then the institutions the platform found that could be
 * recognised.
 */

export type RecognitionsData = Awaited<ReturnType<typeof recognitionsForAdmin>>

export const recognitionPath = (instrumentId: string, recognitionId: string, action = '') =>
  `/admin/instruments/${instrumentId}/recognitions/${recognitionId}${action}`

/** Who revoked it and when, or until when it runs. */
function Terms({ ui, r, data, zone }: { ui: Ui; r: RecognitionView; data: RecognitionsData; zone: string }) {
  const revoker = r.revokedBy !== null ? (data.people.get(r.revokedBy)?.name ?? '—') : null
  return (
    <>
      <RecognitionStateBadge ui={ui} inForce={r.inForce} revoked={r.revokedAt !== null} />
      {r.revokedAt !== null ? (
        <>
          <br />
          <small class="muted">
            {ui.t('recognition.revokedBy', { name: revoker ?? '—', date: formatDate(r.revokedAt, zone, ui.lang) })}
          </small>
        </>
      ) : null}
    </>
  )
}

export function RecognitionsSection(props: {
  ui: Ui
  instrument: Instrument
  data: RecognitionsData
  cityOf: (code: string) => string
}) {
  const { ui, instrument, data, cityOf } = props
  const zone = instrument.timezone
  return (
    <section aria-labelledby="recognitions-h">
      <h2 id="recognitions-h">{ui.t('recognition.title')}</h2>
      <p class="hint">{ui.t('recognition.intro')}</p>
      {data.recognitions.length === 0 ? (
        <p class="muted">{ui.t('recognition.none')}</p>
      ) : (
        <DataTable
          rows={data.recognitions}
          rowId={(r) => `recognition-${r.id}`}
          columns={[
            {
              label: ui.t('recognition.issuer'),
              rowHeader: true,
              cell: (r) => <InstitutionPlace institution={r.issuingInstitution} cityOf={cityOf} />,
            },
            {
              label: ui.t('recognition.by'),
              cell: (r) => (r.createdBy !== null ? (data.people.get(r.createdBy)?.name ?? '—') : '—'),
            },
            { label: ui.t('recognition.since'), cell: (r) => formatDate(r.createdAt, zone, ui.lang) },
            {
              label: ui.t('recognition.until'),
              cell: (r) =>
                r.expiresAt !== null ? formatDate(r.expiresAt, zone, ui.lang) : ui.t('recognition.untilRevoked'),
            },
            { label: ui.t('recognition.state'), cell: (r) => <Terms ui={ui} r={r} data={data} zone={zone} /> },
            {
              label: ui.t('staff.col.manage'),
              actions: true,
              cell: (r) => (
                <div class="actions">
                  <a href={recognitionPath(instrument.id, r.id)}>{ui.t('recognition.history')}</a>
                  {r.inForce ? (
                    <a class="button secondary" href={recognitionPath(instrument.id, r.id, '/revoke')}>
                      {ui.t('recognition.revoke')}
                    </a>
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      )}
      <CandidatesSection ui={ui} instrument={instrument} candidates={data.candidates} cityOf={cityOf} />
    </section>
  )
}
