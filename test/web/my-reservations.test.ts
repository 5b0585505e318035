import { describe, expect, it } from 'vitest'
import { createWorld, PUBLIC_URL } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

async function booked(start = '2027-03-02T09:00:00+08:00', end = '2027-03-02T10:00:00+08:00') {
  const world = await createWorld()
  const instrument = await world.instrument()
  const response = await world.call('POST', '/reservations', {
    token: world.accounts.researcherZs.token,
    body: { instrumentId: instrument.id, start, end },
  })
  expect(response.status).toBe(201)
  const b = browser(world)
  b.signInAs(world.accounts.researcherZs)
  return { world, instrument, b, id: response.json.id as string }
}

describe('my reservations', () => {
  it('lists upcoming ones with a status badge, a cancel link and my ICS feed', async () => {
    const { world, b, id } = await booked()
    const page = await b.get('/me')
    expect(page.status).toBe(200)
    const text = html(page).text()
    expect(text).toContain('即将进行')
    expect(text).toContain('2027年3月2日 周二 09:00–10:00')
    const row = `section[aria-labelledby="upcoming"] tr#reservation-${id}`
    expect(html(page).text(`${row} .badge.ok`)).toBe('已确认')
    expect(html(page).has(`${row} a[href="/me/reservations/${id}/cancel"]`)).toBe(true)
    const feed = html(page).attr('a[type="text/calendar"]', 'href')
    expect(feed).toBe(`${PUBLIC_URL}/api/v1/me/calendar.ics?key=feed-${world.accounts.researcherZs.id}`)
    // a forged Host header changes nothing: the link is built from PUBLIC_URL
    const forged = await b.get('/me', { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' })
    expect(html(forged).attr('a[type="text/calendar"]', 'href')).toMatch(
      new RegExp(`^${PUBLIC_URL}/api/v1/me/calendar.ics\\?key=`),
    )
    expect(forged.text).not.toContain('evil.example')
    // another researcher sees none of it
    const other = browser(world)
    other.signInAs(world.accounts.researcherNb)
    expect(html(await other.get('/me')).mentions(id)).toBe(false)
  })

  it('cancels after a confirmation step', async () => {
    const { world, b, id } = await booked()
    const confirm = await b.get(`/me/reservations/${id}/cancel`)
    expect(confirm.status).toBe(200)
    expect(html(confirm).text()).toContain('确定要取消')
    const status = async () =>
      (await world.call('GET', `/reservations/${id}`, { token: world.accounts.researcherZs.token })).json.status
    expect(await status()).toBe('confirmed') // the confirmation page changes nothing
    const done = await b.post(`/me/reservations/${id}/cancel`)
    expect(done.status).toBe(303)
    expect(done.location).toBe('/me?msg=msg.cancelled')
    expect(await status()).toBe('cancelled')
    const me = await b.get(done.location!)
    expect(html(me).text()).toContain('预约已取消')
    expect(html(me).text(`tr#reservation-${id} .badge.muted`)).toBe('已取消')
  })

  it('does not let another researcher cancel it', async () => {
    const { world, id } = await booked()
    const other = browser(world)
    other.signInAs(world.accounts.researcherNb)
    expect((await other.get(`/me/reservations/${id}/cancel`)).status).toBe(404)
    await other.get('/me')
    expect((await other.post(`/me/reservations/${id}/cancel`)).status).toBe(404)
    const r = await world.call('GET', `/reservations/${id}`, { token: world.accounts.researcherZs.token })
    expect(r.json.status).toBe('confirmed')
  })

  it('checks in and out when the time has come', async () => {
    const { world, b, id } = await booked('2027-03-01T10:00:00+08:00', '2027-03-01T11:00:00+08:00')
    expect(html(await b.get('/me')).mentions(`/me/reservations/${id}/check-in`)).toBe(false)
    world.clock.set('2027-03-01T09:50:00+08:00')
    const before = await b.get('/me')
    expect(html(before).has(`form[action="/me/reservations/${id}/check-in"]`)).toBe(true)
    const checkedIn = await b.post(`/me/reservations/${id}/check-in`)
    expect(checkedIn.location).toBe('/me?msg=msg.checkedIn')
    const during = await b.get('/me')
    expect(html(during).text(`tr#reservation-${id} .badge.info`)).toBe('使用中')
    expect((await b.post(`/me/reservations/${id}/check-out`)).location).toBe('/me?msg=msg.checkedOut')
    const r = await world.call('GET', `/reservations/${id}`, { token: world.accounts.researcherZs.token })
    expect(r.json.status).toBe('completed')
  })

  it('reports a refused action on the page', async () => {
    const { world, b, id } = await booked()
    world.clock.set('2027-03-02T09:30:00+08:00') // started: a researcher may no longer cancel
    await b.get('/me')
    const refused = await b.post(`/me/reservations/${id}/cancel`)
    expect(refused.location).toBe('/me?err=invalid-transition')
    expect(html(await b.get(refused.location!)).text()).toContain('当前状态下不能进行此操作')
  })
})
