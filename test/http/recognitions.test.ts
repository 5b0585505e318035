import { beforeEach, describe, expect, it } from 'vitest'
import type { Instrument } from '../../src/domain/types.js'
import { createWorld, type World } from '../support/world.js'

/*
 * Qualification recognition (资格互认) through the API: 宁波大学's Apreo 2 SEM recognises the qualifications 浙江海洋大学
 * grants on its own Apreo 2 (typed in full-width, as it often is), and researcherZs, trained in Zhoushan, books the
 * Ningbo instrument without being trained again.
 */

let world: World
let ningboSem: Instrument
let zhoushanSem: Instrument

const as = (who: keyof World['accounts']) => ({ token: world.accounts[who].token })

async function book(who: keyof World['accounts'], start: string, end: string, instrument = ningboSem) {
  return world.call('POST', '/reservations', {
    ...as(who),
    body: { instrumentId: instrument.id, start, end, purpose: '断口形貌观察' },
  })
}

async function recogniseZjou(extra: Record<string, unknown> = {}) {
  const res = await world.call('POST', `/instruments/${ningboSem.id}/recognitions`, {
    ...as('adminNbu'),
    body: { issuingInstitutionId: world.institutions.zjou.id, ...extra },
  })
  expect(res.status).toBe(201)
  return res.json
}

beforeEach(async () => {
  world = await createWorld()
  ningboSem = await world.instrument({ model: 'Apreo 2', requiresQualification: true, noticeMinutes: 0 })
  zhoushanSem = await world.instrument({
    institutionId: world.institutions.zjou.id,
    name: '扫描电子显微镜',
    model: 'Ａｐｒｅｏ　２',
    requiresQualification: true,
  })
  for (const who of ['researcherZs', 'researcherZs2'] as const) {
    const granted = await world.call('POST', `/instruments/${zhoushanSem.id}/qualifications`, {
      ...as('adminZjou'),
      body: { userId: world.accounts[who].id },
    })
    expect(granted.status).toBe(201)
  }
})

describe('recognising another institution’s qualifications', () => {
  it('offers the institutions whose people are qualified on the same category and model', async () => {
    await world.instrument({ institutionId: world.institutions.zjou.id, model: 'Sigma 300' }) // another model
    const res = await world.call('GET', `/instruments/${ningboSem.id}/recognition-candidates`, as('adminNbu'))
    expect(res.status).toBe(200)
    expect(res.json.items).toEqual([
      {
        institution: world.institutions.zjou,
        qualifiedPeople: 2,
        instruments: [{ id: zhoushanSem.id, name: '扫描电子显微镜', model: 'Ａｐｒｅｏ　２', qualifiedPeople: 2 }],
        recognitionId: null,
      },
    ])
    const recognition = await recogniseZjou()
    const after = await world.call('GET', `/instruments/${ningboSem.id}/recognition-candidates`, as('adminNbu'))
    expect(after.json.items[0].recognitionId).toBe(recognition.id)
  })

  it('records who recognised whom and until when; anyone may read it', async () => {
    const recognition = await recogniseZjou({ expiresAt: '2028-03-01T00:00:00+08:00' })
    expect(recognition).toMatchObject({
      instrumentId: ningboSem.id,
      issuingInstitutionId: world.institutions.zjou.id,
      issuingInstitution: { name: '浙江海洋大学', city: 'zhoushan' },
      createdBy: world.accounts.adminNbu.id,
      createdAt: '2027-03-01T00:00:00.000Z',
      expiresAt: '2028-02-29T16:00:00.000Z',
      revokedAt: null,
      inForce: true,
    })
    const list = await world.call('GET', `/instruments/${ningboSem.id}/recognitions`)
    expect(list.status).toBe(200)
    expect(list.json.items).toEqual([recognition])
  })

  it('refuses the own institution (422), a second one in force (409), an unknown one (404), a stranger (403)', async () => {
    const own = await world.call('POST', `/instruments/${ningboSem.id}/recognitions`, {
      ...as('adminNbu'),
      body: { issuingInstitutionId: world.institutions.nbu.id },
    })
    expect(own.status).toBe(422)
    expect(own.json).toMatchObject({ type: '/problems/rule-violation', rule: 'own-institution' })
    await recogniseZjou()
    const twice = await world.call('POST', `/instruments/${ningboSem.id}/recognitions`, {
      ...as('adminNbu'),
      body: { issuingInstitutionId: world.institutions.zjou.id },
    })
    expect(twice.status).toBe(409)
    expect(twice.json.type).toBe('/problems/duplicate')
    const unknown = await world.call('POST', `/instruments/${ningboSem.id}/recognitions`, {
      ...as('adminNbu'),
      body: { issuingInstitutionId: 'no-such-institution' },
    })
    expect(unknown.status).toBe(404)
    const stranger = await world.call('POST', `/instruments/${ningboSem.id}/recognitions`, {
      ...as('adminZjou'),
      body: { issuingInstitutionId: world.institutions.nimte.id },
    })
    expect(stranger.status).toBe(403)
    const past = await world.call('POST', `/instruments/${ningboSem.id}/recognitions`, {
      ...as('adminNbu'),
      body: { issuingInstitutionId: world.institutions.nimte.id, expiresAt: '2027-02-28T00:00:00+08:00' },
    })
    expect(past.status).toBe(400)
    const list = await world.call('GET', `/instruments/${ningboSem.id}/recognitions`)
    expect(list.json.items).toHaveLength(1)
  })

  it('may recognise the same institution again once the first is revoked', async () => {
    const first = await recogniseZjou()
    expect(
      (await world.call('DELETE', `/instruments/${ningboSem.id}/recognitions/${first.id}`, as('adminNbu'))).status,
    ).toBe(204)
    const again = await recogniseZjou()
    expect(again.id).not.toBe(first.id)
    const list = await world.call('GET', `/instruments/${ningboSem.id}/recognitions`)
    expect(list.json.items.map((r: { inForce: boolean }) => r.inForce).sort()).toEqual([false, true])
  })
})

describe('booking under a recognition', () => {
  it('is refused without one: the Zhoushan training alone does not qualify in Ningbo', async () => {
    const res = await book('researcherZs', '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    expect(res.status).toBe(403)
    expect(res.json.type).toBe('/problems/not-qualified')
  })

  it('goes pending first, confirms at once after an approval, and the completed use grants the own qualification', async () => {
    await recogniseZjou()
    const first = await book('researcherZs', '2027-03-01T09:00:00+08:00', '2027-03-01T10:00:00+08:00')
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({ status: 'pending', underRecognition: true })
    // still waiting: a second request waits too
    const waiting = await book('researcherZs', '2027-03-03T09:00:00+08:00', '2027-03-03T10:00:00+08:00')
    expect(waiting.json).toMatchObject({ status: 'pending', underRecognition: true })
    expect((await world.call('POST', `/reservations/${first.json.id}/approve`, as('adminNbu'))).status).toBe(200)
    const second = await book('researcherZs', '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    expect(second.json).toMatchObject({ status: 'confirmed', underRecognition: true })

    world.clock.set('2027-03-01T08:55:00+08:00')
    expect((await world.call('POST', `/reservations/${first.json.id}/check-in`, as('researcherZs'))).status).toBe(200)
    world.clock.set('2027-03-01T09:50:00+08:00')
    const out = await world.call('POST', `/reservations/${first.json.id}/check-out`, as('researcherZs'))
    expect(out.json).toMatchObject({ status: 'completed', underRecognition: true })

    const qualified = await world.call('GET', `/instruments/${ningboSem.id}/qualifications`, as('adminNbu'))
    expect(qualified.json.items).toEqual([
      expect.objectContaining({
        userId: world.accounts.researcherZs.id,
        byRecognition: true,
        recognitionId: expect.any(String),
        expiresAt: null,
      }),
    ])
    // now qualified on the instrument itself: no longer under a recognition
    const own = await book('researcherZs', '2027-03-04T09:00:00+08:00', '2027-03-04T10:00:00+08:00')
    expect(own.json).toMatchObject({ status: 'confirmed', underRecognition: false })
  })

  it('waits for approval as usual on an instrument that needs it', async () => {
    await world.call('PATCH', `/instruments/${ningboSem.id}`, { ...as('adminNbu'), body: { requiresApproval: true } })
    await recogniseZjou()
    const res = await book('researcherZs', '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    expect(res.json).toMatchObject({ status: 'pending', underRecognition: true })
  })

  it('does not count a qualification that has expired, nor one of an institution not recognised', async () => {
    await world.call('POST', `/instruments/${zhoushanSem.id}/qualifications`, {
      ...as('adminZjou'),
      body: { userId: world.accounts.researcherZs.id, expiresAt: '2027-03-01T07:00:00+08:00' },
    })
    await recogniseZjou()
    const expired = await book('researcherZs', '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    expect(expired.status).toBe(403)
    const nimteSem = await world.instrument({ institutionId: world.institutions.nimte.id, model: 'Apreo 2' })
    await world.call('POST', `/instruments/${nimteSem.id}/qualifications`, {
      ...as('platform'),
      body: { userId: world.accounts.researcherNb.id },
    })
    const notRecognised = await book('researcherNb', '2027-03-02T11:00:00+08:00', '2027-03-02T12:00:00+08:00')
    expect(notRecognised.status).toBe(403)
  })

  it('stops new bookings when revoked and leaves the existing ones alone', async () => {
    const recognition = await recogniseZjou()
    const before = await book('researcherZs2', '2027-03-02T09:00:00+08:00', '2027-03-02T10:00:00+08:00')
    expect(before.json.status).toBe('pending')
    const revoked = await world.call(
      'DELETE',
      `/instruments/${ningboSem.id}/recognitions/${recognition.id}`,
      as('adminNbu'),
    )
    expect(revoked.status).toBe(204)
    const again = await world.call(
      'DELETE',
      `/instruments/${ningboSem.id}/recognitions/${recognition.id}`,
      as('adminNbu'),
    )
    expect(again.status).toBe(409)
    const after = await book('researcherZs', '2027-03-03T09:00:00+08:00', '2027-03-03T10:00:00+08:00')
    expect(after.status).toBe(403)
    const existing = await world.call('GET', `/reservations/${before.json.id}`, as('researcherZs2'))
    expect(existing.json).toMatchObject({ status: 'pending', underRecognition: true })
    expect((await world.call('POST', `/reservations/${before.json.id}/approve`, as('adminNbu'))).status).toBe(200)
  })

  it('counts a recorded use under the recognition and grants the own qualification with it', async () => {
    await recogniseZjou()
    const recorded = await world.call('POST', `/instruments/${ningboSem.id}/uses`, {
      ...as('adminNbu'),
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-26T10:00:00+08:00',
        end: '2027-02-26T12:00:00+08:00',
      },
    })
    expect(recorded.json).toMatchObject({ status: 'completed', recorded: true, underRecognition: true })
    const qualified = await world.call('GET', `/instruments/${ningboSem.id}/qualifications`, as('adminNbu'))
    expect(qualified.json.items).toEqual([
      expect.objectContaining({ userId: world.accounts.researcherZs.id, byRecognition: true }),
    ])
    // a use of someone with no recognised qualification is recorded as it always was
    const plain = await world.call('POST', `/instruments/${ningboSem.id}/uses`, {
      ...as('adminNbu'),
      body: {
        userId: world.accounts.researcherNb.id,
        start: '2027-02-25T10:00:00+08:00',
        end: '2027-02-25T12:00:00+08:00',
      },
    })
    expect(plain.json).toMatchObject({ status: 'completed', underRecognition: false })
  })

  it('audits every step: recognised, booked, qualified, revoked', async () => {
    const recognition = await recogniseZjou()
    const booked = await book('researcherZs', '2027-03-01T09:00:00+08:00', '2027-03-01T10:00:00+08:00')
    await world.call('POST', `/reservations/${booked.json.id}/approve`, as('adminNbu'))
    world.clock.set('2027-03-01T09:00:00+08:00')
    await world.call('POST', `/reservations/${booked.json.id}/check-in`, as('adminNbu'))
    await world.call('POST', `/reservations/${booked.json.id}/check-out`, as('adminNbu'))
    await world.call('DELETE', `/instruments/${ningboSem.id}/recognitions/${recognition.id}`, as('adminNbu'))
    const history = await world.call(
      'GET',
      `/instruments/${ningboSem.id}/recognitions/${recognition.id}/history`,
      as('adminNbu'),
    )
    expect(history.status).toBe(200)
    expect(history.json.items).toEqual([
      expect.objectContaining({ action: 'recognised', actorId: world.accounts.adminNbu.id, reservationId: null }),
      expect.objectContaining({
        action: 'booked',
        actorId: world.accounts.researcherZs.id,
        reservationId: booked.json.id,
        userId: world.accounts.researcherZs.id,
      }),
      expect.objectContaining({
        action: 'qualified',
        reservationId: booked.json.id,
        userId: world.accounts.researcherZs.id,
      }),
      expect.objectContaining({ action: 'revoked', actorId: world.accounts.adminNbu.id }),
    ])
  })
})

describe('recognitions in the sharing statistics', () => {
  it('counts those in force by direction and the uses made under them this year', async () => {
    const empty = await world.call('GET', '/stats/sharing?year=2027', as('talent'))
    expect(empty.json.recognitions).toEqual({
      inForce: 0,
      byDirection: [
        { from: 'ningbo', to: 'zhoushan', count: 0 },
        { from: 'zhoushan', to: 'ningbo', count: 0 },
      ],
      usesUnderRecognition: 0,
    })
    await recogniseZjou()
    await world.call('POST', `/instruments/${ningboSem.id}/uses`, {
      ...as('adminNbu'),
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-26T10:00:00+08:00',
        end: '2027-02-26T12:00:00+08:00',
      },
    })
    const stats = await world.call('GET', '/stats/sharing?year=2027', as('talent'))
    expect(stats.json.recognitions).toEqual({
      inForce: 1,
      byDirection: [
        { from: 'ningbo', to: 'zhoushan', count: 0 },
        { from: 'zhoushan', to: 'ningbo', count: 1 },
      ],
      usesUnderRecognition: 1,
    })
    expect(
      (await world.call('GET', '/stats/sharing?year=2026', as('talent'))).json.recognitions.usesUnderRecognition,
    ).toBe(0)
    // an institute admin sees its own instruments' only
    const zjou = await world.call('GET', '/stats/sharing?year=2027', as('adminZjou'))
    expect(zjou.json.recognitions).toMatchObject({ inForce: 0, usesUnderRecognition: 0 })
    const nbu = await world.call('GET', '/stats/sharing?year=2027', as('adminNbu'))
    expect(nbu.json.recognitions).toMatchObject({ inForce: 1, usesUnderRecognition: 1 })
  })
})
