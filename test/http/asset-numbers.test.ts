import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, type World, weekdayHours } from '../support/world.js'

/* 资产编号: an optional instrument setting, unique within its institution when given. */

let world: World
beforeEach(async () => {
  world = await createWorld()
})

const create = (institutionId: string, assetNumber: unknown, token = world.accounts.adminNbu.token) =>
  world.call('POST', '/instruments', {
    token,
    body: { institutionId, name: 'X射线衍射仪', category: 'analytical', openingHours: weekdayHours, assetNumber },
  })

describe('assetNumber', () => {
  it('is optional, trimmed, and answered with the instrument (null when none)', async () => {
    const without = await world.call('POST', '/instruments', {
      token: world.accounts.adminNbu.token,
      body: {
        institutionId: world.institutions.nbu.id,
        name: '拉曼光谱仪',
        category: 'spectroscopy',
        openingHours: weekdayHours,
      },
    })
    expect(without.status).toBe(201)
    expect(without.json.assetNumber).toBeNull()
    const withOne = await create(world.institutions.nbu.id, '  NBU-2019-0042 ')
    expect(withOne.status).toBe(201)
    expect(withOne.json.assetNumber).toBe('NBU-2019-0042')
    const read = await world.call('GET', `/instruments/${withOne.json.id}`)
    expect(read.json.assetNumber).toBe('NBU-2019-0042')
  })

  it('is unique within an institution (409 duplicate), not across institutions', async () => {
    expect((await create(world.institutions.nbu.id, 'A-001')).status).toBe(201)
    const twice = await create(world.institutions.nbu.id, 'A-001')
    expect(twice.status).toBe(409)
    expect(twice.json.type).toBe('/problems/duplicate')
    expect(twice.json.detail).toContain('A-001')
    const elsewhere = await create(world.institutions.zjou.id, 'A-001', world.accounts.adminZjou.token)
    expect(elsewhere.status).toBe(201)
  })

  it('can be changed, cleared with "" or null, and not taken from another instrument by PATCH', async () => {
    const first = await create(world.institutions.nbu.id, 'A-001')
    const second = await create(world.institutions.nbu.id, 'A-002')
    const token = world.accounts.adminNbu.token
    const taken = await world.call('PATCH', `/instruments/${second.json.id}`, { token, body: { assetNumber: 'A-001' } })
    expect(taken.status).toBe(409)
    const cleared = await world.call('PATCH', `/instruments/${first.json.id}`, { token, body: { assetNumber: '' } })
    expect(cleared.json.assetNumber).toBeNull()
    const moved = await world.call('PATCH', `/instruments/${second.json.id}`, { token, body: { assetNumber: 'A-001' } })
    expect(moved.json.assetNumber).toBe('A-001')
    const nulled = await world.call('PATCH', `/instruments/${second.json.id}`, { token, body: { assetNumber: null } })
    expect(nulled.json.assetNumber).toBeNull()
    // two instruments without one never collide
    expect((await world.call('GET', `/instruments/${first.json.id}`)).json.assetNumber).toBeNull()
  })

  it.each([
    ['a control character', 'A-001\u0000'],
    ['a line break', 'A-\n001'],
    ['over 100 characters', 'A'.repeat(101)],
    ['a number', 42],
  ])('refuses %s (400)', async (_what, assetNumber) => {
    const res = await create(world.institutions.nbu.id, assetNumber)
    expect(res.status).toBe(400)
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['assetNumber'])
  })
})
