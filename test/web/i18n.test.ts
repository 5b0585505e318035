import { describe, expect, it } from 'vitest'
import { en } from '../../src/web/i18n/en.js'
import { langOfAcceptLanguage } from '../../src/web/i18n/index.js'
import { zh } from '../../src/web/i18n/zh.js'
import { createWorld } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

describe('languages', () => {
  it('is Chinese by default with a visible switch to English', async () => {
    const world = await createWorld()
    const page = await browser(world).get('/')
    expect(html(page).attr('html', 'lang')).toBe('zh-CN')
    expect(html(page).text()).toContain('仪器目录')
    expect(html(page).text('header a[href="/?lang=en"]')).toBe('English')
  })

  it('switches with ?lang=en and remembers it, and back with ?lang=zh', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    const b = browser(world)
    const english = await b.get('/?lang=en')
    expect(html(english).attr('html', 'lang')).toBe('en')
    expect(html(english).text()).toContain('Instrument catalogue')
    expect(html(english).text()).not.toContain('仪器目录')
    expect(english.setCookies.find((c) => c.startsWith('yz_lang=en'))).toMatch(/SameSite=Lax/)
    const later = await b.get(`/instruments/${instrument.id}?week=2027-03-01`)
    expect(html(later).text()).toContain('Free and busy this week')
    expect(html(later).text()).toContain('Mon 1 Mar')
    expect(html(later).has('table.week a[aria-label="Choose Tue 2 Mar 2027 09:00"]')).toBe(true)
    expect(html(later).text()).toContain('Open: Mon–Fri 08:00–18:00')
    const back = await b.get('/?lang=zh')
    expect(html(back).text()).toContain('仪器目录')
    expect(html(await b.get('/login')).text()).toContain('电子邮箱')
  })

  it('follows Accept-Language, unless a choice was made', async () => {
    const world = await createWorld()
    const page = await browser(world, { headers: { 'Accept-Language': 'en-GB,en;q=0.9,zh;q=0.5' } }).get('/login')
    expect(html(page).text()).toContain('E-mail')
    const chosen = browser(world, { headers: { 'Accept-Language': 'en' } })
    await chosen.get('/?lang=zh')
    expect(html(await chosen.get('/login')).text()).toContain('电子邮箱')
    expect(langOfAcceptLanguage('fr,zh-CN;q=0.8,en;q=0.7')).toBe('zh')
    expect(langOfAcceptLanguage('zh;q=0.2,en;q=0.9')).toBe('en')
    expect(langOfAcceptLanguage('fr')).toBeNull()
  })

  it('shows errors in the current language, and leaves the API to problem+json', async () => {
    const world = await createWorld()
    const b = browser(world)
    const zhMissing = await b.get('/no-such-page')
    expect(zhMissing.status).toBe(404)
    expect(html(zhMissing).text()).toContain('找不到页面')
    const enMissing = await b.get('/no-such-page?lang=en')
    expect(html(enMissing).text()).toContain('Page not found')
    const api = await b.get('/api/v1/no-such-thing')
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toContain('application/problem+json')
    expect((await b.get('/healthz')).text).toBe('{"ok":true}')
    expect((await b.get('/openapi.json')).status).toBe(200)
  })

  it('has the same keys in both catalogues and no empty string', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    for (const [key, value] of [...Object.entries(zh), ...Object.entries(en)]) expect(value, key).not.toBe('')
  })
})
