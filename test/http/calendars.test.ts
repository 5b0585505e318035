import ICAL from 'ical.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, PUBLIC_URL, type World } from '../support/world.js'

let world: World
beforeEach(async () => {
  world = await createWorld()
})

interface ParsedEvent {
  uid: string
  summary: string
  start: number
  end: number
}

/** Parses an iCalendar text back and returns its VEVENTs; every time must be an instant (UTC or with a zone). */
function eventsOf(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text))
  expect(calendar.name).toBe('vcalendar')
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component)
    for (const time of [event.startDate, event.endDate]) {
      // a floating time would be read in each subscriber's own zone: wrong by hours
      expect(time.zone, `${event.uid} has a floating time`).not.toBe(ICAL.Timezone.localTimezone)
    }
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().getTime(),
      end: event.endDate.toJSDate().getTime(),
    }
  })
}

const spans = (events: ParsedEvent[]) => events.map((e) => [e.start, e.end]).sort((a, b) => a[0]! - b[0]!)
const span = (start: string, end: string) => [Date.parse(start), Date.parse(end)]

async function reserve(token: string, instrumentId: string, start: string, end: string, purpose: string) {
  const res = await world.call('POST', '/reservations', { token, body: { instrumentId, start, end, purpose } })
  expect(res.status).toBe(201)
  return res.json.id as string
}

describe('GET /instruments/{id}/calendar.ics', () => {
  it('lists held and completed reservations and blackouts as busy, with nothing personal', async () => {
    const { researcherZs, researcherNb, adminNbu } = world.accounts
    const tem = await world.instrument({ requiresApproval: true, name: '透射电子显微镜' })
    const purposes = ['深海热液区沉积物的秘密课题', '舟山渔场微塑料', '取消的课题', '被拒绝的课题']

    const approved = await reserve(
      researcherZs.token,
      tem.id,
      '2027-03-02T09:00:00+08:00',
      '2027-03-02T10:00:00+08:00',
      purposes[0]!,
    )
    expect((await world.call('POST', `/reservations/${approved}/approve`, { token: adminNbu.token })).status).toBe(200)
    const pending = await reserve(
      researcherNb.token,
      tem.id,
      '2027-03-02T11:00:00+08:00',
      '2027-03-02T12:00:00+08:00',
      purposes[1]!,
    )
    const cancelled = await reserve(
      researcherZs.token,
      tem.id,
      '2027-03-02T13:00:00+08:00',
      '2027-03-02T14:00:00+08:00',
      purposes[2]!,
    )
    expect((await world.call('POST', `/reservations/${cancelled}/cancel`, { token: researcherZs.token })).status).toBe(
      200,
    )
    const rejected = await reserve(
      researcherNb.token,
      tem.id,
      '2027-03-02T15:00:00+08:00',
      '2027-03-02T16:00:00+08:00',
      purposes[3]!,
    )
    expect((await world.call('POST', `/reservations/${rejected}/reject`, { token: adminNbu.token })).status).toBe(200)
    const use = await world.call('POST', `/instruments/${tem.id}/uses`, {
      token: adminNbu.token,
      body: { userId: researcherZs.id, start: '2027-02-26T22:00:00+08:00', end: '2027-02-27T02:00:00+08:00' },
    })
    expect(use.status).toBe(201)
    const blackout = await world.call('POST', `/instruments/${tem.id}/blackouts`, {
      token: adminNbu.token,
      body: { start: '2027-03-03T14:00:00+08:00', end: '2027-03-03T16:00:00+08:00', reason: '更换灯丝' },
    })
    expect(blackout.status).toBe(201)
    expect(blackout.json.cancelledReservationIds).toEqual([])
    // another instrument's reservation must not appear
    const other = await world.instrument({ name: '拉曼光谱仪' })
    const elsewhere = await reserve(
      researcherZs.token,
      other.id,
      '2027-03-04T09:00:00+08:00',
      '2027-03-04T10:00:00+08:00',
      'x',
    )

    const res = await world.call('GET', `/instruments/${tem.id}/calendar.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/)
    const events = eventsOf(res.text)
    expect(spans(events)).toEqual([
      span('2027-02-26T22:00:00+08:00', '2027-02-27T02:00:00+08:00'), // the recorded (completed) use
      span('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00'), // confirmed
      span('2027-03-02T11:00:00+08:00', '2027-03-02T12:00:00+08:00'), // pending: holds its time
      span('2027-03-03T14:00:00+08:00', '2027-03-03T16:00:00+08:00'), // the blackout
    ])
    for (const event of events) expect(event.summary).toMatch(/busy/i)

    const reservationIds = [approved, pending, cancelled, rejected, use.json.id as string, elsewhere]
    for (const event of events) for (const id of reservationIds) expect(event.uid).not.toContain(id)
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length)
    const personal = [
      ...purposes,
      ...[researcherZs, researcherNb].flatMap((a) => [a.id, a.email, a.email.split('@')[0]!]),
      '更换灯丝', // the blackout's reason is internal too
    ]
    for (const secret of personal) expect(res.text).not.toContain(secret)
  })

  it('answers 404 for an unknown instrument', async () => {
    const res = await world.call('GET', '/instruments/no-such-instrument/calendar.ics')
    expect(res.status).toBe(404)
    expect(res.json.type).toBe('/problems/not-found')
  })
})

describe('GET /me/calendar.ics?key=', () => {
  const feed = (key: string | undefined, headers: Record<string, string> = {}) =>
    world.call('GET', key === undefined ? '/me/calendar.ics' : `/me/calendar.ics?key=${encodeURIComponent(key)}`, {
      headers,
    })
  const keyOf = async (token: string) => {
    const me = await world.call('GET', '/me', { token })
    expect(me.status).toBe(200)
    expect(me.json.calendarFeedKey).toEqual(expect.any(String))
    expect(me.json.calendarFeedKey.length).toBeGreaterThan(0)
    return me.json.calendarFeedKey as string
  }

  it("lists the caller's own reservations only", async () => {
    const { researcherZs, researcherNb, adminNbu } = world.accounts
    const sem = await world.instrument()
    await reserve(researcherZs.token, sem.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', '形貌观察')
    await reserve(researcherNb.token, sem.id, '2027-03-02T10:00:00+08:00', '2027-03-02T11:00:00+08:00', '能谱分析')
    await reserve(researcherZs.token, sem.id, '2027-03-05T14:00:00+08:00', '2027-03-05T15:30:00+08:00', '断口分析')

    const mine = await feed(await keyOf(researcherZs.token))
    expect(mine.status).toBe(200)
    expect(mine.headers.get('content-type')).toMatch(/^text\/calendar/)
    expect(spans(eventsOf(mine.text))).toEqual([
      span('2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00'),
      span('2027-03-05T14:00:00+08:00', '2027-03-05T15:30:00+08:00'),
    ])
    const theirs = await feed(await keyOf(researcherNb.token))
    expect(spans(eventsOf(theirs.text))).toEqual([span('2027-03-02T10:00:00+08:00', '2027-03-02T11:00:00+08:00')])
    // the institute admin sees both reservations through the API, but its own feed holds only its own
    const admin = await feed(await keyOf(adminNbu.token))
    expect(admin.status).toBe(200)
    expect(eventsOf(admin.text)).toEqual([])
  })

  it('refuses a wrong or missing key with 401', async () => {
    const wrong = await feed('not-the-key')
    expect(wrong.status).toBe(401)
    expect(wrong.json.type).toBe('/problems/unauthenticated')
    expect((await feed(undefined)).status).toBe(401)
    expect((await feed('')).status).toBe(401)
  })

  it('ends the old key when the key is renewed', async () => {
    const { researcherZs } = world.accounts
    const old = await keyOf(researcherZs.token)
    expect((await feed(old)).status).toBe(200)
    const renewed = await world.call('POST', '/me/calendar-key', { token: researcherZs.token })
    expect(renewed.status).toBe(200)
    const fresh = renewed.json.calendarFeedKey as string
    expect(fresh).not.toBe(old)
    expect(renewed.json.calendarFeedUrl).toContain(encodeURIComponent(fresh))
    expect(await keyOf(researcherZs.token)).toBe(fresh)
    expect((await feed(old)).status).toBe(401)
    expect((await feed(fresh)).status).toBe(200)
  })

  it('builds the feed URL from PUBLIC_URL, never from the Host header of the request', async () => {
    const { researcherZs } = world.accounts
    const forged = {
      Authorization: `Bearer ${researcherZs.token}`,
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
    }
    const me = await world.app.request('http://evil.example/api/v1/me', { headers: forged })
    const { calendarFeedKey, calendarFeedUrl } = (await me.json()) as Record<string, string>
    expect(calendarFeedUrl).toBe(`${PUBLIC_URL}/api/v1/me/calendar.ics?key=${encodeURIComponent(calendarFeedKey!)}`)
    const renewed = await world.app.request('http://evil.example/api/v1/me/calendar-key', {
      method: 'POST',
      headers: forged,
    })
    const fresh = (await renewed.json()) as Record<string, string>
    expect(fresh.calendarFeedUrl).toBe(
      `${PUBLIC_URL}/api/v1/me/calendar.ics?key=${encodeURIComponent(fresh.calendarFeedKey!)}`,
    )
  })

  it('never accepts the bearer token as the key', async () => {
    const { researcherZs } = world.accounts
    expect((await feed(researcherZs.token)).status).toBe(401)
    // nor a bearer header instead of a key
    const withHeader = await feed(undefined, { Authorization: `Bearer ${researcherZs.token}` })
    expect(withHeader.status).toBe(401)
  })
})

describe('text in the feeds (RFC 5545 §3.3.11): names cannot add lines to a calendar', () => {
  // what an attacker would put into an instrument's name or location: separators, a backslash, a line break that
  // tries to close the calendar and open an event of its own, and a control character
  const hostile = 'SEM;A,B\\C\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:injected\nEND:VEVENT\u0007x'
  /** What a calendar app must read back: the same text, line breaks as LF, the control character as a space. */
  const readBack = 'SEM;A,B\\C\nEND:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:injected\nEND:VEVENT x'

  // X-WR-CALNAME (the de-facto calendar name) and NAME (RFC 7986) are TEXT, as calendar apps read them; ical.js
  // would otherwise treat them as unknown properties and hand back the raw, still escaped, value
  for (const property of ['x-wr-calname', 'name'])
    (ICAL.design.icalendar.property as Record<string, unknown>)[property] ??= { defaultType: 'text' }

  /** The content lines (RFC 5545 §3.1: a line that starts with a space continues the one before). */
  const contentLines = (text: string) =>
    text
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
      .filter(Boolean)

  function expectWellFormed(text: string) {
    const lines = contentLines(text)
    // every line is `NAME[;params]:value` and nothing else; one calendar, opened and closed once
    for (const line of lines) expect(line, line).toMatch(/^[A-Z][A-Z0-9-]*[;:]/)
    expect(lines.filter((line) => line === 'BEGIN:VCALENDAR')).toHaveLength(1)
    expect(lines.filter((line) => line === 'END:VCALENDAR')).toHaveLength(1)
    expect(lines.at(-1)).toBe('END:VCALENDAR')
    expect(text).not.toMatch(/(?![\r\n])\p{Cc}/u)
  }

  it('escapes the instrument name in NAME and X-WR-CALNAME of its busy feed: no event is injected', async () => {
    // stored before names were checked (the API refuses it now: test/http/input-bounds.test.ts)
    const sem = await world.instrument({ name: hostile })
    await reserve(
      world.accounts.researcherZs.token,
      sem.id,
      '2027-03-02T09:00:00+08:00',
      '2027-03-02T10:00:00+08:00',
      '',
    )
    const res = await world.call('GET', `/instruments/${sem.id}/calendar.ics`)
    expect(res.status).toBe(200)
    expectWellFormed(res.text)
    expect(eventsOf(res.text)).toHaveLength(1)
    const calendar = new ICAL.Component(ICAL.parse(res.text))
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`${readBack} — 占用 / busy`)
    expect(calendar.getFirstPropertyValue('name')).toBe(`${readBack} — 占用 / busy`)
  })

  it('escapes the instrument name and location in SUMMARY and LOCATION of the personal feed', async () => {
    const { researcherZs } = world.accounts
    const sem = await world.instrument({ name: hostile, location: hostile })
    await reserve(researcherZs.token, sem.id, '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00', '')
    const key = (await world.call('GET', '/me', { token: researcherZs.token })).json.calendarFeedKey as string
    const res = await world.call('GET', `/me/calendar.ics?key=${encodeURIComponent(key)}`)
    expect(res.status).toBe(200)
    expectWellFormed(res.text)
    const calendar = new ICAL.Component(ICAL.parse(res.text))
    const events = calendar.getAllSubcomponents('vevent')
    expect(events).toHaveLength(1)
    const event = new ICAL.Event(events[0]!)
    expect(event.summary).toBe(`${readBack} (confirmed)`)
    expect(event.location).toBe(readBack)
  })
})
