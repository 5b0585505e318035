import type { StatementPage } from '../../../services/statement-views.js'
import type { WebContext } from '../../env.js'
import { DEFAULT_ZONE, formatDateTime } from '../../format.js'
import { HTML_LANG } from '../../i18n/index.js'
import { SCRIPT_PATH } from '../../script.js'
import { STYLESHEET_PATH } from '../../styles.js'
import { FundAccountsTable, LinesTable, StatementStatusBadge, TotalsTable } from './statement-lines.js'
import { statementTitle } from './statement-page.js'

/*
 * /statements/{id}/print: the statement as a document for A4 paper (the stylesheet's print rules: page size,
 * margins, no navigation, no buttons) — the two institutions, the month, every line, the totals, the fund accounts of
 * an internal statement, and boxes for the signatures and stamps a finance office expects. On screen a small bar
 * above it goes back or prints; on paper only the document remains.
 */

export async function renderPrintable(c: WebContext, view: StatementPage) {
  const ui = c.var.ui
  const { statement } = view
  const title = statementTitle(ui, view)
  const party = (label: string, value: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  )
  const node = (
    <html lang={HTML_LANG[ui.lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${ui.t('app.name')}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <script src={SCRIPT_PATH} defer></script>
      </head>
      <body class="printable">
        {ui.demo ? (
          <p class="demo-banner" role="note">
            <strong>{ui.t('demo.title')}</strong> {ui.t('demo.banner')}
          </p>
        ) : null}
        <nav class="no-print actions print-bar" aria-label={ui.t('money.print.back')}>
          <a href={`/statements/${statement.id}`}>{ui.t('money.print.back')}</a>
          <button type="button" data-print>
            {ui.t('money.print.printIt')}
          </button>
        </nav>
        <main id="main" class="sheet">
          <h1>{ui.t('money.print.title')}</h1>
          <p class="sheet-sub">
            {ui.t('app.name')} · {ui.t('app.tagline')}
          </p>
          <table class="parties">
            <tbody>
              {party(ui.t('money.print.provider'), view.provider?.name ?? '')}
              {party(ui.t('money.print.payer'), view.payer?.name ?? '')}
              {party(ui.t('money.print.month'), statement.month)}
              <tr>
                <th scope="row">{ui.t('money.print.status')}</th>
                <td>
                  <StatementStatusBadge ui={ui} status={statement.status} />
                  {statement.issuedAt !== null
                    ? ` ${ui.t('money.st.issuedAt')} ${formatDateTime(statement.issuedAt, DEFAULT_ZONE, ui.lang)}`
                    : ''}
                </td>
              </tr>
              {party(ui.t('money.print.number'), statement.id)}
            </tbody>
          </table>
          <h2>{ui.t('money.st.linesTitle')}</h2>
          <LinesTable ui={ui} statement={statement} />
          <h2>{ui.t('money.st.totals')}</h2>
          <TotalsTable ui={ui} totals={statement.totals} lines={statement.lines.length} />
          {statement.internal ? (
            <>
              <h2>{ui.t('money.st.byFund')}</h2>
              <FundAccountsTable ui={ui} statement={statement} />
            </>
          ) : null}
          <p class="hint">{ui.t('money.print.amountNote')}</p>
          <div class="signatures">
            {[ui.t('money.print.signProvider'), ui.t('money.print.signPayer')].map((who) => (
              <div class="sign-box">
                <p>
                  <strong>{who}</strong>
                </p>
                <p>{ui.t('money.print.signer')}</p>
                <p>{ui.t('money.print.date')}</p>
              </div>
            ))}
          </div>
        </main>
      </body>
    </html>
  )
  const html = await Promise.resolve(node.toString())
  c.header('Cache-Control', 'no-store')
  c.header('Vary', 'Cookie, Accept-Language')
  return c.html(`<!DOCTYPE html>${html}`)
}
