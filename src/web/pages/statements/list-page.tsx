import { STATEMENT_STATUSES } from '../../../domain/money/statements.js'
import type { Institution } from '../../../domain/types.js'
import type { StatementListQuery } from '../../../services/statement-views.js'
import type { StatementView } from '../../../services/statements.js'
import { DataTable } from '../../components/data-table.js'
import { Field, type Option } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui, WebContext } from '../../env.js'
import { formatFen } from '../../format.js'
import { page } from '../../layout.js'
import { StatementStatusBadge } from './statement-lines.js'

/*
 * /statements: the statements a user may see, latest month first, filtered by month, status and the other
 * institution (an admin: also which side its own is on; a talent office: provider and payer); an institute admin
 * may open the draft of a month and paying institution from here.
 */

export interface ListState {
  query: StatementListQuery
  items: StatementView[]
  nextCursor: string | null
  institutions: Map<string, Institution>
  /** the admin's own institution (opens drafts, filters by the other side); null for talent offices */
  own: Institution | null
  /** the month the open-draft form proposes (this month) */
  thisMonth: string
}

const nextHref = (query: StatementListQuery, cursor: string) => {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries({
    month: query.month,
    status: query.status,
    counterpart: query.counterpartId,
    side: query.side,
    provider: query.providerInstitutionId,
    payer: query.payerInstitutionId,
  }))
    if (value) search.set(name, value)
  search.set('cursor', cursor)
  return `/statements?${search}`
}

function Filters({ ui, state, choices }: { ui: Ui; state: ListState; choices: Option[] }) {
  const { query, own } = state
  const any = { value: '', label: ui.t('common.any') }
  return (
    <form method="get" action="/statements" class="filters" aria-label={ui.t('money.st.filters')}>
      <Field
        id="st-month"
        name="month"
        type="month"
        label={ui.t('money.st.month')}
        value={query.month ?? ''}
        attrs={{ placeholder: 'YYYY-MM', pattern: '\\d{4}-\\d{2}' }}
      />
      <Field
        id="st-status"
        name="status"
        type="select"
        label={ui.t('money.st.status')}
        value={query.status ?? ''}
        options={[any, ...STATEMENT_STATUSES.map((s) => ({ value: s, label: ui.t(`money.st.status.${s}`) }))]}
      />
      {own ? (
        <>
          <Field
            id="st-counterpart"
            name="counterpart"
            type="select"
            label={ui.t('money.st.counterpart')}
            value={query.counterpartId ?? ''}
            options={[any, ...choices]}
          />
          <Field
            id="st-side"
            name="side"
            type="select"
            label={ui.t('money.st.side')}
            value={query.side ?? ''}
            options={[
              { value: '', label: ui.t('money.st.side.any') },
              { value: 'provider', label: ui.t('money.st.side.provider') },
              { value: 'payer', label: ui.t('money.st.side.payer') },
            ]}
          />
        </>
      ) : (
        <>
          <Field
            id="st-provider"
            name="provider"
            type="select"
            label={ui.t('money.st.provider')}
            value={query.providerInstitutionId ?? ''}
            options={[any, ...choices]}
          />
          <Field
            id="st-payer"
            name="payer"
            type="select"
            label={ui.t('money.st.payer')}
            value={query.payerInstitutionId ?? ''}
            options={[any, ...choices]}
          />
        </>
      )}
      <div class="actions wide">
        <button type="submit">{ui.t('money.st.show')}</button>
      </div>
    </form>
  )
}

function OpenDraft({ ui, state, choices }: { ui: Ui; state: ListState; choices: Option[] }) {
  return (
    <details>
      <summary>{ui.t('money.st.new')}</summary>
      <p class="hint">{ui.t('money.st.newHint')}</p>
      <PostForm ui={ui} action="/statements" class="inline-form">
        <Field
          id="new-payer"
          name="payerInstitutionId"
          type="select"
          required
          label={ui.t('money.st.payer')}
          options={[
            {
              value: state.own?.id ?? '',
              label: ui.t('money.nameWithNote', { name: state.own?.name ?? '', note: ui.t('money.st.internal') }),
            },
            ...choices,
          ]}
        />
        <Field
          id="new-month"
          name="month"
          type="month"
          label={ui.t('money.st.month')}
          required
          value={state.thisMonth}
          attrs={{ placeholder: 'YYYY-MM', pattern: '\\d{4}-\\d{2}' }}
        />
        <button type="submit">{ui.t('money.st.newSubmit')}</button>
      </PostForm>
    </details>
  )
}

export function renderStatementList(c: WebContext, state: ListState) {
  const ui = c.var.ui
  const name = (id: string) => state.institutions.get(id)?.name ?? id
  const choices: Option[] = [...state.institutions.values()]
    .filter((i) => i.id !== state.own?.id)
    .sort((a, b) => a.city.localeCompare(b.city) || a.name.localeCompare(b.name, 'zh-CN'))
    .map((i) => ({ value: i.id, label: i.name }))
  return page(c, {
    title: ui.t('money.st.title'),
    body: (
      <>
        <h1>{ui.t('money.st.title')}</h1>
        <p class="hint">{ui.t('money.st.intro')}</p>
        <Filters ui={ui} state={state} choices={choices} />
        {state.own ? <OpenDraft ui={ui} state={state} choices={choices} /> : null}
        <section aria-labelledby="statements-h">
          <h2 id="statements-h">{ui.t('money.st.title')}</h2>
          {state.items.length === 0 ? (
            <p>{ui.t('money.st.none')}</p>
          ) : (
            <DataTable
              rows={state.items}
              rowId={(s) => `statement-${s.id}`}
              columns={[
                {
                  label: ui.t('money.st.month'),
                  rowHeader: true,
                  cell: (s) => <a href={`/statements/${s.id}`}>{s.month}</a>,
                },
                { label: ui.t('money.st.provider'), cell: (s) => name(s.providerInstitutionId) },
                {
                  label: ui.t('money.st.payer'),
                  cell: (s) => (s.internal ? ui.t('money.st.internal') : name(s.payerInstitutionId)),
                },
                { label: ui.t('money.st.status'), cell: (s) => <StatementStatusBadge ui={ui} status={s.status} /> },
                { label: ui.t('money.st.lines'), numeric: true, cell: (s) => String(s.lines.length) },
                { label: ui.t('money.st.charge'), numeric: true, cell: (s) => formatFen(s.totals.chargeFen) },
                { label: ui.t('money.st.deduction'), numeric: true, cell: (s) => formatFen(s.totals.deductionFen) },
                { label: ui.t('money.st.payable'), numeric: true, cell: (s) => formatFen(s.totals.payableFen) },
              ]}
            />
          )}
          {state.nextCursor ? (
            <p class="actions">
              <a class="button secondary" rel="next" href={nextHref(state.query, state.nextCursor)}>
                {ui.t('money.st.more')}
              </a>
            </p>
          ) : null}
        </section>
      </>
    ),
  })
}
