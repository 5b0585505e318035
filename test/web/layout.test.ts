import { describe, expect, it } from 'vitest'
import { insertUser } from '../../src/repositories/users.js'
import { createWorld, PUBLIC_URL } from '../support/world.js'
import { browser, type Page } from './client.js'
import { html } from './html.js'

const navLabels = (page: Page) =>
  html(page)
    .select('nav.main a')
    .map((link) => link.text)

describe('the layout', () => {
  it('shows the navigation of each role', async () => {
    const world = await createWorld()
    const { researcherZs, adminNbu, talent, platform } = world.accounts
    const expected = [
      [null, ['仪器目录']],
      [researcherZs, ['仪器目录', '我的预约']],
      [adminNbu, ['仪器目录', '我的预约', '单位管理']],
      [talent, ['仪器目录', '人才办看板']],
      [platform, ['仪器目录', '人才办看板', '平台管理']],
    ] as const
    for (const [account, labels] of expected) {
      const b = browser(world)
      if (account) b.signInAs(account)
      const page = await b.get('/')
      expect(navLabels(page), account?.email ?? 'anonymous').toEqual(labels)
      expect(html(page).text('header').includes('退出登录')).toBe(account !== null)
    }
  })

  it('serves its own stylesheet and script and loads nothing from another host', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    const css = await b.get('/static/app.css')
    expect(css.headers.get('content-type')).toContain('text/css')
    expect(css.text).toContain(':focus-visible')
    const js = await b.get('/static/app.js')
    expect(js.headers.get('content-type')).toContain('text/javascript')
    for (const path of ['/', '/login', `/instruments/${instrument.id}`, '/me']) {
      const page = html(await b.get(path))
      expect(page.has('head link[rel="stylesheet"][href="/static/app.css"]')).toBe(true)
      // only this site (the ICS feed link is absolute, for calendar apps: built from PUBLIC_URL)
      const addresses = page.select('[src], [href]').map((e) => e.getAttribute('src') ?? e.getAttribute('href') ?? '')
      expect(addresses.length).toBeGreaterThan(0)
      expect(
        addresses.filter((address) => /^(https?:)?\/\//.test(address) && !address.startsWith(`${PUBLIC_URL}/`)),
        path,
      ).toEqual([])
    }
  })

  it('labels every visible input', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    for (const path of ['/', `/instruments/${instrument.id}`, '/login']) {
      const page = html(await b.get(path))
      const fields = page.select('input, select, textarea').filter((field) => field.getAttribute('type') !== 'hidden')
      expect(fields.length).toBeGreaterThan(0)
      for (const field of fields) {
        const id = field.id
        expect(id, `${path}: ${field.outerHTML}`).toBeTruthy()
        expect(page.text(`label[for="${id}"]`), `${path}: label for ${id}`).not.toBe('')
      }
    }
  })
})

describe('the demo banner (README "Demo data")', () => {
  it('is on every page while an account of the demo can sign in, and goes when none can', async () => {
    const world = await createWorld()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    const paths = ['/', '/login', '/me', '/no-such-page', '/?q=%E0%A4%A']
    for (const path of paths) expect((await b.get(path)).text, path).not.toContain('demo-banner')
    await insertUser(
      world.db,
      {
        id: 'demo-admin',
        email: 'admin@demo.yz',
        name: 'Demo admin',
        role: 'platform_admin',
        institutionId: null,
        passwordHash: 'x',
        feedKey: 'demo-feed',
      },
      world.clock(),
    )
    for (const path of paths) {
      const page = html(await b.get(path))
      expect(page.has('.demo-banner'), path).toBe(true)
      expect(page.text('.demo-banner'), path).toContain('演示环境 这里有密码公开的演示账号')
    }
    expect(html(await b.get('/?lang=en')).text('.demo-banner')).toContain(
      'Demo Demo accounts with a published password exist here',
    )
    await world.db.updateTable('users').set({ active: 0 }).where('id', '=', 'demo-admin').execute()
    expect(html(await b.get('/')).has('.demo-banner')).toBe(false)
  })
})
