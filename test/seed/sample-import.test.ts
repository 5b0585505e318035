import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEMO_INSTRUMENTS } from '../../seed/demo-catalogue.js'
import type { Instrument } from '../../src/domain/types.js'
import { planImport } from '../../src/services/instrument-import.js'
import { readSpreadsheet } from '../../src/services/spreadsheet.js'

/* The sample sheet of README's walk, against the demo's 浙江海洋大学: what the walk promises is what it does. */

describe('seed/import/zjou-instruments.csv', () => {
  it('updates one demo instrument by 资产编号, leaves one as it is and adds two', async () => {
    const sheet = await readSpreadsheet(
      new Uint8Array(readFileSync(new URL('../../seed/import/zjou-instruments.csv', import.meta.url))),
    )
    const existing: Instrument[] = DEMO_INSTRUMENTS.filter((i) => i.institution === 'zjou').map((i, k) => ({
      ...i,
      id: `i${k}`,
      institutionId: 'zjou',
      timezone: 'Asia/Shanghai',
      version: 1,
    }))
    const plan = planImport(sheet.rows, 'zjou', existing)
    expect(plan.errors).toEqual([])
    expect(plan.created.map((i) => i.name)).toEqual(['电感耦合等离子体质谱仪', '声学多普勒流速剖面仪 (ADCP)'])
    expect(plan.updated).toHaveLength(1)
    expect(Object.keys(plan.updated[0]!.diff).sort()).toEqual(['location', 'openingHours'])
    expect(plan.unchanged).toBe(1)
  })
})
