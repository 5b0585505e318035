import type { StatementAction } from '../../../domain/money/statements.js'
import type { StatementPage } from '../../../services/statement-views.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui, WebContext } from '../../env.js'
import { DEFAULT_ZONE, formatDateTime } from '../../format.js'
import { isMessageKey } from '../../i18n/index.js'
import { page } from '../../layout.js'
import { FundAccountsTable, LinesTable, StatementStatusBadge, TotalsTable } from './statement-lines.js'

/*
 * /statements/{id}: a statement with its lines, totals, fund accounts (an internal one), history, the CSV and the
 * printable version, and the moves this user may make now — issue, pay and answer for the provider's admin, dispute
 * with a reason for the payer's. A talent office reads it only.
 */

export const statementTitle = (ui: Ui, view: StatementPage) =>
  view.statement.internal
    ? ui.t('money.st.headingInternal', { month: view.statement.month, provider: view.provider?.name ?? '' })
    : ui.t('money.st.heading', {
        month: view.statement.month,
        provider: view.provider?.name ?? '',
        payer: view.payer?.name ?? '',
      })

function Facts({ ui, view }: { ui: Ui; view: StatementPage }) {
  const { statement } = view
  const when = (ms: number | null) => (ms === null ? null : formatDateTime(ms, DEFAULT_ZONE, ui.lang))
  const fact = (label: string, value: string | null) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null
  return (
    <dl class="facts">
      {fact(ui.t('money.st.provider'), view.provider?.name ?? '')}
      {fact(ui.t('money.st.payer'), view.payer?.name ?? '')}
      {fact(ui.t('money.st.month'), statement.month)}
      <dt>{ui.t('money.st.status')}</dt>
      <dd>
        <StatementStatusBadge ui={ui} status={statement.status} />
      </dd>
      {fact(ui.t('money.st.issuedAt'), when(statement.issuedAt))}
      {fact(ui.t('money.st.paidAt'), when(statement.paidAt))}
      {fact(ui.t('money.st.disputeReason'), statement.disputeReason)}
      {fact(ui.t('money.st.answerNote'), statement.answerNote)}
    </dl>
  )
}

const statusText = (ui: Ui, status: string) => {
  const key = `money.st.status.${status}`
  return isMessageKey(key) ? ui.t(key) : status
}

const MOVE_LABEL = {
  issue: 'money.st.issue',
  pay: 'money.st.pay',
  dispute: 'money.st.dispute',
  answer: 'money.st.answer',
} as const

function Move({ ui, id, action, monthOpen }: { ui: Ui; id: string; action: StatementAction; monthOpen: boolean }) {
  const text = action === 'dispute' ? 'reason' : action === 'answer' ? 'note' : null
  return (
    <PostForm ui={ui} action={`/statements/${id}/${action}`} class="stack" id={`move-${action}`}>
      {text ? (
        <Field
          id={`move-${action}-text`}
          name={text}
          type="textarea"
          required
          label={ui.t(action === 'dispute' ? 'money.st.disputeLabel' : 'money.st.answerLabel')}
          attrs={{ maxlength: 2000 }}
        />
      ) : null}
      {action === 'issue' ? <p class="hint">{ui.t('money.st.issueHint')}</p> : null}
      <div class="actions">
        <button type="submit" class={action === 'dispute' ? 'danger' : undefined} data-month-open={String(monthOpen)}>
          {ui.t(MOVE_LABEL[action])}
        </button>
      </div>
    </PostForm>
  )
}

export function renderStatement(c: WebContext, view: StatementPage) {
  const ui = c.var.ui
  const { statement } = view
  const title = statementTitle(ui, view)
  return page(c, {
    title,
    body: (
      <>
        <h1>
          {title} <StatementStatusBadge ui={ui} status={statement.status} />
        </h1>
        <p class="actions">
          <a href="/statements">{ui.t('money.st.back')}</a>
          <a class="button secondary" href={`/statements/${statement.id}/csv`} download>
            {ui.t('money.st.csv')}
          </a>
          <a class="button secondary" href={`/statements/${statement.id}/print`}>
            {ui.t('money.st.print')}
          </a>
        </p>
        <Facts ui={ui} view={view} />
        <section aria-labelledby="lines-h">
          <h2 id="lines-h">{ui.t('money.st.linesTitle')}</h2>
          <LinesTable ui={ui} statement={statement} />
        </section>
        <section aria-labelledby="totals-h">
          <h2 id="totals-h">{ui.t('money.st.totals')}</h2>
          <TotalsTable ui={ui} totals={statement.totals} lines={statement.lines.length} />
        </section>
        {statement.internal ? (
          <section aria-labelledby="funds-h">
            <h2 id="funds-h">{ui.t('money.st.byFund')}</h2>
            <FundAccountsTable ui={ui} statement={statement} />
          </section>
        ) : null}
        <section aria-labelledby="moves-h">
          <h2 id="moves-h">{ui.t('money.st.moves')}</h2>
          {view.moves.length === 0 && ui.user?.role === 'talent_office' ? (
            <p class="hint">{ui.t('money.st.readOnly')}</p>
          ) : null}
          {view.moves.map((action) => (
            <Move ui={ui} id={statement.id} action={action} monthOpen={view.monthOpen} />
          ))}
        </section>
        <section aria-labelledby="history-h">
          <h2 id="history-h">{ui.t('money.st.history')}</h2>
          {statement.history.length === 0 ? (
            <p class="muted">{ui.t('common.none')}</p>
          ) : (
            <DataTable
              rows={statement.history}
              columns={[
                { label: ui.t('money.st.historyAt'), cell: (e) => formatDateTime(e.at, DEFAULT_ZONE, ui.lang) },
                {
                  label: ui.t('money.st.historyMove'),
                  cell: (e) =>
                    e.from === null ? ui.t('money.st.created') : `${statusText(ui, e.from)} → ${statusText(ui, e.to)}`,
                },
                {
                  label: ui.t('money.st.historyBy'),
                  cell: (e) => (e.actorId ? (view.actors.get(e.actorId) ?? '—') : '—'),
                },
                { label: ui.t('money.st.historyNote'), cell: (e) => e.note ?? '' },
              ]}
            />
          )}
        </section>
      </>
    ),
  })
}
