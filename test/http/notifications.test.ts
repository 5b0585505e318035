import { describe, expect, it } from 'vitest'
import { runDueJobs } from '../../src/services/jobs.js'
import { type Account, createWorld, PUBLIC_URL, type World } from '../support/world.js'

/** Notifications (DOMAIN.md "Notifications", API.md): written with their event, shown to their recipient only. */

const TUE_9 = '2027-03-02T09:00:00+08:00'
const TUE_10 = '2027-03-02T10:00:00+08:00'

async function book(world: World, who: Account, instrumentId: string, start = TUE_9, end = TUE_10) {
  return world.call('POST', '/reservations', {
    token: who.token,
    body: { instrumentId, start, end, purpose: '样品形貌观察' },
  })
}

const inbox = async (world: World, who: Account, query = '') => {
  const res = await world.call('GET', `/me/notifications${query}`, { token: who.token })
  expect(res.status).toBe(200)
  return res.json as {
    items: { id: string; kind: string; title: string; body: string; link: string; readAt: string | null }[]
    nextCursor: string | null
    unread: number
  }
}

describe('notifications of a reservation', () => {
  it('tells the instrument’s admins of a request, and the researcher of its approval, in their languages', async () => {
    const world = await createWorld()
    const { researcherZs, adminNbu, adminZjou } = world.accounts
    const instrument = await world.instrument({ requiresApproval: true })
    const made = await book(world, researcherZs, instrument.id)
    expect(made.status).toBe(201)

    const adminBox = await inbox(world, adminNbu)
    expect(adminBox.unread).toBe(1)
    expect(adminBox.items).toHaveLength(1)
    expect(adminBox.items[0]).toMatchObject({ kind: 'approval-requested', link: `${PUBLIC_URL}/admin`, readAt: null })
    expect(adminBox.items[0]!.title).toContain(instrument.name)
    expect(adminBox.items[0]!.body).toContain('2027年3月2日 周二 09:00–10:00')
    expect(adminBox.items[0]!.body).toContain('researcher-zs')
    // nobody else is told
    expect((await inbox(world, adminZjou)).items).toHaveLength(0)
    expect((await inbox(world, researcherZs)).items).toHaveLength(0)

    const english = await world.call('PATCH', '/me', { token: researcherZs.token, body: { language: 'en' } })
    expect(english.status).toBe(200)
    expect(english.json.language).toBe('en')
    const approved = await world.call('POST', `/reservations/${made.json.id}/approve`, { token: adminNbu.token })
    expect(approved.status).toBe(200)
    const mine = await inbox(world, researcherZs)
    expect(mine.items.map((n) => n.kind)).toEqual(['approved'])
    expect(mine.items[0]!.title).toBe(`Reservation approved: ${instrument.name}`)
    expect(mine.items[0]!.link).toBe(`${PUBLIC_URL}/me`)
  })

  it('tells the researcher of a rejection with its reason, and of an admin’s cancellation, not of their own', async () => {
    const world = await createWorld()
    const { researcherZs, adminNbu } = world.accounts
    const instrument = await world.instrument({ requiresApproval: true })
    const first = await book(world, researcherZs, instrument.id)
    const rejected = await world.call('POST', `/reservations/${first.json.id}/reject`, {
      token: adminNbu.token,
      body: { reason: '样品不适用' },
    })
    expect(rejected.status).toBe(200)
    const plain = await world.instrument()
    const second = await book(world, researcherZs, plain.id)
    const third = await book(world, researcherZs, plain.id, '2027-03-03T09:00:00+08:00', '2027-03-03T10:00:00+08:00')
    expect(
      (await world.call('POST', `/reservations/${second.json.id}/cancel`, { token: adminNbu.token, body: {} })).status,
    ).toBe(200)
    expect(
      (await world.call('POST', `/reservations/${third.json.id}/cancel`, { token: researcherZs.token, body: {} }))
        .status,
    ).toBe(200)
    const mine = await inbox(world, researcherZs)
    expect(mine.items.map((n) => n.kind).sort()).toEqual(['cancelled-by-admin', 'rejected'])
    expect(mine.items.find((n) => n.kind === 'rejected')!.body).toContain('理由：样品不适用')
  })

  it('tells each researcher whose booking a blackout cancelled, in the blackout’s write', async () => {
    const world = await createWorld()
    const { researcherZs, researcherNb, adminNbu } = world.accounts
    const instrument = await world.instrument()
    await book(world, researcherZs, instrument.id)
    await book(world, researcherNb, instrument.id, TUE_10, '2027-03-02T11:00:00+08:00')
    await book(world, researcherNb, instrument.id, '2027-03-04T09:00:00+08:00', '2027-03-04T10:00:00+08:00')
    const blackout = await world.call('POST', `/instruments/${instrument.id}/blackouts`, {
      token: adminNbu.token,
      body: { start: '2027-03-02T08:00:00+08:00', end: '2027-03-02T18:00:00+08:00', reason: '电子枪更换' },
    })
    expect(blackout.status).toBe(201)
    for (const who of [researcherZs, researcherNb]) {
      const box = await inbox(world, who)
      expect(box.items.map((n) => n.kind)).toEqual(['cancelled-by-blackout'])
      expect(box.items[0]!.body).toContain('电子枪更换')
    }
  })

  it('writes nothing when the event is refused: a taken slot notifies nobody', async () => {
    const world = await createWorld()
    const instrument = await world.instrument({ requiresApproval: true })
    expect((await book(world, world.accounts.researcherZs, instrument.id)).status).toBe(201)
    expect((await book(world, world.accounts.researcherZs2, instrument.id)).status).toBe(409)
    expect((await inbox(world, world.accounts.adminNbu)).items).toHaveLength(1)
  })

  it('reminds 24 hours before a confirmed start, once, and not a booking made later than that', async () => {
    const world = await createWorld('2027-02-26T08:00:00+08:00') // Friday
    const { researcherZs, researcherNb } = world.accounts
    const instrument = await world.instrument()
    const early = await book(world, researcherZs, instrument.id) // Tuesday 09:00
    expect(early.status).toBe(201)
    world.clock.set('2027-03-01T08:59:59.999+08:00')
    await runDueJobs(world.deps)
    expect((await inbox(world, researcherZs)).items).toHaveLength(0)
    world.clock.set('2027-03-01T09:00:00+08:00') // 24 h before
    for (let run = 0; run < 3; run++) await runDueJobs(world.deps)
    const box = await inbox(world, researcherZs)
    expect(box.items.map((n) => n.kind)).toEqual(['reminder'])
    expect(box.items[0]!.body).toContain('2027年3月2日 周二 09:00–10:00')
    // booked 23.5 hours ahead: its confirmation was the notice, no reminder follows
    world.clock.set('2027-03-01T10:30:00+08:00')
    expect((await book(world, researcherNb, instrument.id, TUE_10, '2027-03-02T11:00:00+08:00')).status).toBe(201)
    await runDueJobs(world.deps)
    expect((await inbox(world, researcherNb)).items).toHaveLength(0)
  })
})

describe('the list and marking read', () => {
  it('pages newest first, filters unread, marks one and all read; another user’s notice is 404', async () => {
    const world = await createWorld()
    const { researcherZs, adminNbu } = world.accounts
    const instrument = await world.instrument({ requiresApproval: true })
    for (let day = 2; day <= 4; day++) {
      world.clock.advance(1000)
      await book(world, researcherZs, instrument.id, `2027-03-0${day}T09:00:00+08:00`, `2027-03-0${day}T10:00:00+08:00`)
    }
    const first = await inbox(world, adminNbu, '?limit=2')
    expect(first.items).toHaveLength(2)
    expect(first.unread).toBe(3)
    expect(first.items[0]!.body).toContain('3月4日')
    const rest = await inbox(world, adminNbu, `?limit=2&cursor=${first.nextCursor}`)
    expect(rest.items).toHaveLength(1)
    expect(rest.nextCursor).toBeNull()
    expect(rest.items[0]!.body).toContain('3月2日')

    const id = first.items[0]!.id
    const path = `/me/notifications/${encodeURIComponent(id)}/read`
    expect((await world.call('POST', path, { token: researcherZs.token })).status).toBe(404)
    expect((await world.call('POST', path, { token: adminNbu.token })).status).toBe(204)
    expect((await world.call('POST', path, { token: adminNbu.token })).status).toBe(204) // again: still read
    const unread = await inbox(world, adminNbu, '?unread=true')
    expect(unread.unread).toBe(2)
    expect(unread.items.map((n) => n.id)).not.toContain(id)
    const all = await world.call('POST', '/me/notifications/read-all', { token: adminNbu.token })
    expect(all.json).toEqual({ marked: 2 })
    expect((await inbox(world, adminNbu)).unread).toBe(0)
    expect((await world.call('POST', '/me/notifications/nope/read', { token: adminNbu.token })).status).toBe(404)
  })

  it('refuses an unknown language and a bad cursor with 400', async () => {
    const world = await createWorld()
    const token = world.accounts.researcherZs.token
    const bad = await world.call('PATCH', '/me', { token, body: { language: 'fr' } })
    expect(bad.status).toBe(400)
    expect((await world.call('GET', '/me', { token })).json.language).toBe('zh')
    expect((await world.call('GET', '/me/notifications?cursor=xyz', { token })).status).toBe(400)
  })
})
