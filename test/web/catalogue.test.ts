import { describe, expect, it } from 'vitest'
import { createWorld } from '../support/world.js'
import { browser, type Page } from './client.js'
import { html } from './html.js'

async function catalogueWorld() {
  const world = await createWorld()
  const { institutions } = world
  const sem = await world.instrument({ name: '场发射扫描电子显微镜', originalValue: 3_000_000, location: '理科楼 101' })
  const nmr = await world.instrument({
    name: '核磁共振波谱仪',
    model: 'Bruker AVANCE NEO 600',
    category: 'nmr',
    institutionId: institutions.nimte.id,
    mode: 'service',
  })
  const ctd = await world.instrument({
    name: '温盐深剖面仪',
    model: 'SBE 911plus',
    category: 'marine',
    institutionId: institutions.zjou.id,
  })
  return { world, sem, nmr, ctd }
}

/** The names on the result cards, in order (each a link to its instrument). */
const names = (page: Page) =>
  html(page)
    .select('ul.cards > li.card h3 a[href^="/instruments/"]')
    .map((link) => link.text)

describe('the catalogue', () => {
  it('lists instruments as cards with value, location and owner', async () => {
    const { world } = await catalogueWorld()
    const page = await browser(world).get('/')
    expect(page.status).toBe(200)
    expect(names(page)).toEqual(['场发射扫描电子显微镜', '核磁共振波谱仪', '温盐深剖面仪'])
    const text = html(page).text()
    expect(text).toContain('300 万元')
    expect(text).toContain('理科楼 101')
    expect(text).toContain('宁波大学 · 宁波')
    expect(text).toContain('浙江海洋大学 · 舟山')
  })

  it('searches in Chinese and filters by city, institution, category and mode', async () => {
    const { world, nmr } = await catalogueWorld()
    const b = browser(world)
    expect(names(await b.get(`/?q=${encodeURIComponent('电子显微')}`))).toEqual(['场发射扫描电子显微镜'])
    expect(names(await b.get('/?q=bruker'))).toEqual(['核磁共振波谱仪'])
    expect(names(await b.get('/?city=zhoushan'))).toEqual(['温盐深剖面仪'])
    expect(names(await b.get(`/?institution=${nmr.institutionId}`))).toEqual(['核磁共振波谱仪'])
    expect(names(await b.get('/?category=marine'))).toEqual(['温盐深剖面仪'])
    expect(names(await b.get('/?mode=service'))).toEqual(['核磁共振波谱仪'])
    const none = await b.get('/?city=ningbo&category=marine')
    expect(names(none)).toEqual([])
    expect(html(none).text()).toContain('没有符合条件的仪器')
    // the chosen filters stay selected
    expect(html(await b.get('/?category=marine')).value('#f-category')).toBe('marine')
  })

  it('keeps only instruments free for their minimum length in a window', async () => {
    const { world, sem, nmr } = await catalogueWorld()
    // the SEM is booked all of Tuesday's opening hours
    const booked = await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: sem.id, start: '2027-03-02T08:00:00+08:00', end: '2027-03-02T16:00:00+08:00' },
    })
    expect(booked.status).toBe(201)
    await world.db.updateTable('instruments').set({ min_minutes: 120 }).where('id', '=', nmr.id).execute()
    const b = browser(world)
    const tuesdayMorning = await b.get('/?freeFrom=2027-03-02T08:00&freeTo=2027-03-02T12:00')
    expect(names(tuesdayMorning)).toEqual(['核磁共振波谱仪', '温盐深剖面仪'])
    // 90 minutes are too short for the NMR's two-hour minimum; the SEM is free again from 16:00
    expect(names(await b.get('/?freeFrom=2027-03-02T16:00&freeTo=2027-03-02T17:30'))).toEqual([
      '场发射扫描电子显微镜',
      '温盐深剖面仪',
    ])
    const bad = await b.get('/?freeFrom=2027-03-02T16:00&freeTo=2027-03-01T16:00')
    expect(bad.status).toBe(400)
    expect(html(bad).text()).toContain('空闲时段的结束须晚于开始')
  })

  it('pages with the API cursor', async () => {
    const world = await createWorld()
    for (let i = 0; i < 23; i++) await world.instrument({ name: `仪器 ${String(i).padStart(2, '0')}` })
    const b = browser(world)
    const first = await b.get('/')
    expect(names(first)).toHaveLength(20)
    const next = html(first).attr('nav a[rel="next"]', 'href')
    expect(next).toMatch(/^\/\?cursor=/)
    const second = await b.get(next!)
    expect(names(second)).toEqual(['仪器 20', '仪器 21', '仪器 22'])
    expect(html(second).has('a[rel="next"]')).toBe(false)
    // the page's cursor is the API's cursor
    const api = await world.call('GET', '/instruments?limit=20')
    expect(next).toBe(`/?cursor=${api.json.nextCursor}`)
  })
})
