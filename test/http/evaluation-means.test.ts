import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'

/* The national means of the evaluation as data: PUT by a platform admin, in force for later years too. */

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const put = (year: number, body: unknown, token = world.accounts.platform.token) =>
  world.call('PUT', `/evaluation/means/${year}`, { token, body })

describe('PUT /evaluation/means/{year}', () => {
  it('sets a year’s means; the next years use them until they get their own', async () => {
    expect((await world.call('GET', '/evaluation/means/2025')).status).toBe(404)
    const set = await put(2025, { effectiveHours: 1599, externalHours: 273 })
    expect(set.status).toBe(200)
    expect(set.json).toEqual({ year: 2025, effectiveHours: 1599, externalHours: 273 })
    expect((await world.call('GET', '/evaluation/means/2024')).status).toBe(404)
    const later = await world.call('GET', '/evaluation/means/2027')
    expect(later.json).toEqual({ year: 2025, forYear: 2027, effectiveHours: 1599, externalHours: 273 })
    await put(2027, { effectiveHours: 1620.5, externalHours: 280.25 })
    expect((await world.call('GET', '/evaluation/means/2027')).json).toMatchObject({
      year: 2027,
      effectiveHours: 1620.5,
    })
    expect((await world.call('GET', '/evaluation/means/2026')).json).toMatchObject({ year: 2025, effectiveHours: 1599 })
    // setting a year again replaces its means
    await put(2025, { effectiveHours: 1600, externalHours: 274 })
    expect((await world.call('GET', '/evaluation/means/2026')).json).toMatchObject({
      effectiveHours: 1600,
      externalHours: 274,
    })
  })

  it('is for platform admins only', async () => {
    for (const who of ['talent', 'adminNbu', 'researcherZs'] as const) {
      expect((await put(2025, { effectiveHours: 1599, externalHours: 273 }, world.accounts[who].token)).status).toBe(
        403,
      )
    }
    expect((await world.call('GET', '/evaluation/means/2025')).status).toBe(404)
  })

  it.each([
    ['negative hours', { effectiveHours: -1, externalHours: 273 }],
    ['more hours than a year has', { effectiveHours: 9000, externalHours: 273 }],
    ['three decimals', { effectiveHours: 1599.125, externalHours: 273 }],
    ['a missing field', { effectiveHours: 1599 }],
    ['hours as text', { effectiveHours: '1599', externalHours: 273 }],
  ])('refuses %s (400)', async (_what, body) => {
    expect((await put(2025, body)).status).toBe(400)
  })

  it('refuses a year outside the records (400)', async () => {
    expect((await put(1999, { effectiveHours: 1599, externalHours: 273 })).status).toBe(400)
  })
})
