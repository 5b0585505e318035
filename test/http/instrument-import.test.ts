import { beforeEach, describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/universal'
import { createWorld, type World } from '../support/world.js'
import { bareXlsx } from '../support/xlsx.js'

/*
 * POST /instruments/import: the national platform's instrument list as CSV or XLSX, all rows or none. Runs on Node
 * and again inside workerd on D1 (test/worker/instrument-import.test.ts): the spreadsheet libraries must work there.
 */

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const HEADERS = [
  '仪器名称',
  '资产编号',
  '型号',
  '生产厂商',
  '仪器类别',
  '原值（万元）',
  '安放地址',
  '主要技术指标',
  '主要功能',
  '联系方式',
  '开放时间',
]
const BOM = '\uFEFF'
const csvOf = (rows: string[][]) =>
  rows
    .map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','))
    .join('\r\n')

const sem = [
  '场发射扫描电子显微镜',
  'NBU-2019-0001',
  'Apreo 2',
  '赛默飞世尔',
  '电子光学仪器',
  '483.45',
  '宁波大学 B101',
  '分辨率 0.8 nm',
  '形貌观察',
  '电镜室 0574-87600001',
  '周一至周五 08:00-12:00,13:30-17:30',
]
const xrd = [
  'X射线衍射仪',
  'NBU-2020-0002',
  'D8 Advance',
  '布鲁克',
  'analytical',
  '248.22',
  '宁波大学 C203',
  '',
  '',
  '',
  '',
]

async function upload(
  content: string | Uint8Array | Blob,
  options: { name?: string; type?: string; query?: string; token?: string } = {},
) {
  const form = new FormData()
  const blob =
    content instanceof Blob
      ? content
      : new Blob([content] as ConstructorParameters<typeof Blob>[0], { type: options.type ?? 'text/csv' })
  form.append('file', blob, options.name ?? 'instruments.csv')
  return world.call('POST', `/instruments/import${options.query ?? ''}`, {
    token: options.token ?? world.accounts.adminNbu.token,
    body: form,
  })
}

const listOf = async (institutionId = world.institutions.nbu.id) =>
  (await world.call('GET', `/instruments?institutionId=${institutionId}&status=active`)).json.items

describe('POST /instruments/import', () => {
  it('creates the rows of a CSV with a BOM, converting 万元 to yuan and reading 开放时间', async () => {
    const res = await upload(BOM + csvOf([HEADERS, sem, xrd]))
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [], dryRun: false, written: true })
    const [first, second] = await listOf()
    expect(first).toMatchObject({
      name: 'X射线衍射仪',
      assetNumber: 'NBU-2020-0002',
      category: 'analytical',
      originalValue: 2_482_200,
      // no 开放时间: Monday to Friday, 08:00–17:00
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '17:00' })),
    })
    expect(second).toMatchObject({ name: '场发射扫描电子显微镜', originalValue: 4_834_500, location: '宁波大学 B101' })
    expect(second.openingHours).toHaveLength(10)
    expect(second.openingHours.slice(0, 2)).toEqual([
      { weekday: 1, open: '08:00', close: '12:00' },
      { weekday: 1, open: '13:30', close: '17:30' },
    ])
  })

  it('reads the same sheet as XLSX, and a CSV without a BOM', async () => {
    const xlsx = await writeXlsxFile(
      [HEADERS, sem].map((row, r) => row.map((value, i) => (r > 0 && i === 5 ? { value: Number(value) } : { value }))),
    ).toBlob()
    const fromXlsx = await upload(xlsx, { name: 'instruments.xlsx' })
    expect(fromXlsx.json).toMatchObject({ created: 1, errors: [] })
    expect((await listOf())[0]).toMatchObject({ assetNumber: 'NBU-2019-0001', originalValue: 4_834_500 })
    const again = await upload(csvOf([HEADERS, sem]))
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 1, errors: [] })
  })

  it('updates only the imported fields of a match, by 资产编号 or else by name and model, with its audit event', async () => {
    await upload(csvOf([HEADERS, sem, xrd]))
    const before = (await listOf()).find((i: { name: string }) => i.name === 'X射线衍射仪')
    await world.call('PATCH', `/instruments/${before.id}`, {
      token: world.accounts.adminNbu.token,
      body: { requiresApproval: true, assetNumber: null },
    })
    const res = await upload(
      csvOf([
        ['仪器名称', '资产编号', '型号', '仪器类别', '安放地址', '备注'],
        ['场发射扫描电子显微镜', 'NBU-2019-0001', 'Apreo 2', '电子光学仪器', '宁波大学 B102', '搬迁'], // by asset number
        ['X射线衍射仪', 'NBU-2020-0002', 'd8  advance', '分析仪器', '宁波大学 C205', ''], // by name and model
      ]),
    )
    expect(res.json).toMatchObject({ created: 0, updated: 2, unchanged: 0, errors: [] })
    const after = await world.call('GET', `/instruments/${before.id}`)
    // the imported fields change, the rest (its rules, its name's model spelling) stays
    expect(after.json).toMatchObject({
      location: '宁波大学 C205',
      assetNumber: 'NBU-2020-0002',
      model: 'd8  advance',
      requiresApproval: true,
      openingHours: before.openingHours,
    })
    const history = await world.call('GET', `/instruments/${before.id}/history`, {
      token: world.accounts.adminNbu.token,
    })
    expect(history.json.items.at(-1)).toMatchObject({
      actorId: world.accounts.adminNbu.id,
      changes: {
        location: { from: '宁波大学 C203', to: '宁波大学 C205' },
        assetNumber: { from: null, to: 'NBU-2020-0002' },
      },
    })
  })

  it('writes nothing when any row has an error, and reports every bad cell by row and column', async () => {
    const res = await upload(
      csvOf([
        HEADERS,
        sem,
        ['', '', '', '', '', '', '', '', '', '', ''], // an empty row is skipped, and still numbered
        [
          '拉曼光谱仪',
          'NBU-2021-0003',
          'LabRAM',
          '堀场',
          '光学仪器',
          '12万5',
          '',
          '',
          '',
          '',
          '周一至周五 17:00-08:00',
        ],
        ['', 'NBU-2021-0004', 'X', '', '分析仪器', '', '', '', '', '', '周八 08:00-17:00'],
        ['场发射扫描电子显微镜', 'NBU-2019-0001', 'Apreo 2', '', '电子光学仪器', '', '', '', '', '', ''],
        ['原子力显微镜', '', 'Dimension Icon', '', '扫描探针显微仪器', '', '', '', '', '', '周一 08:15-17:00'],
      ]),
    )
    expect(res.status).toBe(200)
    expect(res.json.written).toBe(false)
    expect(
      res.json.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
    ).toEqual([
      [4, '仪器类别', 'unknown-category'],
      [4, '原值（万元）', 'invalid'],
      [4, '开放时间', 'invalid'],
      [5, '开放时间', 'invalid'],
      [5, '仪器名称', 'invalid'],
      [6, '资产编号', 'duplicate-row'],
      [7, '开放时间', 'invalid'], // 08:15 is off the 30-minute grid
    ])
    expect(res.json.created).toBe(1) // what the good rows would do
    expect(await listOf()).toEqual([])
  })

  it('reports a sheet without a required column as row 1, and ignores unknown columns', async () => {
    const res = await upload(
      csvOf([
        ['仪器名称', '型号', '说明'],
        ['拉曼光谱仪', 'LabRAM', '无'],
      ]),
    )
    expect(res.json.errors).toEqual([
      { row: 1, column: '仪器类别', message: 'the sheet has no column 仪器类别', code: 'missing-column' },
    ])
    const halfWidth = await upload(
      csvOf([
        ['仪器名称 ', '仪器类别', '原值(万元)', '说明'],
        ['拉曼光谱仪', '光谱仪器', '88', '无'],
      ]),
    )
    expect(halfWidth.json).toMatchObject({ created: 1, errors: [] })
    expect((await listOf())[0].originalValue).toBe(880_000)
  })

  it('dryRun=true reports the same and writes nothing', async () => {
    const dry = await upload(csvOf([HEADERS, sem, xrd]), { query: '?dryRun=true' })
    expect(dry.json).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [], dryRun: true, written: false })
    expect(await listOf()).toEqual([])
  })

  it('is the institution’s admin’s: 403 for another, 404 for an unknown institution', async () => {
    const other = await upload(csvOf([HEADERS, sem]), {
      token: world.accounts.adminZjou.token,
      query: `?institutionId=${world.institutions.nbu.id}`,
    })
    expect(other.status).toBe(403)
    const platform = await upload(csvOf([HEADERS, sem]), {
      token: world.accounts.platform.token,
      query: `?institutionId=${world.institutions.zjou.id}`,
    })
    expect(platform.json).toMatchObject({ created: 1 })
    expect(await listOf(world.institutions.zjou.id)).toHaveLength(1)
    const unknown = await upload(csvOf([HEADERS, sem]), {
      token: world.accounts.platform.token,
      query: '?institutionId=nope',
    })
    expect(unknown.status).toBe(404)
    const none = await upload(csvOf([HEADERS, sem]), { token: world.accounts.platform.token })
    expect(none.status).toBe(400)
  })

  it.each([
    ['a PDF', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff]), 'report.pdf'],
    ['an old .xls workbook', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'list.xls'],
    ['a CSV in GBK', new Uint8Array([0xd2, 0xc7, 0xc6, 0xf7, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a]), 'list.csv'],
    ['a zip that is no workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), 'list.xlsx'],
  ])('answers %s with 415 unsupported-media-type', async (_what, bytes, name) => {
    const res = await upload(bytes, { name, type: 'application/octet-stream' })
    expect(res.status).toBe(415)
    expect(res.json.type).toBe('/problems/unsupported-media-type')
    expect(await listOf()).toEqual([])
  })

  it('answers a body that is not multipart with 415, and a form without the file with 400', async () => {
    const json = await world.call('POST', '/instruments/import', {
      token: world.accounts.adminNbu.token,
      body: { rows: [] },
    })
    expect(json.status).toBe(415)
    const form = new FormData()
    form.append('other', 'x')
    const missing = await world.call('POST', '/instruments/import', {
      token: world.accounts.adminNbu.token,
      body: form,
    })
    expect(missing.status).toBe(400)
  })

  // its sheet unpacks to more than 512 KB: fflate's asynchronous unzip would want a Web Worker, which Workers lack
  it('reads a national list of a thousand instruments as XLSX', async () => {
    const rows = [HEADERS]
    for (let i = 1; i <= 1000; i++)
      rows.push([
        `仪器 ${i}`,
        `NBU-${String(i).padStart(5, '0')}`,
        `M-${i}`,
        '厂商',
        '其他',
        String(i),
        `楼 ${i}`,
        '指标'.repeat(40),
        '功能'.repeat(40),
        '',
        '',
      ])
    const xlsx = bareXlsx(rows)
    expect(xlsx.length).toBeLessThan(1024 * 1024)
    const res = await upload(xlsx, { name: 'list.xlsx', type: 'application/octet-stream', query: '?dryRun=true' })
    expect(res.json).toMatchObject({ created: 1000, errors: [] })
  })
})
