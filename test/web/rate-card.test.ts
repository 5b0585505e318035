import { describe, expect, it } from 'vitest'
import { SEM_RATES } from '../support/money-world.js'
import { createWorld } from '../support/world.js'
import { browser } from './client.js'
import { formValues, html } from './html.js'

/*
 * The rate card (收费标准) on the admin's instrument page: prices typed in yuan are kept in fen exactly, checked by
 * the API's schema beside their fields, previewed by class before saving — and the card has no city column.
 */

async function adminOn(rates = SEM_RATES) {
  const world = await createWorld()
  const instrument = await world.instrument({ rates })
  const admin = browser(world)
  admin.signInAs(world.accounts.adminNbu)
  const page = await admin.get(`/admin/instruments/${instrument.id}`)
  expect(page.status).toBe(200)
  const form = formValues(html(page), 'form.stack:has(#rates)')
  const cardOf = async () => (await world.call('GET', `/instruments/${instrument.id}`)).json.rates
  return { world, instrument, admin, page, form, cardOf }
}

describe('the rate card editor', () => {
  it('shows the saved card in yuan, and saves typed yuan as fen exactly', async () => {
    const { admin, instrument, page, form, cardOf } = await adminOn()
    const doc = html(page)
    expect(doc.value('#r-hour-internal')).toBe('150.00')
    expect(doc.value('#r-sample-enterprise')).toBe('180.00')
    expect(doc.value('#r-chargeBasis')).toBe('booked')
    expect(doc.value('#r-lateCancelPercent')).toBe('50')
    // every price field is labelled with its row and class (read out; the table's heads show them)
    expect(doc.text('label[for="r-hour-academic"]')).toBe('每小时（元） · 校外')

    const saved = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...form,
      'rates.hour.internal': '150.5',
      'rates.hour.academic': '1,200',
      'rates.hour.enterprise': '¥300.05',
      'rates.sample.internal': '',
      'rates.sample.academic': '',
      'rates.sample.enterprise': '',
      'rates.chargeBasis': 'greater',
      'rates.incrementMinutes': '15',
      'rates.freeCancelHours': '48',
      'rates.lateCancelPercent': '0',
      'rates.noShowPercent': '100',
    })
    expect(saved.status).toBe(303)
    expect(saved.location).toBe(`/admin/instruments/${instrument.id}?msg=msg.staff.instrumentSaved`)
    expect(await cardOf()).toEqual({
      hour: { internal: 15_050, academic: 120_000, enterprise: 30_005 },
      sample: null,
      chargeBasis: 'greater',
      incrementMinutes: 15,
      freeCancelHours: 48,
      lateCancelPercent: 0,
      noShowPercent: 100,
    })
    const again = html(await admin.get(`/admin/instruments/${instrument.id}`))
    expect(again.value('#r-hour-internal')).toBe('150.50')
    expect(again.value('#r-hour-academic')).toBe('1200.00')
    expect(again.value('#r-sample-internal')).toBe('')
  })

  it('keeps a blank price free for its class, and an all-blank row free for that kind of use', async () => {
    const { admin, instrument, form, cardOf } = await adminOn()
    const saved = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...form,
      'rates.hour.internal': '',
      'rates.hour.academic': '0.1',
      'rates.hour.enterprise': '0.2',
    })
    expect(saved.status).toBe(303)
    const card = await cardOf()
    expect(card.hour).toEqual({ internal: 0, academic: 10, enterprise: 20 })
    expect(card.sample).toEqual(SEM_RATES.sample)
  })

  it('says what is wrong beside each field and saves nothing', async () => {
    const { admin, instrument, form, cardOf } = await adminOn()
    const page = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...form,
      'rates.hour.internal': '150.505',
      'rates.hour.academic': 'abc',
      'rates.sample.enterprise': '2000000',
      'rates.lateCancelPercent': '101',
      'rates.incrementMinutes': '0',
      'rates.chargeBasis': 'hourly',
    })
    expect(page.status).toBe(400)
    const doc = html(page)
    expect(doc.value('#r-hour-internal')).toBe('150.505') // as typed
    for (const id of [
      'r-hour-internal',
      'r-hour-academic',
      'r-sample-enterprise',
      'r-lateCancelPercent',
      'r-incrementMinutes',
    ])
      expect(doc.attr(`#${id}`, 'aria-invalid'), id).toBe('true')
    expect(doc.description('#r-hour-internal')).toContain('最多两位小数')
    expect(doc.description('#r-sample-enterprise')).toContain('金额超出允许的范围')
    expect(doc.description('#r-lateCancelPercent')).toContain('0–100 的整数')
    expect(doc.description('#r-chargeBasis')).toContain('请从列表中选择')
    expect(await cardOf()).toEqual(SEM_RATES)
  })

  it('previews what one hour and one sample cost each class, as typed, without saving', async () => {
    const { admin, instrument, page, form, cardOf } = await adminOn()
    const preview = (doc: ReturnType<typeof html>, priceClass: string) =>
      doc.select(`#preview-${priceClass} td`).map((td) => td.text.trim())
    expect(preview(html(page), 'enterprise')).toEqual(['¥300', '¥180'])
    expect(html(page).text('#rates')).toContain('同城待遇')

    const typed = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...form,
      intent: 'preview',
      'rates.hour.academic': '99.99',
      'rates.incrementMinutes': '45',
    })
    expect(typed.status).toBe(200)
    const doc = html(typed)
    // a one-hour booking billed in steps of 45 minutes pays for 90: 99.99 × 1.5 = 149.985 → ¥149.99 (half up)
    expect(doc.text('#rates thead')).toContain('按 1 小时 30 分钟 计费')
    expect(preview(doc, 'academic')).toEqual(['¥149.99', '¥120'])
    expect(preview(doc, 'internal')).toEqual(['¥225', '¥80'])
    expect(doc.value('#r-hour-academic')).toBe('99.99')
    expect(await cardOf()).toEqual(SEM_RATES)

    const broken = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...form,
      intent: 'preview',
      'rates.hour.academic': 'x',
    })
    expect(html(broken).text('#rates')).toContain('改正后显示预览')
  })

  it('sets the card of a new instrument', async () => {
    const world = await createWorld()
    const admin = browser(world)
    admin.signInAs(world.accounts.adminNbu)
    const page = await admin.get('/admin/instruments/new')
    const form = formValues(html(page), 'form.stack:has(#rates)')
    expect(form['rates.hour.internal']).toBe('') // a new instrument is free until priced
    const created = await admin.post('/admin/instruments', {
      ...form,
      name: 'X射线衍射仪',
      category: 'analytical',
      'rates.hour.internal': '80',
      'rates.hour.academic': '120',
      'rates.hour.enterprise': '180',
      'rates.sample.internal': '50',
      'rates.sample.academic': '80',
      'rates.sample.enterprise': '120',
      'rates.chargeBasis': 'actual',
    })
    expect(created.status).toBe(303)
    const id = /\/admin\/instruments\/([\w-]+)\?/.exec(created.location ?? '')?.[1]
    const card = (await world.call('GET', `/instruments/${id}`)).json.rates
    expect(card).toMatchObject({
      hour: { internal: 8_000, academic: 12_000, enterprise: 18_000 },
      sample: { internal: 5_000, academic: 8_000, enterprise: 12_000 },
      chargeBasis: 'actual',
    })
  })

  it('is in English too', async () => {
    const { admin, instrument } = await adminOn()
    const doc = html(await admin.get(`/admin/instruments/${instrument.id}?lang=en`))
    expect(doc.text('#rates legend')).toBe('Rate card')
    expect(doc.text('#rates')).toContain('Preview: what each class pays')
    expect(doc.text('label[for="r-hour-enterprise"]')).toBe('Per hour (CNY) · Enterprise')
    expect(doc.text('#rates')).toContain('同城待遇')
  })

  it('refuses a card from another institution’s admin, and a post without the form’s token', async () => {
    const { world, instrument, admin, form, cardOf } = await adminOn()
    const other = browser(world)
    other.signInAs(world.accounts.adminZjou)
    await other.get('/admin')
    const refused = await other.post(`/admin/instruments/${instrument.id}`, { ...form, 'rates.hour.internal': '1' })
    expect(refused.status).toBe(403)
    const forged = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...form,
      _csrf: 'forged',
      'rates.hour.internal': '1',
    })
    expect(forged.status).toBe(403)
    expect(await cardOf()).toEqual(SEM_RATES)
  })
})
