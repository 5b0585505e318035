import { describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/** A world with one approval instrument of 宁波大学 and its admin's browser on /admin. */
async function adminWorld(overrides: Parameters<World['instrument']>[0] = {}) {
  const world = await createWorld()
  const instrument = await world.instrument({ requiresApproval: true, ...overrides })
  const admin = browser(world)
  admin.signInAs(world.accounts.adminNbu)
  return { world, instrument, admin }
}

async function book(
  world: World,
  instrumentId: string,
  start: string,
  end: string,
  token = world.accounts.researcherZs.token,
) {
  const response = await world.call('POST', '/reservations', {
    token,
    body: { instrumentId, start, end, purpose: '样品形貌观察' },
  })
  expect(response.status).toBe(201)
  return response.json as { id: string; status: string }
}

const statusOf = async (world: World, id: string) =>
  (await world.call('GET', `/reservations/${id}`, { token: world.accounts.platform.token })).json

describe('/admin access', () => {
  it('sends a signed-out visitor to the sign-in page', async () => {
    const world = await createWorld()
    const page = await browser(world).get('/admin')
    expect(page.status).toBe(303)
    expect(page.location).toBe('/login?next=%2Fadmin')
  })

  it.each(['researcherZs', 'talent'] as const)('refuses a %s with the 403 page', async (who) => {
    const world = await createWorld()
    const b = browser(world)
    b.signInAs(world.accounts[who])
    const page = await b.get('/admin')
    expect(page.status).toBe(403)
    expect(html(page).text()).toContain('当前账号无权进行此操作')
  })

  it('shows an institute admin its own institution only', async () => {
    const { world, instrument, admin } = await adminWorld()
    const other = await world.instrument({ institutionId: world.institutions.zjou.id, name: '多波束测深系统' })
    const page = await admin.get(`/admin?institution=${world.institutions.zjou.id}`)
    expect(page.status).toBe(200)
    expect(html(page).text()).toContain('单位管理 · 宁波大学')
    expect(html(page).has(`a[href="/admin/instruments/${instrument.id}"]`)).toBe(true)
    expect(html(page).mentions(other.id)).toBe(false)
    expect((await admin.get(`/admin/instruments/${other.id}`)).status).toBe(403)
  })

  it('lets a platform admin pick an institution', async () => {
    const { world, instrument } = await adminWorld()
    const platform = browser(world)
    platform.signInAs(world.accounts.platform)
    const picker = await platform.get('/admin')
    expect(picker.status).toBe(200)
    expect(html(picker).text(`#pick-institution option[value="${world.institutions.nbu.id}"]`)).toBe('宁波大学')
    const page = await platform.get(`/admin?institution=${world.institutions.nbu.id}`)
    expect(html(page).text()).toContain('单位管理 · 宁波大学')
    expect(html(page).has(`a[href="/admin/instruments/${instrument.id}"]`)).toBe(true)
  })

  it('lets a platform admin act for the institution it picked', async () => {
    const { world, instrument } = await adminWorld()
    const { id } = await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    const platform = browser(world)
    platform.signInAs(world.accounts.platform)
    const back = `/admin?institution=${world.institutions.nbu.id}`
    const page = await platform.get(back)
    const backs = html(page).select('form input[type="hidden"][name="back"]')
    expect(backs.length).toBeGreaterThan(0)
    expect(backs.map((input) => input.getAttribute('value'))).toEqual(backs.map(() => back))
    const approved = await platform.post(`/admin/reservations/${id}/approve`, { back })
    expect(approved.location).toBe(`${back}&msg=msg.staff.approved`)
    expect((await statusOf(world, id)).status).toBe('confirmed')
  })

  it('speaks English', async () => {
    const { admin } = await adminWorld()
    const text = html(await admin.get('/admin?lang=en')).text()
    expect(text).toContain('Institute admin · 宁波大学')
    expect(text).toContain('Requests awaiting approval (0)')
    expect(text).toContain('Record a use')
  })

  it('refuses a form without the CSRF token', async () => {
    const { world, instrument, admin } = await adminWorld()
    const { id } = await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    const page = await admin.postRaw(`/admin/reservations/${id}/approve`, {})
    expect(page.status).toBe(403)
    expect((await statusOf(world, id)).status).toBe('pending')
  })
})

describe('/admin approval queue', () => {
  it('approves a pending request from the queue', async () => {
    const { world, instrument, admin } = await adminWorld()
    const { id, status } = await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    expect(status).toBe('pending')
    const page = await admin.get('/admin')
    const text = html(page).text()
    expect(text).toContain('待审批的预约（1）')
    expect(text).toContain('2027年3月2日 周二 09:00–10:00')
    expect(text).toContain('researcher-zs · 浙江海洋大学')
    expect(html(page).has(`form[action="/admin/reservations/${id}/approve"]`)).toBe(true)

    const approved = await admin.post(`/admin/reservations/${id}/approve`, { back: '/admin' })
    expect(approved.status).toBe(303)
    expect(approved.location).toBe('/admin?msg=msg.staff.approved')
    expect((await statusOf(world, id)).status).toBe('confirmed')
    const after = await admin.get(approved.location!)
    expect(html(after).text()).toContain('已批准该预约')
    expect(html(after).text()).toContain('待审批的预约（0）')
  })

  it('rejects with a reason', async () => {
    const { world, instrument, admin } = await adminWorld()
    const { id } = await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    await admin.get('/admin')
    const rejected = await admin.post(`/admin/reservations/${id}/reject`, { back: '/admin', reason: '设备校准' })
    expect(rejected.location).toBe('/admin?msg=msg.staff.rejected')
    const reservation = await statusOf(world, id)
    expect(reservation.status).toBe('rejected')
    expect(reservation.statusReason).toBe('设备校准')
  })

  it('does not let another institution’s admin decide, and says so', async () => {
    const { world, instrument } = await adminWorld()
    const { id } = await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    const stranger = browser(world)
    stranger.signInAs(world.accounts.adminZjou)
    const page = await stranger.get('/admin')
    expect(html(page).mentions(id)).toBe(false)
    const answer = await stranger.post(`/admin/reservations/${id}/approve`, { back: '/admin' })
    expect(answer.location).toBe('/admin?err=not-found')
    expect((await statusOf(world, id)).status).toBe('pending')
  })

  it('marks a no-show once the window is open', async () => {
    const { world, instrument, admin } = await adminWorld({ requiresApproval: false })
    const { id } = await book(world, instrument.id, '2027-03-01T09:00:00+08:00', '2027-03-01T10:00:00+08:00')
    const before = await admin.get('/admin')
    expect(html(before).text()).toContain('09:00–10:00 · researcher-zs') // today's schedule
    expect(html(before).mentions(`/admin/reservations/${id}/no-show`)).toBe(false)
    world.clock.set('2027-03-01T09:20:00+08:00')
    const page = await admin.get('/admin')
    expect(html(page).has(`form[action="/admin/reservations/${id}/no-show"]`)).toBe(true)
    const marked = await admin.post(`/admin/reservations/${id}/no-show`, { back: '/admin' })
    expect(marked.location).toBe('/admin?msg=msg.staff.noShow')
    expect((await statusOf(world, id)).status).toBe('no_show')
  })
})

describe('/admin blackouts', () => {
  it('adds a blackout, cancels what it overlaps and reports it', async () => {
    const { world, instrument, admin } = await adminWorld({ requiresApproval: false })
    const hit = await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    const spared = await book(world, instrument.id, '2027-03-02T14:00:00+08:00', '2027-03-02T15:00:00+08:00')
    await admin.get(`/admin/instruments/${instrument.id}`)
    const added = await admin.post(`/admin/instruments/${instrument.id}/blackouts`, {
      start: '2027-03-02T08:00',
      end: '2027-03-02T12:00',
      reason: '年度维护',
    })
    expect(added.status).toBe(303)
    expect(added.location).toBe(`/admin/instruments/${instrument.id}?cancelled=${hit.id}&msg=msg.staff.blackoutAdded`)
    expect((await statusOf(world, hit.id)).status).toBe('cancelled')
    expect((await statusOf(world, spared.id)).status).toBe('confirmed')

    const page = await admin.get(added.location!)
    const text = html(page).text()
    expect(text).toContain('停用时段已添加')
    expect(text).toContain('该停用时段取消了 1 个预约')
    expect(text).toContain('2027年3月2日 周二 09:00–10:00 · researcher-zs')
    expect(text).not.toContain('14:00–15:00')
    expect(text).toContain('2027年3月2日 周二 08:00–12:00 · 年度维护')

    const blackouts = await world.call('GET', `/instruments/${instrument.id}/blackouts`)
    const blackoutId = blackouts.json.items[0].id as string
    const lifted = await admin.post(`/admin/instruments/${instrument.id}/blackouts/${blackoutId}/delete`)
    expect(lifted.location).toBe(`/admin/instruments/${instrument.id}?msg=msg.staff.blackoutRemoved`)
    expect((await world.call('GET', `/instruments/${instrument.id}/blackouts`)).json.items).toHaveLength(0)
  })

  it('says when a blackout cancelled nothing, and refuses an end before the start', async () => {
    const { instrument, admin } = await adminWorld()
    await admin.get(`/admin/instruments/${instrument.id}`)
    const added = await admin.post(`/admin/instruments/${instrument.id}/blackouts`, {
      start: '2027-03-05T08:00',
      end: '2027-03-05T12:00',
    })
    expect(html(await admin.get(added.location!)).text()).toContain('该停用时段没有取消任何预约')
    const wrong = await admin.post(`/admin/instruments/${instrument.id}/blackouts`, {
      start: '2027-03-05T12:00',
      end: '2027-03-05T08:00',
    })
    expect(wrong.location).toBe(`/admin/instruments/${instrument.id}?err=validation`)
  })
})

describe('/admin qualifications', () => {
  it('grants by e-mail and revokes', async () => {
    const { world, instrument, admin } = await adminWorld({ requiresQualification: true })
    await admin.get(`/admin/instruments/${instrument.id}`)
    const granted = await admin.post(`/admin/instruments/${instrument.id}/qualifications`, {
      email: world.accounts.researcherZs.email,
      expiresAt: '2027-12-31',
    })
    expect(granted.location).toBe(`/admin/instruments/${instrument.id}?msg=msg.staff.qualificationGranted`)
    const page = await admin.get(granted.location!)
    expect(html(page).text()).toContain('researcher-zs (researcher-zs@test.yz) · 有效期至 2027年12月31日')
    // the researcher may now book it
    await book(world, instrument.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')

    const unknown = await admin.post(`/admin/instruments/${instrument.id}/qualifications`, { email: 'nobody@test.yz' })
    expect(unknown.location).toBe(`/admin/instruments/${instrument.id}?err=staff-no-such-user`)
    expect(html(await admin.get(unknown.location!)).text()).toContain('没有使用该电子邮箱的账号')

    const revoked = await admin.post(
      `/admin/instruments/${instrument.id}/qualifications/${world.accounts.researcherZs.id}/delete`,
    )
    expect(revoked.location).toBe(`/admin/instruments/${instrument.id}?msg=msg.staff.qualificationRevoked`)
    const list = await world.call('GET', `/instruments/${instrument.id}/qualifications`, {
      token: world.accounts.adminNbu.token,
    })
    expect(list.json.items).toHaveLength(0)
  })
})

describe('/admin record a use', () => {
  it('records a use, and the dashboard count rises by one', async () => {
    const { world, instrument, admin } = await adminWorld()
    const talent = browser(world)
    talent.signInAs(world.accounts.talent)
    expect(html(await talent.get('/dashboard')).text()).toContain('今年甬舟共享 0 / 500 台次')

    await admin.get('/admin')
    const recorded = await admin.post('/admin/uses', {
      back: '/admin',
      instrumentId: instrument.id,
      email: world.accounts.researcherZs.email,
      start: '2027-02-26T09:00',
      end: '2027-02-26T11:00',
    })
    expect(recorded.status).toBe(303)
    expect(recorded.location).toBe('/admin?msg=msg.staff.useRecorded')
    const uses = await world.call('GET', `/reservations?instrumentId=${instrument.id}`, {
      token: world.accounts.adminNbu.token,
    })
    expect(uses.json.items).toMatchObject([
      { status: 'completed', recorded: true, start: '2027-02-26T01:00:00.000Z', end: '2027-02-26T03:00:00.000Z' },
    ])
    expect(html(await talent.get('/dashboard')).text()).toContain('今年甬舟共享 1 / 500 台次')
  })

  it('shows the error beside the form and keeps what was typed', async () => {
    const { instrument, admin } = await adminWorld()
    await admin.get('/admin')
    const unknown = await admin.post('/admin/uses', {
      instrumentId: instrument.id,
      email: 'nobody@test.yz',
      start: '2027-02-26T09:00',
      end: '2027-02-26T11:00',
    })
    expect(unknown.status).toBe(404)
    expect(html(unknown).text()).toContain('没有使用该电子邮箱的账号')
    expect(html(unknown).value('#use-email')).toBe('nobody@test.yz')
    const future = await admin.post('/admin/uses', {
      instrumentId: instrument.id,
      email: 'researcher-zs@test.yz',
      start: '2027-03-05T09:00',
      end: '2027-03-05T11:00',
    })
    expect(future.status).toBe(400)
    expect(html(future).text()).toContain('填写的内容有误')
  })

  it('says which plausibility rule a recorded use breaks, in the page language (422)', async () => {
    const { instrument, admin } = await adminWorld()
    await admin.get('/admin')
    const old = await admin.post('/admin/uses', {
      instrumentId: instrument.id,
      email: 'researcher-zs@test.yz',
      start: '1999-12-31T09:00',
      end: '1999-12-31T11:00',
    })
    expect(old.status).toBe(422)
    expect(html(old).text()).toContain('使用记录不能早于 2000 年 1 月 1 日')
    const long = await admin.post('/admin/uses', {
      instrumentId: instrument.id,
      email: 'researcher-zs@test.yz',
      start: '2027-01-01T09:00',
      end: '2027-02-15T09:00',
    })
    expect(long.status).toBe(422)
    expect(html(long).text()).toContain('每次预约最多 31 天')
    const typo = await admin.post('/admin/uses', {
      instrumentId: instrument.id,
      email: 'researcher-zs@test.yz',
      start: '0001-02-26T09:00',
      end: '0001-02-26T11:00',
    })
    expect(typo.status).toBe(400)
  })
})

/** The fields of a complete instrument form, as the browser would post them. */
const instrumentForm = (overrides: Record<string, string> = {}) => ({
  intent: 'save',
  name: '激光共聚焦显微镜',
  model: 'Leica STELLARIS 5',
  manufacturer: '徕卡',
  category: 'optical-microscopy',
  originalValue: '3800000',
  location: '宁波大学科技楼 301',
  contact: '0574-0000000',
  status: 'active',
  mode: 'self',
  timezone: 'Asia/Shanghai',
  specs: '',
  functions: '',
  slotMinutes: '30',
  minMinutes: '60',
  maxMinutes: '240',
  bufferMinutes: '0',
  noticeMinutes: '60',
  horizonDays: '30',
  requiresApproval: '1',
  'hours.0.weekday': '1',
  'hours.0.open': '08:00',
  'hours.0.close': '12:00',
  'hours.1.weekday': '3',
  'hours.1.open': '13:00',
  'hours.1.close': '17:30',
  'hours.2.weekday': '1',
  'hours.2.open': '',
  'hours.2.close': '',
  ...overrides,
})

describe('/admin instruments', () => {
  it('creates an instrument with its opening hours (blank rows ignored)', async () => {
    const { world, admin } = await adminWorld()
    const form = await admin.get('/admin/instruments/new')
    expect(form.status).toBe(200)
    expect(html(form).has('input[name="hours.5.open"]')).toBe(true) // five default rows and spare blank ones
    const created = await admin.post('/admin/instruments', { ...instrumentForm(), institution: 'ignored-for-an-admin' })
    expect(created.status).toBe(303)
    const id = /^\/admin\/instruments\/([\w-]+)\?msg=msg\.staff\.instrumentSaved$/.exec(created.location ?? '')?.[1]
    expect(id).toBeDefined()
    const instrument = (await world.call('GET', `/instruments/${id}`)).json
    expect(instrument).toMatchObject({
      name: '激光共聚焦显微镜',
      institutionId: world.institutions.nbu.id,
      originalValue: 3_800_000,
      minMinutes: 60,
      requiresApproval: true,
      requiresQualification: false,
      openingHours: [
        { weekday: 1, open: '08:00', close: '12:00' },
        { weekday: 3, open: '13:00', close: '17:30' },
      ],
    })
  })

  it('shows the service’s rule errors next to their fields', async () => {
    const { admin } = await adminWorld()
    await admin.get('/admin/instruments/new')
    const page = await admin.post(
      '/admin/instruments',
      instrumentForm({ minMinutes: '300', 'hours.1.close': '12:00', 'hours.0.open': '8h' }),
    )
    expect(page.status).toBe(400)
    // the shape error first (a time that is not HH:mm), as typed
    const shape = html(page)
    expect(shape.value('#h-0-open')).toBe('8h')
    expect(shape.attr('#h-0-open', 'aria-invalid')).toBe('true')
    expect(shape.description('#h-0-open')).toContain('请按 HH:mm 填写')
    expect(shape.text()).toContain('请按 HH:mm 填写')

    const rules = await admin.post(
      '/admin/instruments',
      instrumentForm({ minMinutes: '300', 'hours.1.close': '12:00' }),
    )
    expect(rules.status).toBe(400)
    expect(html(rules).attr('#f-minMinutes', 'aria-invalid')).toBe('true')
    expect(html(rules).attr('#h-1-close', 'aria-invalid')).toBe('true')
    // the rules are said in the page's language, next to their fields
    expect(html(rules).text()).toContain('结束时间须晚于开始时间。')
    expect(html(rules).text()).toContain('最短时长不能超过最长时长。')
    expect(html(rules).text()).not.toContain('Closing time must be after')
  })

  it('adds blank rows without saving, and removes a ticked row', async () => {
    const { world, instrument, admin } = await adminWorld()
    await admin.get(`/admin/instruments/${instrument.id}`)
    const more = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...instrumentForm({ intent: 'more-rows' }),
      version: '1',
    })
    expect(more.status).toBe(200)
    expect(html(more).has('input[name="hours.6.open"]')).toBe(true) // 2 filled rows + 5 blank ones
    expect((await world.call('GET', `/instruments/${instrument.id}`)).json.name).toBe(instrument.name)

    const saved = await admin.post(`/admin/instruments/${instrument.id}`, {
      ...instrumentForm({ 'hours.0.remove': '1' }),
      version: '1',
    })
    expect(saved.location).toBe(`/admin/instruments/${instrument.id}?msg=msg.staff.instrumentSaved`)
    const after = (await world.call('GET', `/instruments/${instrument.id}`)).json
    expect(after.name).toBe('激光共聚焦显微镜')
    expect(after.openingHours).toEqual([{ weekday: 3, open: '13:00', close: '17:30' }])
  })

  it('refuses to save over a change made meanwhile', async () => {
    const { world, instrument, admin } = await adminWorld()
    await admin.get(`/admin/instruments/${instrument.id}`)
    const stale = await admin.post(`/admin/instruments/${instrument.id}`, { ...instrumentForm(), version: '0' })
    expect(stale.status).toBe(409)
    expect(html(stale).text()).toContain('内容已被他人修改')
    expect((await world.call('GET', `/instruments/${instrument.id}`)).json.name).toBe(instrument.name)
  })
})
