import { expect, it } from 'vitest'
import { createWorld } from '../support/world.js'

it('records who changed which rule of an instrument, and when', async () => {
  const world = await createWorld()
  const sem = await world.instrument()
  const token = world.accounts.adminNbu.token
  const read = await world.call('GET', `/instruments/${sem.id}`)
  const patched = await world.call('PATCH', `/instruments/${sem.id}`, {
    token,
    body: { bufferMinutes: 15, requiresApproval: true },
    headers: { 'If-Match': read.headers.get('etag')! },
  })
  expect(patched.status).toBe(200)
  world.clock.advance(60_000)
  await world.call('PATCH', `/instruments/${sem.id}`, { token, body: { status: 'maintenance' } })
  const history = await world.call('GET', `/instruments/${sem.id}/history`, { token })
  expect(history.status).toBe(200)
  expect(history.json.items).toEqual([
    {
      at: '2027-03-01T00:00:00.000Z',
      actorId: world.accounts.adminNbu.id,
      changes: { bufferMinutes: { from: 0, to: 15 }, requiresApproval: { from: false, to: true } },
    },
    {
      at: '2027-03-01T00:01:00.000Z',
      actorId: world.accounts.adminNbu.id,
      changes: { status: { from: 'active', to: 'maintenance' } },
    },
  ])
  const researcher = await world.call('GET', `/instruments/${sem.id}/history`, {
    token: world.accounts.researcherNb.token,
  })
  expect(researcher.status).toBe(403)
})
