import { describe, expect, it } from 'vitest'
import { createWorld } from '../support/world.js'
import { browser, type Page } from './client.js'
import { html, textOf } from './html.js'

async function worldWithBooking() {
  const world = await createWorld()
  const instrument = await world.instrument({ location: '理科楼 101', originalValue: 8_505_000 })
  const booked = await world.call('POST', '/reservations', {
    token: world.accounts.researcherNb.token,
    body: {
      instrumentId: instrument.id,
      start: '2027-03-02T09:00:00+08:00',
      end: '2027-03-02T10:00:00+08:00',
      purpose: '秘密的样品',
    },
  })
  expect(booked.status).toBe(201)
  return { world, instrument }
}

/** The cell of the week table at a row time and a day column (0 = Monday): its state (class) and its words. */
function cell(page: Page, time: string, day: number) {
  const row = html(page)
    .select('table.week tbody tr')
    .find((tr) => tr.querySelector('th[scope="row"]')?.text === time)
  const td = row?.querySelectorAll('td')[day]
  return { state: td?.getAttribute('class') ?? '', text: td ? textOf(td) : '' }
}

describe('the instrument page', () => {
  it('shows the fields, the rules in words and the ICS link', async () => {
    const { world, instrument } = await worldWithBooking()
    const page = await browser(world).get(`/instruments/${instrument.id}`)
    expect(page.status).toBe(200)
    const text = html(page).text()
    expect(text).toContain('Zeiss Sigma 300')
    expect(text).toContain('850.5 万元')
    expect(text).toContain('宁波大学')
    expect(text).toContain('开放时间：周一至周五 08:00–18:00')
    expect(html(page).has(`a[href="/api/v1/instruments/${instrument.id}/calendar.ics"]`)).toBe(true)
    const english = html(await browser(world).get(`/instruments/${instrument.id}?lang=en`)).text()
    expect(english).toContain('CNY 8.51 million')
  })

  it('shows the week grid with the reservation busy and no name', async () => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    const page = await b.get(`/instruments/${instrument.id}?week=2027-03-01`)
    expect(cell(page, '09:00', 1).state).toBe('busy')
    expect(cell(page, '09:00', 1).text).toContain('已占用')
    expect(cell(page, '09:30', 1).state).toBe('busy')
    expect(cell(page, '10:00', 1).state).toBe('free')
    expect(cell(page, '09:00', 5).text).toContain('不开放') // Saturday
    expect(html(page).mentions('researcher-nb')).toBe(false)
    expect(html(page).mentions('秘密的样品')).toBe(false)
    // the week after has no busy cell
    const next = await b.get(`/instruments/${instrument.id}?week=2027-03-08`)
    expect(cell(next, '09:00', 1).state).toBe('free')
    expect(html(next).text('table.week thead th')).toContain('3月9日 周二')
  })

  it('fills the booking form from a chosen free slot', async () => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    const page = await b.get(`/instruments/${instrument.id}?week=2027-03-01`)
    const href = html(page).attr('table.week td.free a[aria-label="选择 2027年3月3日 周三 11:00"]', 'href')
    expect(href).toBeDefined()
    const form = html(await b.get(href!))
    for (const [id, name, value] of [
      ['#book-start', 'start', '2027-03-03T11:00'],
      ['#book-end', 'end', '2027-03-03T11:30'],
    ] as const) {
      expect(form.one(id).getAttribute('name')).toBe(name)
      expect(form.one(id).getAttribute('type')).toBe('datetime-local')
      expect(form.one(id).hasAttribute('required')).toBe(true)
      expect(form.value(id)).toBe(value)
    }
  })
})

describe('booking through the form', () => {
  it('creates a reservation and shows it under my reservations', async () => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const done = await b.post(`/instruments/${instrument.id}/book`, {
      start: '2027-03-03T09:00',
      end: '2027-03-03T10:30',
      purpose: '形貌观察',
    })
    expect(done.status).toBe(303)
    expect(done.location).toBe('/me?msg=msg.booked')
    const mine = await world.call('GET', '/reservations', { token: world.accounts.researcherZs.token })
    expect(mine.json.items).toHaveLength(1)
    expect(mine.json.items[0]).toMatchObject({
      status: 'confirmed',
      purpose: '形貌观察',
      start: '2027-03-03T01:00:00.000Z',
    })
    const me = await b.get(done.location!)
    expect(html(me).text()).toContain('预约成功')
    expect(html(me).text()).toContain('2027年3月3日 周三 09:00–10:30')
  })

  it('says plainly when the time is taken and offers the nearest free slots', async () => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const page = await b.post(`/instruments/${instrument.id}/book`, {
      start: '2027-03-02T09:30',
      end: '2027-03-02T10:30',
    })
    expect(page.status).toBe(409)
    const text = html(page).text()
    expect(text).toContain('这个时段已被占用')
    expect(text).toContain('最近的空闲时段')
    expect(text).toContain('2027年3月2日 周二 10:00–11:00')
    expect(text).toContain('2027年3月2日 周二 08:00–09:00')
    expect(html(page).value('#book-start')).toBe('2027-03-02T09:30') // the form keeps what was typed
    const mine = await world.call('GET', '/reservations', { token: world.accounts.researcherZs.token })
    expect(mine.json.items).toHaveLength(0)
  })

  it('names the broken rule', async () => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const page = await b.post(`/instruments/${instrument.id}/book`, {
      start: '2027-03-06T09:00',
      end: '2027-03-06T10:00',
    })
    expect(page.status).toBe(422)
    expect(html(page).text()).toContain('超出了仪器的开放时间')
  })

  it.each([
    ['year 9999', '9999-03-03T09:00', '9999-03-03T10:00'],
    ['year 0001', '0001-03-03T09:00', '0001-03-03T10:00'],
    ['an expanded year', '+275760-03-03T09:00', '+275760-03-03T10:00'],
    ['the hour 24', '2027-03-03T24:00', '2027-03-04T01:00'],
    ['an offset beyond ±14:00', '2027-03-03T09:00+99:99', '2027-03-03T10:00'],
  ])('refuses %s in the booking form (the API’s own instant reader): 400, nothing booked', async (_, start, end) => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const page = await b.post(`/instruments/${instrument.id}/book`, { start, end })
    expect(page.status).toBe(400)
    expect(html(page).text()).toContain('请填写有效的开始和结束时间')
    const mine = await world.call('GET', '/reservations', { token: world.accounts.researcherZs.token })
    expect(mine.json.items).toHaveLength(0)
  })

  it('refuses a purpose with control characters (the API’s own text rule): 400, nothing booked', async () => {
    const { world, instrument } = await worldWithBooking()
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const page = await b.post(`/instruments/${instrument.id}/book`, {
      start: '2027-03-03T09:00',
      end: '2027-03-03T10:00',
      purpose: '形貌\u0007观察',
    })
    expect(page.status).toBe(400)
    const mine = await world.call('GET', '/reservations', { token: world.accounts.researcherZs.token })
    expect(mine.json.items).toHaveLength(0)
  })

  it('goes to approval on an approval instrument', async () => {
    const world = await createWorld()
    const instrument = await world.instrument({ requiresApproval: true })
    const b = browser(world)
    b.signInAs(world.accounts.researcherZs)
    await b.get(`/instruments/${instrument.id}`)
    const done = await b.post(`/instruments/${instrument.id}/book`, {
      start: '2027-03-03T09:00',
      end: '2027-03-03T10:00',
    })
    expect(done.location).toBe('/me?msg=msg.bookedPending')
    const me = await b.get('/me')
    expect(html(me).text()).toContain('待审批')
  })

  it('offers no form to a talent office and a 404 page for an unknown instrument', async () => {
    const world = await createWorld()
    const instrument = await world.instrument()
    const b = browser(world)
    b.signInAs(world.accounts.talent)
    const page = await b.get(`/instruments/${instrument.id}`)
    expect(html(page).has('#book-start')).toBe(false)
    expect(html(page).text()).toContain('当前账号不能预约仪器')
    const missing = await b.get('/instruments/no-such-id')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('text/html')
  })
})
