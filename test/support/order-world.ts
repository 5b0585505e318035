import { expect } from 'vitest'
import { reportPdf } from '../../seed/report-pdf.js'
import type { RateCard } from '../../src/domain/money/rates.js'
import type { OrderStatus } from '../../src/domain/orders.js'
import type { Instrument, Weekday } from '../../src/domain/types.js'
import type { Account, World } from './world.js'

/**
 * Sample orders (送样检测) in a test world: a Ningbo `service` instrument with per-sample prices, orders made and
 * moved through the API, and report uploads. Built on createWorld's world (Monday 2027-03-01 08:00 in Shanghai), so
 * it runs on SQLite and on D1 alike.
 */

/** ¥50 / ¥80 / ¥120 a sample (and an hourly price, which orders never use). */
export const XRD_RATES: RateCard = {
  hour: { internal: 8_000, academic: 12_000, enterprise: 18_000 },
  sample: { internal: 5_000, academic: 8_000, enterprise: 12_000 },
  chargeBasis: 'booked',
  incrementMinutes: 30,
  freeCancelHours: 24,
  lateCancelPercent: 0,
  noShowPercent: 100,
}

export const everyDay = ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({
  weekday,
  open: '00:00',
  close: '24:00',
}))

export const at = (iso: string) => Date.parse(iso)

/** A one-page PDF made by code, as a lab would upload it. */
export const samplePdf = (title = 'X-ray diffraction report') =>
  reportPdf({ title, lines: ['Sample 1: quartz, 2theta 26.6', 'Sample 2: calcite, 2theta 29.4'] })

export function withOrders(world: World) {
  const must = async (status: number, method: string, path: string, options: Parameters<World['call']>[2]) => {
    const res = await world.call(method, path, options)
    expect({ status: res.status, body: res.status === status ? null : res.text }).toEqual({ status, body: null })
    return res.json
  }
  /** A Ningbo (宁波大学) X-ray diffractometer run by its staff: service mode, per-sample prices, open every day. */
  const serviceInstrument = (overrides: Partial<Instrument> = {}) =>
    world.instrument({
      name: 'X射线衍射仪',
      model: 'D8 Advance',
      category: 'analytical',
      mode: 'service',
      rates: XRD_RATES,
      openingHours: everyDay,
      noticeMinutes: 0,
      ...overrides,
    })
  const orderBody = (instrumentId: string, overrides: Record<string, unknown> = {}) => ({
    instrumentId,
    samples: 3,
    sampleDescription: '石英砂粉末，过 200 目筛',
    sampleForm: 'powder',
    hazard: 'none',
    tests: '物相分析（XRD 全谱扫描 10°–80°）',
    turnaroundDays: 7,
    delivery: 'courier',
    ...overrides,
  })
  const submit = (who: Account, instrumentId: string, overrides: Record<string, unknown> = {}) =>
    must(201, 'POST', '/orders', { token: who.token, body: orderBody(instrumentId, overrides) })
  const admin = () => world.accounts.adminNbu
  /** Moves an order of the Ningbo instrument on through the API, by its admin, up to `status`. */
  const advance = async (orderId: string, status: OrderStatus, receivedSamples?: number) => {
    const steps: [OrderStatus, () => Promise<unknown>][] = [
      ['accepted', () => must(200, 'POST', `/orders/${orderId}/accept`, { token: admin().token })],
      [
        'received',
        () =>
          must(200, 'POST', `/orders/${orderId}/receive`, {
            token: admin().token,
            body: receivedSamples === undefined ? {} : { receivedSamples },
          }),
      ],
    ]
    for (const [reached, step] of steps) {
      await step()
      if (reached === status) return
    }
    throw new Error(`advance: ${status} is not a step of this helper`)
  }
  const run = (orderId: string, start: string, end: string, who: Account = admin()) =>
    world.call('POST', `/orders/${orderId}/runs`, { token: who.token, body: { start, end } })
  const reportForm = (fields: { pdf?: Uint8Array | Blob | null; note?: string; sampleDisposal?: string }) => {
    const form = new FormData()
    if (fields.pdf)
      form.append(
        'file',
        fields.pdf instanceof Blob
          ? fields.pdf
          : new Blob([fields.pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
        'report.pdf',
      )
    if (fields.note !== undefined) form.append('note', fields.note)
    if (fields.sampleDisposal !== undefined) form.append('sampleDisposal', fields.sampleDisposal)
    return form
  }
  const report = (
    orderId: string,
    fields: { pdf?: Uint8Array | Blob | null; note?: string; sampleDisposal?: string } = {},
    who: Account = admin(),
  ) =>
    world.call('POST', `/orders/${orderId}/report`, {
      token: who.token,
      body: reportForm({ sampleDisposal: 'returned', pdf: samplePdf(), ...fields }),
    })
  /** The raw download of a report (bytes and headers), as a browser gets it. */
  const download = async (orderId: string, who: Account) => {
    const res = await world.app.request(`/api/v1/orders/${orderId}/report`, {
      headers: { Authorization: `Bearer ${who.token}` },
    })
    return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) }
  }
  return { must, serviceInstrument, orderBody, submit, advance, run, report, reportForm, download }
}

export type OrderWorld = ReturnType<typeof withOrders>
