import { PDFDocument } from 'pdf-lib'
import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_REPORT_BYTES } from '../../src/domain/orders.js'
import { withMoney } from '../support/money-world.js'
import { type OrderWorld, samplePdf, withOrders } from '../support/order-world.js'
import { createWorld, type World } from '../support/world.js'

/**
 * Reports (DOMAIN.md "Sample orders"): a PDF of at most 10 MB and/or a note, filed at `reported`, the charge made final
 * with the voucher's deduction in the same write; downloaded by the requester and the lab only.
 */

let world: World
let o: OrderWorld
beforeEach(async () => {
  world = await createWorld()
  o = withOrders(world)
})

async function receivedOrder(receivedSamples?: number, overrides: Record<string, unknown> = {}) {
  const xrd = await o.serviceInstrument()
  const order = await o.submit(world.accounts.researcherZs, xrd.id, overrides)
  await o.advance(order.id, 'received', receivedSamples)
  return { xrd, order }
}

describe('filing a report', () => {
  it('stores the PDF, makes the charge final (received samples × the class’s price) and bills it', async () => {
    const { xrd, order } = await receivedOrder(2)
    const pdf = samplePdf()
    const res = await o.report(order.id, { pdf, note: '详见附件', sampleDisposal: 'kept' })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      status: 'reported',
      reportedAt: '2027-03-01T00:00:00.000Z',
      reportNote: '详见附件',
      sampleDisposal: 'kept',
      reportPdf: { bytes: pdf.length, url: `/api/v1/orders/${order.id}/report` },
      quoteFen: 24_000,
      chargeFen: 16_000,
      deductionFen: 0,
      payableFen: 16_000,
      chargedAt: '2027-03-01T00:00:00.000Z',
    })
    const entries = await world.db.selectFrom('billing_entries').selectAll().execute()
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'charge',
        order_id: order.id,
        reservation_id: null,
        instrument_id: xrd.id,
        payer_institution_id: world.institutions.zjou.id,
        provider_institution_id: world.institutions.nbu.id,
        unit: 'sample',
        quantity_units: 2,
        unit_price_fen: 8_000,
        charge_fen: 16_000,
        payable_fen: 16_000,
        use_start_ms: Date.parse('2027-03-01T08:00:00+08:00'),
      }),
    ])
    // its month's draft statement has the line, dated by the report
    const statements = await o.must(200, 'GET', '/statements?month=2027-03', { token: world.accounts.adminNbu.token })
    expect(statements.items).toHaveLength(1)
    expect(statements.items[0].lines).toEqual([
      expect.objectContaining({ orderId: order.id, unit: 'sample', chargeFen: 16_000 }),
    ])
    // money statistics count the order's income
    const money = await o.must(200, 'GET', '/stats/money?year=2027', { token: world.accounts.talent.token })
    expect(money.totals.chargeFen).toBe(16_000)
  })

  it('is downloaded by the requester and the lab as an attachment with a safe name; nobody else', async () => {
    const { order } = await receivedOrder()
    const pdf = samplePdf('Report with (parentheses) and "quotes"')
    await o.report(order.id, { pdf })
    for (const who of [world.accounts.researcherZs, world.accounts.adminNbu, world.accounts.platform]) {
      const got = await o.download(order.id, who)
      expect(got.status).toBe(200)
      expect(got.bytes).toEqual(pdf)
      expect(got.headers.get('content-type')).toBe('application/pdf')
      expect(got.headers.get('x-content-type-options')).toBe('nosniff')
      expect(got.headers.get('content-disposition')).toBe(
        `attachment; filename="report-${order.id}.pdf"; filename*=UTF-8''${encodeURIComponent('检测报告-X射线衍射仪-2027-03-01.pdf')}`,
      )
    }
    const document = await PDFDocument.load(pdf, { throwOnInvalidObject: true })
    expect(document.getPageCount()).toBe(1)
    expect((await o.download(order.id, world.accounts.talent)).status).toBe(403)
    expect((await o.download(order.id, world.accounts.researcherZs2)).status).toBe(404)
    expect((await o.download(order.id, world.accounts.adminZjou)).status).toBe(404)
  })

  it('escapes a hostile instrument name in the header (RFC 5987), never leaking quotes or line breaks', async () => {
    const xrd = await o.serviceInstrument({ name: 'XRD"; filename="evil.exe' })
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    await o.advance(order.id, 'received')
    await o.report(order.id)
    const got = await o.download(order.id, world.accounts.researcherZs)
    const header = got.headers.get('content-disposition')!
    expect(header.match(/"/g)).toHaveLength(2)
    expect(header).toContain(
      `filename*=UTF-8''%E6%A3%80%E6%B5%8B%E6%8A%A5%E5%91%8A-XRD%22%3B%20filename%3D%22evil.exe-`,
    )
  })

  it('takes a note without a PDF (no download then), and needs one of the two', async () => {
    const { order } = await receivedOrder()
    const neither = await o.report(order.id, { pdf: null })
    expect(neither.status).toBe(400)
    const noteOnly = await o.report(order.id, { pdf: null, note: '物相：α-石英（PDF#46-1045）' })
    expect(noteOnly.status).toBe(200)
    expect(noteOnly.json.reportPdf).toBeNull()
    expect((await o.download(order.id, world.accounts.researcherZs)).status).toBe(404)
  })

  it('415 for a file that is not a PDF, or a body that is not multipart; 413 over 10 MB; nothing changes', async () => {
    const { order } = await receivedOrder()
    const notPdf = await o.report(order.id, { pdf: new TextEncoder().encode('<html>not a report</html>') })
    expect(notPdf.status).toBe(415)
    expect(notPdf.json.type).toBe('/problems/unsupported-media-type')
    const json = await world.call('POST', `/orders/${order.id}/report`, {
      token: world.accounts.adminNbu.token,
      body: { sampleDisposal: 'returned' },
    })
    expect(json.status).toBe(415)
    const big = new Uint8Array(MAX_REPORT_BYTES + 1)
    big.set(samplePdf().subarray(0, 8))
    const tooLarge = await o.report(order.id, { pdf: big })
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.json.type).toBe('/problems/too-large')
    const huge = new Uint8Array(MAX_REPORT_BYTES + 200 * 1024)
    huge.set(samplePdf().subarray(0, 8))
    const refused = await o.report(order.id, { pdf: huge })
    expect(refused.status).toBe(413)
    expect(refused.headers.get('connection')).toBe('close')
    const missing = await o.report(order.id, { sampleDisposal: 'thrown-away' })
    expect(missing.status).toBe(400)
    const row = await world.db.selectFrom('orders').select(['status', 'report_key']).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'received', report_key: null })
  })

  it('a 10 MB PDF is within the limit (the API’s 1 MB limit lets this route through)', async () => {
    const { order } = await receivedOrder()
    const pdf = samplePdf()
    const full = new Uint8Array(MAX_REPORT_BYTES)
    full.set(pdf)
    const res = await o.report(order.id, { pdf: full })
    expect(res.status).toBe(200)
    expect(res.json.reportPdf.bytes).toBe(MAX_REPORT_BYTES)
    expect((await o.download(order.id, world.accounts.researcherZs)).bytes.length).toBe(MAX_REPORT_BYTES)
  })

  it('only the provider’s admin files it, only in received or in progress, and only once', async () => {
    const xrd = await o.serviceInstrument()
    const order = await o.submit(world.accounts.researcherZs, xrd.id)
    expect((await o.report(order.id)).status).toBe(409)
    await o.advance(order.id, 'received')
    expect((await o.report(order.id, {}, world.accounts.researcherZs)).status).toBe(403)
    expect((await o.report(order.id, {}, world.accounts.talent)).status).toBe(403)
    expect((await o.report(order.id, {}, world.accounts.adminZjou)).status).toBe(404)
    expect((await o.report(order.id)).status).toBe(200)
    expect((await o.report(order.id)).status).toBe(409)
    expect(await world.db.selectFrom('billing_entries').select('id').execute()).toHaveLength(1)
  })

  it('two reports racing: one wins, and only the winner’s file is kept', async () => {
    const { order } = await receivedOrder()
    const first = samplePdf('first')
    const second = samplePdf('second')
    const results = await Promise.all([o.report(order.id, { pdf: first }), o.report(order.id, { pdf: second })])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = results[0]!.status === 200 ? first : second
    expect((await o.download(order.id, world.accounts.researcherZs)).bytes).toEqual(winner)
    const row = await world.db.selectFrom('orders').select('report_key').executeTakeFirstOrThrow()
    expect(row.report_key).toMatch(new RegExp(`^order-${order.id}-[0-9a-f]{16}\\.pdf$`))
    const loserKey = results[0]!.status === 200 ? results[1] : results[0]
    expect(loserKey!.json.type).toBe('/problems/invalid-transition')
  })

  it('frees the order’s future runs and keeps the past ones', async () => {
    const { order } = await receivedOrder()
    const past = (await o.run(order.id, '2027-02-26T09:00:00+08:00', '2027-02-26T11:00:00+08:00')).json
    const future = (await o.run(order.id, '2027-03-03T09:00:00+08:00', '2027-03-03T11:00:00+08:00')).json
    await o.report(order.id)
    const runs = await o.must(200, 'GET', `/orders/${order.id}/runs`, { token: world.accounts.adminNbu.token })
    expect(runs.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [past.id, 'confirmed'],
      [future.id, 'cancelled'],
    ])
  })
})

describe('the charge with a voucher (DOMAIN.md "Money")', () => {
  it('deducts in the same write as the report, on the ledger with the order’s id, within the balance', async () => {
    const money = await withMoney(world)
    const program = await money.program('zhoushan', { coveragePercent: 60 })
    const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 30_000)
    const xrd = await o.serviceInstrument()
    const order = await o.submit(money.accounts.zsCompany, xrd.id, { samples: 4, voucherId: voucher.id })
    expect(order).toMatchObject({ priceClass: 'enterprise', quoteFen: 48_000, voucherId: voucher.id })
    await o.advance(order.id, 'received')
    const reported = await o.report(order.id)
    // 4 × ¥120 = ¥480; 60 % is ¥288, but the voucher holds ¥300 → ¥288
    expect(reported.json).toMatchObject({ chargeFen: 48_000, deductionFen: 28_800, payableFen: 19_200 })
    const held = await o.must(200, 'GET', `/vouchers/${voucher.id}`, { token: money.accounts.zsCompany.token })
    expect(held.balanceFen).toBe(1_200)
    expect(held.ledger).toEqual([
      expect.objectContaining({ orderId: order.id, reservationId: null, deductionFen: 28_800 }),
    ])
    // a second order on the same voucher gets what is left
    const next = await o.submit(money.accounts.zsCompany, xrd.id, { samples: 1, voucherId: voucher.id })
    await o.advance(next.id, 'received')
    expect((await o.report(next.id)).json).toMatchObject({ chargeFen: 12_000, deductionFen: 1_200, payableFen: 10_800 })
    expect(await money.balance(voucher.id, money.accounts.zsCompany.token)).toBe(0)
    // and then it is used up for the next order
    const refused = await world.call('POST', '/orders', {
      token: money.accounts.zsCompany.token,
      body: o.orderBody(xrd.id, { voucherId: voucher.id }),
    })
    expect(refused.status).toBe(422)
    expect(refused.json.type).toBe('/problems/voucher-exhausted')
  })

  it('refuses another holder’s voucher and an internal order’s with 422 voucher-not-applicable', async () => {
    const money = await withMoney(world)
    const program = await money.program('ningbo', { holderKinds: ['enterprise', 'university'] })
    const theirs = await money.voucher(program.id, money.institutions.zsCompany.id, 10_000)
    const xrd = await o.serviceInstrument()
    const other = await world.call('POST', '/orders', {
      token: world.accounts.researcherZs.token,
      body: o.orderBody(xrd.id, { voucherId: theirs.id }),
    })
    expect(other.json).toMatchObject({ status: 422, reason: 'other-holder' })
    const own = await money.voucher(program.id, world.institutions.nbu.id, 10_000)
    const internal = await world.call('POST', '/orders', {
      token: world.accounts.researcherNb.token,
      body: o.orderBody(xrd.id, { voucherId: own.id }),
    })
    expect(internal.json).toMatchObject({ status: 422, reason: 'internal' })
    const unknown = await world.call('POST', '/orders', {
      token: world.accounts.researcherNb.token,
      body: o.orderBody(xrd.id, { voucherId: 'no-such-voucher' }),
    })
    expect(unknown.status).toBe(404)
  })

  it('an internal order is charged the internal price; a free card charges nothing and bills nothing', async () => {
    const xrd = await o.serviceInstrument()
    const internal = await o.submit(world.accounts.researcherNb, xrd.id, { samples: 2 })
    expect(internal).toMatchObject({ priceClass: 'internal', quoteFen: 10_000 })
    const free = await o.serviceInstrument({ name: '透射电镜', rates: { ...xrd.rates, sample: null } })
    const order = await o.submit(world.accounts.researcherZs, free.id)
    expect(order.quoteFen).toBe(0)
    await o.advance(order.id, 'received')
    expect((await o.report(order.id)).json).toMatchObject({ chargeFen: 0, payableFen: 0 })
    expect(await world.db.selectFrom('billing_entries').select('id').execute()).toEqual([])
  })
})
