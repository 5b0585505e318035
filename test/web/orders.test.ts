import { beforeEach, describe, expect, it } from 'vitest'
import { type OrderWorld, samplePdf, withOrders } from '../support/order-world.js'
import { createWorld, type World } from '../support/world.js'
import { type Browser, browser } from './client.js'
import { html } from './html.js'

/*
 * 送样检测 on the pages, without JavaScript: the order form of a `service` instrument (送样 before the time booking), the
 * order's page with the moves each side may make, the lab's queue on /admin, 我的送样 on /me, the report's download and
 * the rating after it, whose average the instrument page and the catalogue show.
 */

let world: World
let o: OrderWorld
let xrdId: string

const as = (who: keyof World['accounts']) => {
  const b = browser(world)
  b.signInAs(world.accounts[who])
  return b
}

const ORDER_FORM = {
  samples: '3',
  sampleDescription: '石英砂粉末',
  sampleForm: 'powder',
  hazard: 'none',
  tests: 'XRD 物相分析',
  turnaroundDays: '',
  delivery: 'courier',
  trackingNumber: '',
}

async function submitByPage(b: Browser, fields: Record<string, string> = {}) {
  await b.get(`/instruments/${xrdId}`)
  return b.post(`/instruments/${xrdId}/order`, { ...ORDER_FORM, ...fields })
}

const statusOf = async (id: string) =>
  (await world.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

beforeEach(async () => {
  world = await createWorld()
  o = withOrders(world)
  xrdId = (await o.serviceInstrument()).id
})

describe('the order form of a service instrument', () => {
  it('comes before the time booking, with the hazard choice, the courier number and the price', async () => {
    const page = await as('researcherZs').get(`/instruments/${xrdId}`)
    expect(page.status).toBe(200)
    expect(page.text.indexOf('id="order"')).toBeGreaterThan(0)
    expect(page.text.indexOf('id="order"')).toBeLessThan(page.text.indexOf('id="book"'))
    const hazards = html(page)
      .select('#order-hazard option')
      .map((option) => option.getAttribute('value'))
    expect(hazards).toEqual(['none', 'toxic', 'flammable', 'corrosive', 'radioactive', 'biological'])
    expect(html(page).attr('#order-tracking', 'name')).toBe('trackingNumber')
    expect(html(page).text('#order')).toContain('每个样品 80.00 元')
  })

  it("names the price per sample of the viewer's own class, and says whose price a visitor signed out sees", async () => {
    const own = html(await as('researcherNb').get(`/instruments/${xrdId}`)).text('#order')
    expect(own).toContain('每个样品 50.00 元')
    expect(own).toContain('按您的类别（校内）')
    const other = html(await as('researcherZs').get(`/instruments/${xrdId}`)).text('#order')
    expect(other).toContain('每个样品 80.00 元')
    expect(other).toContain('按您的类别（校外）')
    const visitor = html(await browser(world).get(`/instruments/${xrdId}`)).text('#order')
    expect(visitor).toContain('每个样品 80.00 元')
    expect(visitor).toContain('校外价；登录后显示您的价格')
  })

  it('is not offered on an instrument that takes no samples', async () => {
    const self = await world.instrument({ name: '离心机', mode: 'self' })
    const page = await as('researcherZs').get(`/instruments/${self.id}`)
    expect(page.text).not.toContain('id="order"')
  })

  it('submits an order and shows its page; a bad form comes back with its values and nothing is written', async () => {
    const b = as('researcherZs')
    const bad = await submitByPage(b, { samples: '0' })
    expect(bad.status).toBe(400)
    expect(html(bad).attr('#order-description', 'name')).toBe('sampleDescription')
    expect(html(bad).text('#order-description')).toBe('石英砂粉末')
    expect(await world.db.selectFrom('orders').select('id').execute()).toEqual([])
    const done = await submitByPage(b)
    expect(done.status).toBe(303)
    const id = /^\/orders\/([^?]+)\?msg=msg\.order\.submitted$/.exec(done.location ?? '')?.[1]
    expect(id).toBeTruthy()
    const page = await b.get(done.location!)
    expect(page.status).toBe(200)
    expect(html(page).text('.timeline li.current')).toBe('已提交')
    expect(await statusOf(id!)).toBe('submitted')
  })

  it('refuses a post without the CSRF token', async () => {
    const b = as('researcherZs')
    await b.get(`/instruments/${xrdId}`)
    const res = await b.postRaw(`/instruments/${xrdId}/order`, ORDER_FORM)
    expect(res.status).toBe(403)
    expect(await world.db.selectFrom('orders').select('id').execute()).toEqual([])
  })
})

describe('cancelling on the order’s page', () => {
  const cancelForms = async (b: Browser, id: string) =>
    html(await b.get(`/orders/${id}`)).select(`form[action="/orders/${id}/cancel"]`).length

  it('is offered to the requester until the samples arrive, to the lab from acceptance on, once to someone both', async () => {
    const order = await o.submit(world.accounts.researcherZs, xrdId)
    const researcher = as('researcherZs')
    const lab = as('adminNbu')
    // submitted: the requester may cancel; the lab rejects instead
    expect(await cancelForms(researcher, order.id)).toBe(1)
    expect(await cancelForms(lab, order.id)).toBe(0)
    await o.advance(order.id, 'accepted')
    expect(await cancelForms(researcher, order.id)).toBe(1)
    expect(await cancelForms(lab, order.id)).toBe(1)
    await o.must(200, 'POST', `/orders/${order.id}/receive`, { token: world.accounts.adminNbu.token, body: {} })
    expect(await cancelForms(researcher, order.id)).toBe(0)
    expect(await cancelForms(lab, order.id)).toBe(1)

    // the lab's admin sending samples to its own lab plays both parts: one form, one field of that id
    const own = await o.submit(world.accounts.adminNbu, xrdId)
    await o.advance(own.id, 'accepted')
    const page = html(await lab.get(`/orders/${own.id}`))
    expect(page.select(`form[action="/orders/${own.id}/cancel"]`)).toHaveLength(1)
    expect(page.select('#cancel-reason')).toHaveLength(1)
  })
})

describe('the lab works an order from its queue on /admin', () => {
  it('accepts, receives, books a run, files a PDF; the requester downloads it, rates, and the average shows', async () => {
    const researcher = as('researcherZs')
    const id = /^\/orders\/([^?]+)/.exec((await submitByPage(researcher)).location ?? '')![1]!
    const lab = as('adminNbu')
    const queue = await lab.get('/admin')
    expect(html(queue).select(`#queue-order-${id} a[href="/orders/${id}"]`)).toHaveLength(1)
    // someone else's admin sees no order of this lab
    expect((await as('adminZjou').get(`/orders/${id}`)).status).toBe(404)

    await lab.get(`/orders/${id}`)
    expect((await lab.post(`/orders/${id}/accept`)).location).toBe(`/orders/${id}?msg=msg.order.accepted`)
    await lab.get(`/orders/${id}`)
    await lab.post(`/orders/${id}/receive`, { receivedSamples: '2' })
    expect(await statusOf(id)).toBe('received')
    await lab.get(`/orders/${id}`)
    const run = await lab.post(`/orders/${id}/runs`, { start: '2027-03-02T09:00', end: '2027-03-02T10:00' })
    expect(run.location).toBe(`/orders/${id}?msg=msg.order.runBooked`)
    expect(await statusOf(id)).toBe('in_progress')
    // the same time again is taken: said on the order's page, nothing written
    await lab.get(`/orders/${id}`)
    const taken = await lab.post(`/orders/${id}/runs`, { start: '2027-03-02T09:30', end: '2027-03-02T10:30' })
    expect(taken.location).toBe(`/orders/${id}?err=time-taken`)

    // not a PDF: 415 said in words, the order unchanged
    const form = await lab.get(`/orders/${id}`)
    expect(html(form).attr(`form[action="/orders/${id}/report"]`, 'enctype')).toBe('multipart/form-data')
    const notPdf = await lab.upload(`/orders/${id}/report`, {
      file: new File(['hello'], 'x.pdf', { type: 'application/pdf' }),
      sampleDisposal: 'returned',
      note: '',
    })
    expect(notPdf.location).toBe(`/orders/${id}?err=order-not-pdf`)
    expect(await statusOf(id)).toBe('in_progress')
    const pdf = samplePdf()
    const filed = await lab.upload(`/orders/${id}/report`, {
      file: new File([pdf as Uint8Array<ArrayBuffer>], 'report.pdf', { type: 'application/pdf' }),
      sampleDisposal: 'returned',
      note: '两个样品均为石英。',
    })
    expect(filed.location).toBe(`/orders/${id}?msg=msg.order.reported`)
    expect(await statusOf(id)).toBe('reported')

    // the requester's /me: the order reported, its report and the rating a click away
    const me = await researcher.get('/me')
    expect(html(me).text(`#order-${id} .timeline li.current`)).toBe('已出报告')
    expect(html(me).select(`#order-${id} a[href="/orders/${id}/report.pdf"]`)).toHaveLength(1)
    const download = await researcher.get(`/orders/${id}/report.pdf`)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/pdf')
    expect(download.headers.get('content-disposition')).toContain('attachment')
    expect(download.text.startsWith('%PDF-')).toBe(true)
    // a talent office sees the order, not its report
    expect((await as('talent').get(`/orders/${id}/report.pdf`)).status).toBe(403)

    const page = await researcher.get(`/orders/${id}`)
    expect(html(page).select(`form[action="/orders/${id}/rating"]`)).toHaveLength(1)
    const rated = await researcher.post(`/orders/${id}/rating`, {
      timeliness: '5',
      quality: '4',
      staff: '5',
      comment: '出报告很快',
    })
    expect(rated.location).toBe(`/orders/${id}?msg=msg.rated`)
    const again = await researcher.get(`/orders/${id}`)
    expect(html(again).select(`form[action="/orders/${id}/rating"]`)).toHaveLength(0)

    const instrumentPage = await researcher.get(`/instruments/${xrdId}`)
    expect(html(instrumentPage).text('.rating')).toBe('用户评价 4.67 / 5（1 条）')
    // the comment is for the lab (with the rater) and the talent office only
    expect(instrumentPage.text).not.toContain('出报告很快')
    const labView = await lab.get(`/instruments/${xrdId}`)
    expect(html(labView).text('#comments-h')).toBe('评价留言')
    expect(labView.text).toContain('出报告很快')
    const catalogue = await researcher.get('/')
    expect(catalogue.text).toContain('用户评价 4.67 / 5（1 条）')
  })

  it('the requester cannot make the lab’s moves: the page offers none and the post is refused', async () => {
    const researcher = as('researcherZs')
    const id = /^\/orders\/([^?]+)/.exec((await submitByPage(researcher)).location ?? '')![1]!
    const page = await researcher.get(`/orders/${id}`)
    expect(html(page).select(`form[action="/orders/${id}/accept"]`)).toHaveLength(0)
    expect((await researcher.post(`/orders/${id}/accept`)).location).toBe(`/orders/${id}?err=forbidden`)
    expect(await statusOf(id)).toBe('submitted')
    await researcher.get(`/orders/${id}`)
    await researcher.post(`/orders/${id}/cancel`, { reason: '样品未制备好' })
    expect(await statusOf(id)).toBe('cancelled')
  })
})

describe('rating a reservation from 我的预约', () => {
  it('offers the form for a past use, takes it once, and says so in English too', async () => {
    const sem = await world.instrument()
    const use = await o.must(201, 'POST', `/instruments/${sem.id}/uses`, {
      token: world.accounts.adminNbu.token,
      body: {
        userId: world.accounts.researcherZs.id,
        start: '2027-02-26T10:00:00+08:00',
        end: '2027-02-26T12:00:00+08:00',
      },
    })
    const b = as('researcherZs')
    const me = await b.get('/me')
    expect(html(me).select(`#reservation-${use.id} a[href="/me/reservations/${use.id}/rate"]`)).toHaveLength(1)
    const form = await b.get(`/me/reservations/${use.id}/rate?lang=en`)
    expect(html(form).text('label[for="rating-quality"]')).toBe('Quality')
    const bad = await b.post(`/me/reservations/${use.id}/rate`, { timeliness: '9', quality: '4', staff: '4' })
    expect(bad.location).toBe('/me?err=validation')
    const done = await b.post(`/me/reservations/${use.id}/rate`, { timeliness: '4', quality: '4', staff: '4' })
    expect(done.location).toBe('/me?msg=msg.rated')
    const after = await b.get(done.location!)
    expect(html(after).select(`#reservation-${use.id} a[href="/me/reservations/${use.id}/rate"]`)).toHaveLength(0)
    expect(html(after).text('.notice.ok')).toBe('Thank you for your rating.')
    // someone else's use is not theirs to rate
    expect((await as('researcherNb').get(`/me/reservations/${use.id}/rate`)).status).toBe(404)
  })
})
