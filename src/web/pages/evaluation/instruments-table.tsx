import type { EvaluationFigures, InstrumentFigures } from '../../../domain/evaluation/figures.js'
import type { EvaluationFlag } from '../../../domain/evaluation/flags.js'
import { InstrumentStatusBadge } from '../../components/badges.js'
import { type Column, DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { hoursShown, isProRata, rateShown, wanShown, yuanShown } from './format.js'

/** A large instrument's flags as badges, in words ("pro rata" in the current year); a small one says so. */
export function FlagBadges(props: { ui: Ui; figures: InstrumentFigures; proRata: boolean }) {
  const { ui, figures } = props
  if (!figures.large) return <span class="muted">{ui.t('eval.small')}</span>
  if (figures.flags.length === 0) return <span class="muted">{ui.t('eval.none')}</span>
  return (
    <ul class="plain">
      {figures.flags.map((flag: EvaluationFlag) => (
        <li>
          <span class="badge warn" data-flag={flag}>
            {ui.t(`eval.flag.${flag}`)}
            {props.proRata ? ui.t('eval.flag.proRata') : ''}
          </span>
        </li>
      ))}
    </ul>
  )
}

/** A rating's mean to 2 decimals over how many it is of ("4.50" above "12 条"), or a dash when there is none. */
const ratingShown = (ui: Ui, f: InstrumentFigures) =>
  f.rating.average === null ? (
    ui.t('eval.none')
  ) : (
    <>
      {f.rating.average.toFixed(2)}
      <br />
      <span class="hint">{ui.t('eval.ratingCount', { n: f.rating.count })}</span>
    </>
  )

/**
 * A column head with its unit on a second line ("有效机时" above "（小时）"): the numbers under it are narrow, and with
 * the institution, samples and rating columns the talent office's table must still fit a desktop's width.
 */
function headOverUnit(label: string) {
  const unit = label.search(/[（(]/)
  if (unit <= 0) return label
  return (
    <>
      {label.slice(0, unit).trimEnd()}
      <br />
      {label.slice(unit)}
    </>
  )
}

/** A numeric column whose head may carry a unit. */
const numericColumn = (label: string, cell: Column<InstrumentFigures>['cell']): Column<InstrumentFigures> => ({
  label,
  head: headOverUnit(label),
  numeric: true,
  cell,
})

/**
 * The figures of each instrument, in the order of the answer (flagged large instruments first). With
 * `institutionNames`, a column names each instrument's institution (the talent office's view of both cities).
 */
export function InstrumentsTable(props: {
  ui: Ui
  figures: EvaluationFigures
  institutionNames?: ReadonlyMap<string, string>
  /** the instrument's admin page, where the viewer may manage it */
  href?: (instrumentId: string) => string
}) {
  const { ui, figures, institutionNames, href } = props
  const proRata = isProRata(figures)
  const columns: Column<InstrumentFigures>[] = [
    {
      label: ui.t('eval.col.instrument'),
      rowHeader: true,
      cell: (f) => (
        <>
          {href ? <a href={href(f.instrumentId)}>{f.name}</a> : f.name}
          <br />
          <span class="hint">
            {[f.model, f.assetNumber ? ui.t('eval.asset', { n: f.assetNumber }) : ''].filter(Boolean).join(' · ')}
          </span>
          {f.status === 'active' ? null : (
            <>
              {' '}
              <InstrumentStatusBadge ui={ui} status={f.status} />
            </>
          )}
        </>
      ),
    },
    ...(institutionNames
      ? [{ label: ui.t('eval.col.institution'), cell: (f: InstrumentFigures) => institutionNames.get(f.institutionId) }]
      : []),
    numericColumn(ui.t('eval.col.value'), (f) => wanShown(f.originalValue)),
    numericColumn(ui.t('eval.col.effective'), (f) => hoursShown(f.effectiveHours)),
    numericColumn(ui.t('eval.col.external'), (f) => hoursShown(f.externalHours)),
    numericColumn(ui.t('eval.col.shareRate'), (f) => rateShown(f.shareRate)),
    numericColumn(ui.t('eval.col.income'), (f) => yuanShown(f.incomeFen.internal + f.incomeFen.external)),
    numericColumn(ui.t('eval.col.users'), (f) => `${f.userInstitutions} (${f.enterprises})`),
    numericColumn(ui.t('eval.col.samples'), (f) => f.samples),
    numericColumn(ui.t('eval.col.rating'), (f) => ratingShown(ui, f)),
    { label: ui.t('eval.col.flags'), cell: (f) => <FlagBadges ui={ui} figures={f} proRata={proRata} /> },
  ]
  return <DataTable columns={columns} rows={figures.instruments} rowId={(f) => `evaluation-${f.instrumentId}`} />
}
