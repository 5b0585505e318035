import { describe, expect, it } from 'vitest'
import { createWorld } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/** Notifications on the pages: the header's count, the list on /me, marking read and the language, without script. */

describe('notifications on the pages', () => {
  it('counts unread in the header, lists them on /me, marks one and all read, and saves the language', async () => {
    const world = await createWorld()
    const instrument = await world.instrument({ requiresApproval: true, name: '显微镜 <b>x</b>' })
    for (const day of ['02', '03']) {
      const made = await world.call('POST', '/reservations', {
        token: world.accounts.researcherZs.token,
        body: {
          instrumentId: instrument.id,
          start: `2027-03-${day}T09:00:00+08:00`,
          end: `2027-03-${day}T10:00:00+08:00`,
        },
      })
      expect(made.status).toBe(201)
    }
    const admin = browser(world)
    admin.signInAs(world.accounts.adminNbu)
    const page = await admin.get('/me')
    expect(page.status).toBe(200)
    expect(html(page).text('a.notice-count')).toBe('通知 2')
    expect(html(page).select('#notifications li.unread')).toHaveLength(2)
    expect(html(page).text('#notifications')).toContain('待审批预约：显微镜 <b>x</b>')
    expect(page.text).not.toContain('<b>x</b>') // escaped in the page
    const action = html(page).attr('#notifications li form', 'action')!
    expect(action).toMatch(/^\/me\/notifications\/.+\/read$/)

    const marked = await admin.post(action)
    expect(marked.status).toBe(303)
    expect(marked.location).toBe('/me?msg=msg.noticeRead#notifications')
    const one = await admin.get(marked.location!)
    expect(html(one).text('a.notice-count')).toBe('通知 1')
    expect(html(one).text()).toContain('已标为已读')
    const all = await admin.get((await admin.post('/me/notifications/read-all')).location!)
    expect(html(all).text('a.notice-count')).toBe('通知')
    expect(html(all).select('#notifications li.unread')).toHaveLength(0)

    expect((await admin.post('/me/language', { language: 'fr' })).status).toBe(400)
    const saved = await admin.get((await admin.post('/me/language', { language: 'en' })).location!)
    expect(html(saved).text()).toContain('通知语言已保存')
    expect(html(saved).value('#notice-language')).toBe('en')
    const me = await world.call('GET', '/me', { token: world.accounts.adminNbu.token })
    expect(me.json.language).toBe('en')
    // the notices now speak English, whatever language the pages use
    expect(html(saved).text('#notifications')).toContain('Approval requested: 显微镜 <b>x</b>')
  })

  it('refuses a form without its CSRF token and another user’s notice', async () => {
    const world = await createWorld()
    const instrument = await world.instrument({ requiresApproval: true })
    await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: instrument.id, start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T10:00:00+08:00' },
    })
    const [notice] = await world.db.selectFrom('notifications').select('id').execute()
    const researcher = browser(world)
    researcher.signInAs(world.accounts.researcherZs)
    const forged = await researcher.postRaw('/me/notifications/read-all', {})
    expect(forged.status).toBe(403)
    await researcher.get('/me')
    const other = await researcher.post(`/me/notifications/${encodeURIComponent(notice!.id)}/read`)
    expect(other.location).toBe('/me?err=not-found')
    const row = await world.db.selectFrom('notifications').select('read_at').executeTakeFirstOrThrow()
    expect(row.read_at).toBeNull()
  })
})
