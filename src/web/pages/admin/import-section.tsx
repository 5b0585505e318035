import { SHEET_COLUMNS, type SheetField } from '../../../domain/instrument-sheet.js'
import type { Institution } from '../../../domain/types.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'

/** Where the sample sheet and the two steps of the import live. */
export const IMPORT_PATHS = {
  sample: '/admin/import/sample.csv',
  check: '/admin/import/check',
  confirm: '/admin/import/confirm',
} as const

/** A cell of each column as the national platform's lists write it (the sample sheet's, mostly). */
const EXAMPLES: Record<SheetField, string> = {
  name: 'X射线衍射仪',
  assetNumber: 'ZJOU-2020-0003',
  model: 'D8 Advance',
  manufacturer: '布鲁克 (Bruker)',
  category: '分析仪器',
  originalValue: '248.22',
  location: '分析测试中心 516 室',
  specs: '测角仪半径 ≥ 200 mm',
  functions: '物相定性与定量分析',
  contact: '0580-2260894',
  openingHours: '周一至周五 08:30-12:00,13:30-17:30；周六 09:00-12:00',
}

/** The upload form: the file, and for a platform admin the institution it acts for. */
export function ImportForm({ ui, institution }: { ui: Ui; institution: Institution }) {
  return (
    <PostForm ui={ui} action={IMPORT_PATHS.check} multipart class="stack">
      <Hidden name="institution" value={institution.id} />
      <Field
        id="import-file"
        name="file"
        type="file"
        label={ui.t('import.file')}
        hint={ui.t('import.fileHint')}
        required
        attrs={{ accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }}
      />
      <div class="actions">
        <button type="submit">{ui.t('import.check')}</button>
      </div>
    </PostForm>
  )
}

/** 导入仪器清单 on /admin: what the sheet holds, a sample to start from, and the upload (checked before written). */
export function ImportSection({ ui, institution }: { ui: Ui; institution: Institution }) {
  return (
    <section aria-labelledby="import-h">
      <h2 id="import-h">{ui.t('import.title')}</h2>
      <p>{ui.t('import.intro')}</p>
      <p>
        <a href={IMPORT_PATHS.sample} download="instrument-list-sample.csv">
          {ui.t('import.sample')}
        </a>
      </p>
      <details>
        <summary>{ui.t('import.columns')}</summary>
        <DataTable
          rows={SHEET_COLUMNS}
          columns={[
            { label: ui.t('import.column'), rowHeader: true, cell: (c) => c.header },
            { label: ui.t('import.meaning'), cell: (c) => ui.t(`import.about.${c.field}`) },
            { label: ui.t('import.example'), cell: (c) => EXAMPLES[c.field] },
          ]}
        />
        <p class="hint">{ui.t('import.matching')}</p>
      </details>
      <ImportForm ui={ui} institution={institution} />
    </section>
  )
}
