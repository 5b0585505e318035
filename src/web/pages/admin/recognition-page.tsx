import type { recognitionForAdmin } from '../../../services/recognition-admin.js'
import { RecognitionStateBadge } from '../../components/badges.js'
import { DataTable } from '../../components/data-table.js'
import { PostForm } from '../../components/post-form.js'
import type { WebContext } from '../../env.js'
import { formatDate, formatDateTime } from '../../format.js'
import { page } from '../../layout.js'
import { recognitionPath } from './recognitions-section.js'

/*
 * One recognition: its terms and every step of it (recognised, bookings under it, qualifications it granted,
 * revoked); and the question asked before revoking it.
 */

type Detail = Awaited<ReturnType<typeof recognitionForAdmin>>

function Terms({ c, detail }: { c: WebContext; detail: Detail }) {
  const { ui } = c.var
  const { instrument, recognition: r, people } = detail
  const zone = instrument.timezone
  const name = (id: string | null) => (id !== null ? (people.get(id)?.name ?? '—') : '—')
  return (
    <dl class="facts">
      <dt>{ui.t('staff.col.instrument')}</dt>
      <dd>
        {instrument.name} ({instrument.model})
      </dd>
      <dt>{ui.t('recognition.issuer')}</dt>
      <dd>{r.issuingInstitution.name}</dd>
      <dt>{ui.t('recognition.by')}</dt>
      <dd>
        {name(r.createdBy)} · {formatDate(r.createdAt, zone, ui.lang)}
      </dd>
      <dt>{ui.t('recognition.until')}</dt>
      <dd>{r.expiresAt !== null ? formatDate(r.expiresAt, zone, ui.lang) : ui.t('recognition.untilRevoked')}</dd>
      <dt>{ui.t('recognition.state')}</dt>
      <dd>
        <RecognitionStateBadge ui={ui} inForce={r.inForce} revoked={r.revokedAt !== null} />
        {r.revokedAt !== null
          ? ` ${ui.t('recognition.revokedBy', { name: name(r.revokedBy), date: formatDate(r.revokedAt, zone, ui.lang) })}`
          : ''}
      </dd>
    </dl>
  )
}

export function renderRecognitionHistory(c: WebContext, detail: Detail) {
  const { ui } = c.var
  const { instrument, recognition, events, people } = detail
  const title = ui.t('recognition.historyTitle', { institution: recognition.issuingInstitution.name })
  return page(c, {
    title,
    body: (
      <>
        <h1>{title}</h1>
        <p class="actions">
          <a href={`/admin/instruments/${instrument.id}`}>{ui.t('recognition.backToInstrument')}</a>
          {recognition.inForce ? (
            <a class="button secondary" href={recognitionPath(instrument.id, recognition.id, '/revoke')}>
              {ui.t('recognition.revoke')}
            </a>
          ) : null}
        </p>
        <Terms c={c} detail={detail} />
        <section aria-labelledby="events-h">
          <h2 id="events-h">{ui.t('recognition.events', { n: events.length })}</h2>
          <DataTable
            rows={events}
            columns={[
              { label: ui.t('staff.col.when'), cell: (e) => formatDateTime(e.at, instrument.timezone, ui.lang) },
              { label: ui.t('recognition.step'), cell: (e) => ui.t(`recognition.event.${e.action}`) },
              {
                label: ui.t('recognition.person'),
                cell: (e) => {
                  const id = e.userId ?? e.actorId
                  return id !== null ? (people.get(id)?.name ?? '—') : ui.t('recognition.operator')
                },
              },
            ]}
          />
        </section>
      </>
    ),
  })
}

export function renderRevokeQuestion(c: WebContext, detail: Detail) {
  const { ui } = c.var
  const { instrument, recognition } = detail
  const title = ui.t('recognition.revokeTitle')
  return page(c, {
    title,
    body: (
      <>
        <h1>{title}</h1>
        <p>
          {ui.t('recognition.revokeQuestion', {
            instrument: instrument.name,
            institution: recognition.issuingInstitution.name,
          })}
        </p>
        <p class="hint">{ui.t('recognition.revokeEffect')}</p>
        <PostForm ui={ui} action={recognitionPath(instrument.id, recognition.id, '/revoke')}>
          <div class="actions">
            <button type="submit" class="danger">
              {ui.t('recognition.revokeConfirm')}
            </button>
            <a href={`/admin/instruments/${instrument.id}`}>{ui.t('recognition.keep')}</a>
          </div>
        </PostForm>
      </>
    ),
  })
}
