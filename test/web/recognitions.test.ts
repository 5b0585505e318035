import { beforeEach, describe, expect, it } from 'vitest'
import type { Instrument } from '../../src/domain/types.js'
import { createWorld, type World } from '../support/world.js'
import { type Browser, browser } from './client.js'
import { html, textOf } from './html.js'

/*
 * Qualification recognition (资格互认) on the pages: 宁波大学's admin recognises, on its Apreo 2's page, the
 * institution the platform offers (浙江海洋大学, whose two researchers are trained on its own Apreo 2); the request
 * made under it is marked in the queue and on 我的预约; revoking asks first; the dashboard counts it.
 */

let world: World
let ningboSem: Instrument
let zhoushanSem: Instrument
let admin: Browser

const page = () => `/admin/instruments/${ningboSem.id}`
const candidateRow = () => `#candidate-${world.institutions.zjou.id}`

async function recognise(expiresAt = '') {
  await admin.get(page())
  return admin.post(`${page()}/recognitions`, { issuingInstitutionId: world.institutions.zjou.id, expiresAt })
}

const recognitions = async () =>
  (await world.call('GET', `/instruments/${ningboSem.id}/recognitions`)).json.items as {
    id: string
    inForce: boolean
    expiresAt: string | null
  }[]

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
      token: world.accounts.adminZjou.token,
      body: { userId: world.accounts[who].id },
    })
    expect(granted.status).toBe(201)
  }
  admin = browser(world)
  admin.signInAs(world.accounts.adminNbu)
})

describe('recognising on the instrument’s page', () => {
  it('offers the institutions the platform found, with their trained people and instruments; no id is typed', async () => {
    const before = await admin.get(page())
    expect(html(before).text('section[aria-labelledby="recognitions-h"]')).toContain('本仪器尚未互认任何单位的资格')
    const row = html(before).one(candidateRow())
    expect(html(row.toString()).text('th')).toBe('浙江海洋大学 舟山')
    expect(html(row.toString()).text('td.num')).toBe('2')
    // (the page's text collapses white space: the full-width space of the model reads as one space)
    expect(html(row.toString()).text('li')).toBe('扫描电子显微镜 (Ａｐｒｅｏ ２) · 2 人')
    const form = html(row.toString()).one('form')
    expect(form.querySelectorAll('input:not([type="hidden"])').map((i) => i.getAttribute('type'))).toEqual(['date'])

    const done = await recognise()
    expect(done.location).toBe(`${page()}?msg=msg.staff.recognised`)
    const after = await admin.get(done.location!)
    expect(html(after).text('[role="status"]')).toBe('已互认该单位的上机资格。')
    const [recognition] = await recognitions()
    const listed = html(after).text(`#recognition-${recognition!.id}`)
    expect(listed).toBe('浙江海洋大学 舟山 admin-nbu 2027年3月1日 周一 撤销前一直有效 生效中 记录 撤销互认')
    expect(html(after).text(candidateRow())).toContain('已互认')
    expect(html(after).has(`${candidateRow()} form`)).toBe(false)
  })

  it('recognises until a date, and refuses a past date, its own institution and a second one in force', async () => {
    const until = await recognise('2027-12-31')
    expect(until.location).toBe(`${page()}?msg=msg.staff.recognised`)
    const [recognition] = await recognitions()
    expect(recognition!.expiresAt).toBe('2027-12-31T15:59:00.000Z')
    expect(html(await admin.get(page())).text(`#recognition-${recognition!.id}`)).toContain('2027年12月31日')

    const again = await recognise()
    expect(again.location).toBe(`${page()}?err=recognition-duplicate`)
    expect(html(await admin.get(again.location!)).text('[role="alert"]')).toBe('该单位的资格已经互认，且仍在有效期内。')
    const own = await admin.post(`${page()}/recognitions`, { issuingInstitutionId: world.institutions.nbu.id })
    expect(own.location).toBe(`${page()}?err=recognition-own`)
    const past = await admin.post(`${page()}/recognitions`, {
      issuingInstitutionId: world.institutions.nimte.id,
      expiresAt: '2027-02-28',
    })
    expect(past.location).toBe(`${page()}?err=recognition-expiry`)
    expect(await recognitions()).toHaveLength(1)
  })

  it('is for the instrument’s admin only, with the CSRF token', async () => {
    const form = { issuingInstitutionId: world.institutions.zjou.id }
    for (const who of ['researcherZs', 'adminZjou'] as const) {
      const stranger = browser(world)
      stranger.signInAs(world.accounts[who])
      await stranger.get('/')
      expect((await stranger.get(page())).status).toBe(403)
      expect((await stranger.post(`${page()}/recognitions`, form)).status).toBe(403)
    }
    await admin.get(page())
    expect((await admin.post(`${page()}/recognitions`, { ...form, _csrf: 'forged' })).status).toBe(403)
    expect(await recognitions()).toEqual([])
  })
})

describe('revoking, and the history', () => {
  it('asks first, revokes, and the history names every step', async () => {
    await recognise()
    const [recognition] = await recognitions()
    const path = `${page()}/recognitions/${recognition!.id}`
    const question = await admin.get(`${path}/revoke`)
    expect(question.status).toBe(200)
    expect(html(question).text('main p')).toContain('确定撤销 场发射扫描电子显微镜 对 浙江海洋大学 所授资格的互认吗？')
    expect((await recognitions())[0]!.inForce).toBe(true) // asking is not revoking

    const revoked = await admin.post(`${path}/revoke`)
    expect(revoked.location).toBe(`${page()}?msg=msg.staff.recognitionRevoked`)
    const after = await admin.get(revoked.location!)
    expect(html(after).text(`#recognition-${recognition!.id}`)).toContain('已撤销 admin-nbu 于 2027年3月1日 周一 撤销')
    expect(html(after).has(`a[href="${path}/revoke"]`)).toBe(false)
    expect((await admin.get(`${path}/revoke`)).location).toBe(path) // nothing left to ask

    const history = await admin.get(path)
    expect(html(history).text('h1')).toBe('资格互认记录：浙江海洋大学')
    const steps = html(history)
      .select('section[aria-labelledby="events-h"] tbody tr')
      .map((tr) =>
        tr
          .querySelectorAll('td')
          .map((td) => td.text.trim())
          .slice(1),
      )
    expect(steps).toEqual([
      ['办理互认', 'admin-nbu'],
      ['撤销互认', 'admin-nbu'],
    ])
    expect((await admin.post(`${path}/revoke`)).location).toBe(`${page()}?err=invalid-transition`)
  })

  it('needs the instrument’s admin and the CSRF token to revoke', async () => {
    await recognise()
    const [recognition] = await recognitions()
    const path = `${page()}/recognitions/${recognition!.id}`
    for (const who of ['researcherZs', 'adminZjou', 'talent'] as const) {
      const stranger = browser(world)
      stranger.signInAs(world.accounts[who])
      await stranger.get('/')
      expect((await stranger.get(`${path}/revoke`)).status).toBe(403)
      expect((await stranger.get(path)).status).toBe(403)
      expect((await stranger.post(`${path}/revoke`)).status).toBe(403)
    }
    expect((await admin.post(`${path}/revoke`, { _csrf: 'forged' })).status).toBe(403)
    expect((await recognitions())[0]!.inForce).toBe(true)
  })
})

describe('bookings under a recognition', () => {
  it('are marked on 我的预约 and in the queue; a completed use grants the qualification “by recognition”', async () => {
    await recognise()
    const researcher = browser(world)
    researcher.signInAs(world.accounts.researcherZs)
    await researcher.get(`/instruments/${ningboSem.id}`)
    const booked = await researcher.post(`/instruments/${ningboSem.id}/book`, {
      start: '2027-03-02T09:00',
      end: '2027-03-02T10:00',
      purpose: '断口形貌观察',
    })
    expect(booked.location).toBe('/me?msg=msg.bookedUnderRecognition')
    const me = await researcher.get(booked.location!)
    expect(html(me).text('[role="status"]')).toContain('您凭资格互认预约该仪器，首次预约须经仪器所属单位审批')
    expect(html(me).text('section[aria-labelledby="upcoming"] tbody tr')).toContain(
      '待审批 资格互认 凭资格互认预约，首次预约须经仪器所属单位审批。',
    )

    const queue = await admin.get('/admin')
    expect(html(queue).text('section[aria-labelledby="queue-h"] tbody tr')).toContain(
      'researcher-zs · 浙江海洋大学 资格互认',
    )
    expect(html(queue).text('section[aria-labelledby="queue-h"] p.hint')).toContain('标有“资格互认”的预约人')

    // a use recorded afterwards for the other Zhoushan researcher, trained only there, is made under it
    await admin.get('/admin')
    const recorded = await admin.post('/admin/uses', {
      instrumentId: ningboSem.id,
      email: world.accounts.researcherZs2.email,
      start: '2027-02-26T09:00',
      end: '2027-02-26T10:00',
    })
    expect(recorded.location).toBe('/admin?msg=msg.staff.useRecorded')
    const qualifications = html(await admin.get(page())).text('section[aria-labelledby="quals-h"] li')
    expect(qualifications).toContain('researcher-zs2 (researcher-zs2@test.yz) 经资格互认取得')
    const [recognition] = await recognitions()
    const history = html(await admin.get(`${page()}/recognitions/${recognition!.id}`))
    expect(history.text('section[aria-labelledby="events-h"] tbody')).toContain(
      '完成使用，取得本仪器资格 researcher-zs2',
    )
  })

  it('are counted on the dashboard: in force by direction, and the year’s uses', async () => {
    const talent = browser(world)
    talent.signInAs(world.accounts.talent)
    const figures = async () => {
      const dashboard = html(await talent.get('/dashboard'))
      return {
        inForce: dashboard.text('#recognitions-in-force'),
        uses: dashboard.text('#uses-under-recognition'),
        directions: dashboard.select('section[aria-labelledby="recognition-h"] tbody tr').map(textOf),
      }
    }
    expect(await figures()).toEqual({ inForce: '0', uses: '0', directions: ['宁波 → 舟山 0', '舟山 → 宁波 0'] })
    await recognise()
    await admin.get('/admin')
    await admin.post('/admin/uses', {
      instrumentId: ningboSem.id,
      email: world.accounts.researcherZs2.email,
      start: '2027-02-26T09:00',
      end: '2027-02-26T10:00',
    })
    expect(await figures()).toEqual({ inForce: '1', uses: '1', directions: ['宁波 → 舟山 0', '舟山 → 宁波 1'] })
  })
})
