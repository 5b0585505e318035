import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'
import { type Browser, browser } from './client.js'
import { html } from './html.js'

/*
 * The import of an instrument list from /admin: the upload is checked first (the dry run's report, every bad cell by
 * row and column in the page's language, nothing written), then imported for real from the confirm form.
 */

const SAMPLE = new URL('../../seed/import/zjou-instruments.csv', import.meta.url)
const sampleFile = async () => new File([await readFile(SAMPLE)], 'zjou-instruments.csv', { type: 'text/csv' })
const csvFile = (text: string, name = 'list.csv') => new File([text], name, { type: 'text/csv' })

const HEADER = '仪器名称,资产编号,型号,仪器类别,原值（万元）,开放时间'
const BAD_SHEET = [
  HEADER,
  '扫描电子显微镜,NBU-1,Apreo 2,电子光学仪器,483.45,周一至周五 08:00-17:00',
  '离心机,NBU-2,Avanti,离心设备,12,',
  ',NBU-3,X,分析仪器,abc,周八 09:00-10:00',
].join('\n')

/** The instruments of an institution, by name. */
const namesOf = async (world: World, institutionId: string) =>
  (await world.db.selectFrom('instruments').select('name').where('institution_id', '=', institutionId).execute())
    .map((row) => row.name)
    .sort()

async function adminOf(world: World, who: 'adminZjou' | 'adminNbu' | 'platform' | 'researcherZs' = 'adminZjou') {
  const b = browser(world)
  b.signInAs(world.accounts[who])
  return b
}

/** Uploads a file with the form of /admin (its CSRF token, its institution) and returns the report page. */
async function check(b: Browser, file: File, path = '/admin') {
  const admin = await b.get(path)
  const institution = html(admin).attr('form[action="/admin/import/check"] input[name="institution"]', 'value')!
  return b.upload('/admin/import/check', { institution, file })
}

/** Posts the report page's confirm form as the browser would: every hidden field it carries. */
function confirmFrom(b: Browser, report: { text: string }) {
  const fields: Record<string, string> = {}
  for (const input of html(report).select('form[action="/admin/import/confirm"] input[type="hidden"]'))
    fields[input.getAttribute('name')!] = input.getAttribute('value') ?? ''
  expect(Object.keys(fields).sort()).toEqual(['_csrf', 'fileName', 'institution', 'sheet'])
  return b.upload('/admin/import/confirm', fields)
}

describe('/admin import: the form and the sample', () => {
  it('offers an upload form, the columns explained and a sample sheet that is the README’s', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    const page = await b.get('/admin')
    const form = html(page).one('form[action="/admin/import/check"]')
    expect(form.getAttribute('enctype')).toBe('multipart/form-data')
    expect(html(page).attr('#import-file', 'type')).toBe('file')
    expect(html(page).text('label[for="import-file"]')).toBe('仪器清单文件（CSV 或 XLSX）')
    expect(html(page).text('section[aria-labelledby="import-h"] th[scope="row"]')).toContain('开放时间')
    expect(html(page).text('section[aria-labelledby="import-h"]')).toContain('周一至周五 08:30-12:00,13:30-17:30')
    // byte for byte, its BOM included (Excel needs it to read the CSV as UTF-8)
    const sample = await world.app.request(html(page).attr('a[download]', 'href')!)
    expect(sample.status).toBe(200)
    expect(sample.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(Buffer.from(await sample.arrayBuffer()).equals(await readFile(SAMPLE))).toBe(true)
  })
})

describe('/admin import: the dry run', () => {
  it('reports what the sheet would do and writes nothing', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    const report = await check(b, await sampleFile())
    expect(report.status).toBe(200)
    expect(html(report).text('h1')).toBe('仪器清单检查结果')
    expect(html(report).text('#import-counts')).toBe('新增仪器 4 台 更新仪器 0 台 无变化 0 台')
    expect(html(report).text('[role="status"]')).toContain('尚未写入')
    expect(html(report).text('main button[type="submit"]')).toBe('确认导入（4 台）')
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])
  })

  it('lists every bad cell by row and column in the page’s language, and offers no import', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    const report = await check(b, csvFile(BAD_SHEET))
    expect(report.status).toBe(400)
    const rows = html(report)
      .select('section[aria-labelledby="import-errors-h"] tbody tr')
      .map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim()))
    expect(rows).toEqual([
      ['3', '仪器类别', '无法识别的仪器类别：请填写类别名称（如 电子光学仪器）或类别代码。'],
      ['4', '原值（万元）', '原值须为以万元计的金额，如 450.5。'],
      ['4', '开放时间', expect.stringContaining('无法识别的开放时间')],
      ['4', '仪器名称', '仪器名称须填写，不超过 200 字。'],
    ])
    expect(html(report).text('[role="alert"]')).toContain('有 4 处错误，没有写入任何内容')
    expect(html(report).has('form[action="/admin/import/confirm"]')).toBe(false)
    expect(html(report).has('form[action="/admin/import/check"]')).toBe(true)
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])

    const english = browser(world, { headers: { 'Accept-Language': 'en' } })
    english.signInAs(world.accounts.adminZjou)
    const inEnglish = await check(english, csvFile(BAD_SHEET))
    expect(html(inEnglish).text('section[aria-labelledby="import-errors-h"] tbody tr:first-child td:last-child')).toBe(
      'Unknown category: write a category’s name (such as 电子光学仪器) or its code.',
    )
  })

  it('names a missing column on row 1', async () => {
    const world = await createWorld()
    const report = await check(await adminOf(world), csvFile('仪器名称,型号\n离心机,Avanti\n'))
    expect(report.status).toBe(400)
    expect(html(report).text('section[aria-labelledby="import-errors-h"] tbody')).toBe(
      '1 仪器类别 表格缺少这一列（第一行须为表头）。',
    )
  })
})

describe('/admin import: the confirm step', () => {
  it('imports the checked file without a second upload, and the catalogue lists the new instruments', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    const report = await check(b, await sampleFile())
    const done = await confirmFrom(b, report)
    expect(done.status).toBe(303)
    expect(done.location).toBe('/admin?msg=msg.staff.imported')
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual(
      ['X射线衍射仪', '声学多普勒流速剖面仪 (ADCP)', '显微共焦拉曼光谱仪', '电感耦合等离子体质谱仪'].sort(),
    )
    const admin = await b.get(done.location!)
    expect(html(admin).text('[role="status"]')).toContain('仪器清单已导入')
    const catalogue = await b.get('/?q=ADCP')
    expect(html(catalogue).text('ul.cards')).toContain('声学多普勒流速剖面仪 (ADCP)')

    // the same sheet again: nothing left to do
    const again = await check(b, await sampleFile())
    expect(html(again).text('#import-counts')).toBe('新增仪器 0 台 更新仪器 0 台 无变化 4 台')
    expect(html(again).has('form[action="/admin/import/confirm"]')).toBe(false)
  })

  it('checks the confirmed bytes again: a sheet changed in the form is reported, not written', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    await check(b, await sampleFile())
    const forged = Buffer.from(BAD_SHEET).toString('base64')
    const page = await b.upload('/admin/import/confirm', { fileName: 'x.csv', sheet: forged })
    expect(page.status).toBe(400)
    expect(html(page).select('section[aria-labelledby="import-errors-h"] tbody tr')).toHaveLength(4)
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])
  })

  it('imports into the admin’s own institution whatever the form names; a platform admin picks one', async () => {
    const world = await createWorld()
    const nbu = await adminOf(world, 'adminNbu')
    const report = await check(nbu, await sampleFile())
    await nbu.upload('/admin/import/confirm', {
      institution: world.institutions.zjou.id,
      fileName: 'x.csv',
      sheet: html(report).attr('input[name="sheet"]', 'value')!,
    })
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])
    expect(await namesOf(world, world.institutions.nbu.id)).toHaveLength(4)

    const platform = await adminOf(world, 'platform')
    const forZjou = await check(platform, await sampleFile(), `/admin?institution=${world.institutions.zjou.id}`)
    expect(html(forZjou).text('main p.muted')).toBe('浙江海洋大学 · 文件：zjou-instruments.csv')
    const done = await confirmFrom(platform, forZjou)
    expect(done.location).toBe(`/admin?institution=${world.institutions.zjou.id}&msg=msg.staff.imported`)
    expect(await namesOf(world, world.institutions.zjou.id)).toHaveLength(4)
  })
})

describe('/admin import: refusals', () => {
  it('needs the CSRF token on both steps, and writes nothing without it', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    await b.get('/admin')
    const checked = await b.upload('/admin/import/check', { _csrf: null, file: await sampleFile() })
    expect(checked.status).toBe(403)
    expect(html(checked).text()).toContain('表单已失效')
    const sheet = (await readFile(SAMPLE)).toString('base64')
    const confirmed = await b.upload('/admin/import/confirm', { _csrf: 'forged', sheet, fileName: 'x.csv' })
    expect(confirmed.status).toBe(403)
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])
  })

  it('refuses anyone but an admin with the 403 page', async () => {
    const world = await createWorld()
    const b = await adminOf(world, 'researcherZs')
    await b.get('/')
    const sheet = (await readFile(SAMPLE)).toString('base64')
    for (const page of [
      await b.upload('/admin/import/check', { file: await sampleFile() }),
      await b.upload('/admin/import/confirm', { sheet, fileName: 'x.csv' }),
    ]) {
      expect(page.status).toBe(403)
      expect(html(page).text()).toContain('当前账号无权进行此操作')
    }
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])
  })

  it('says why a file is refused, in the page’s language, with the status of the API', async () => {
    const world = await createWorld()
    const b = await adminOf(world)
    const xls = new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])], 'old.xls')
    const unsupported = await check(b, xls)
    expect(unsupported.status).toBe(415)
    expect(html(unsupported).text('[role="alert"]')).toContain('旧版 .xls')
    expect(html(unsupported).has('form[action="/admin/import/check"]')).toBe(true)

    const large = await check(b, csvFile(`${HEADER}\n${'x'.repeat(1024 * 1024)}`))
    expect(large.status).toBe(413)
    expect(html(large).text('[role="alert"]')).toContain('文件超过 1 MB')

    const empty = await check(b, csvFile(''))
    expect(empty.status).toBe(400)
    expect(html(empty).text('[role="alert"]')).toBe('请选择一个 CSV 或 XLSX 文件（文件不能为空）。')
  })

  it('answers a body over the form’s limit with the 413 page in the user’s language', async () => {
    const world = await createWorld()
    const b = browser(world, { headers: { 'Accept-Language': 'en' } })
    b.signInAs(world.accounts.adminZjou)
    const huge = await check(b, csvFile('x'.repeat(2 * 1024 * 1024)))
    expect(huge.status).toBe(413)
    expect(html(huge).text('[role="alert"]')).toBe(
      'The submission is too large: an uploaded file may be at most 1 MB, any other form 64 KB.',
    )
    // any other form keeps its 64 KB
    const login = await b.post('/login', { email: 'a@b.c', password: 'x'.repeat(70 * 1024) })
    expect(login.status).toBe(413)
    expect(await namesOf(world, world.institutions.zjou.id)).toEqual([])
  })
})
