import type { BackupFile, operationsOverview } from '../../../services/operations.js'
import { DataTable } from '../../components/data-table.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDateTime } from '../../format.js'

type Overview = Awaited<ReturnType<typeof operationsOverview>>

const MAIL_STATUSES = ['due', 'sending', 'sent', 'failed', 'in_app'] as const

/** `12.3 MB`: bytes for a person (binary multiples, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** 运行状况 /platform/operations: version, database size, backups, the e-mail outbox. */
export function OperationsBody({ ui, o }: { ui: Ui; o: Overview }) {
  const when = (ms: number) => formatDateTime(ms, DEFAULT_ZONE, ui.lang)
  return (
    <>
      <h1>{ui.t('ops.title')}</h1>
      <dl class="facts">
        <dt>{ui.t('ops.version')}</dt>
        <dd id="ops-version">{o.version}</dd>
        <dt>{ui.t('ops.commit')}</dt>
        <dd id="ops-commit">{o.commit ?? ui.t('ops.unknown')}</dd>
        <dt>{ui.t('ops.database')}</dt>
        <dd id="ops-database">{o.databaseBytes === null ? ui.t('ops.databaseNa') : formatBytes(o.databaseBytes)}</dd>
      </dl>

      <section id="backups" aria-labelledby="backups-title">
        <h2 id="backups-title">{ui.t('ops.backups')}</h2>
        {o.backups === null ? (
          <p>{ui.t('ops.backupsNone')}</p>
        ) : o.backups.length === 0 ? (
          <p>{ui.t('ops.backupsEmpty', { dir: o.backupDir ?? '' })}</p>
        ) : (
          <DataTable<BackupFile>
            phone="table"
            rows={o.backups}
            columns={[
              { label: ui.t('ops.backupFile'), cell: (f) => f.name, rowHeader: true },
              { label: ui.t('ops.backupTime'), cell: (f) => when(f.at) },
              { label: ui.t('ops.backupSize'), cell: (f) => formatBytes(f.bytes), numeric: true },
            ]}
          />
        )}
      </section>

      <section id="outbox" aria-labelledby="outbox-title">
        <h2 id="outbox-title">{ui.t('ops.outbox')}</h2>
        <p>{o.mail === 'smtp' ? ui.t('ops.mailOn') : ui.t('ops.mailOff')}</p>
        <DataTable<(typeof MAIL_STATUSES)[number]>
          phone="table"
          rows={MAIL_STATUSES}
          rowId={(status) => `outbox-${status}`}
          columns={[
            { label: ui.t('ops.status'), cell: (s) => ui.t(`ops.status.${s}`), rowHeader: true },
            { label: ui.t('ops.count'), cell: (s) => String(o.outbox.byStatus[s] ?? 0), numeric: true },
          ]}
        />
        {o.outbox.oldestDueAt !== null ? <p>{ui.t('ops.oldestDue', { when: when(o.outbox.oldestDueAt) })}</p> : null}
        {o.outbox.interrupted > 0 ? <p>{ui.t('ops.interrupted', { n: o.outbox.interrupted })}</p> : null}
        {o.outbox.recentFailures.length > 0 ? (
          <>
            <h3>{ui.t('ops.failures')}</h3>
            <DataTable<Overview['outbox']['recentFailures'][number]>
              rows={o.outbox.recentFailures}
              columns={[
                { label: ui.t('ops.failureKind'), cell: (f) => f.kind, rowHeader: true },
                { label: ui.t('ops.failureCreated'), cell: (f) => when(f.createdAt) },
                { label: ui.t('ops.failureTries'), cell: (f) => String(f.attempts), numeric: true },
                { label: ui.t('ops.failureError'), cell: (f) => f.error ?? '' },
              ]}
            />
          </>
        ) : null}
      </section>
    </>
  )
}
