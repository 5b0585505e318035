import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { smtpTransport } from '../../src/mail-smtp-node.js'
import { claimMail, insertDueReminders } from '../../src/repositories/notifications.js'
import { deliverDueMail, type Outbox } from '../../src/services/mail.js'
import { withOrders } from '../support/order-world.js'
import { createWorld, PUBLIC_URL, type World } from '../support/world.js'

/*
 * E-mail through a real SMTP server on 127.0.0.1 (smtp-server), the clock moved by hand: the messages it receives,
 * a server that refuses for a while, and at most once.
 */

interface Received {
  to: string
  subject: string
  messageId: string
  raw: string
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and ?Q?) of a header, unfolded and decoded. */
function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_whole, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    )
}

const header = (raw: string, name: string) => {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
  const match = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)
  return match ? decodeHeader(match[1]!.trim()) : ''
}

/** The text/plain part of a message, its base64 decoded (nodemailer's choice for Chinese text). */
function plainText(raw: string): string {
  const part =
    /Content-Type: text\/plain[^\n]*\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw)
  return part ? Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64').toString('utf8') : ''
}

async function startServer() {
  const received: Received[] = []
  const state = { refusing: false, refusals: 0 }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.refusing) return callback()
      state.refusals++
      callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          subject: header(raw, 'Subject'),
          messageId: header(raw, 'Message-ID'),
          raw,
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return { server, received, state, url: `smtp://127.0.0.1:${port}` }
}

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup) await step()
  cleanup = []
})

async function setUp(world: World) {
  const smtp = await startServer()
  const transport = smtpTransport(smtp.url, '甬舟仪享 <noreply@yongzhou.test>')
  cleanup.push(async () => {
    transport.close()
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()))
  })
  const outbox: Outbox = { transport, publicUrl: PUBLIC_URL }
  const deliver = () => deliverDueMail(world.deps, outbox, world.clock())
  return { ...smtp, outbox, deliver }
}

const WED_9 = '2027-03-03T09:00:00+08:00'
const WED_10 = '2027-03-03T10:00:00+08:00'

describe('e-mail of notifications through a real SMTP server', () => {
  it('delivers the approval request, the approval, the reminder and the blackout cancellation, each once', async () => {
    const world = await createWorld()
    const { researcherZs, adminNbu } = world.accounts
    const smtp = await setUp(world)
    const instrument = await world.instrument({ requiresApproval: true, name: '透射电镜 <TEM> & co' })
    const made = await world.call('POST', '/reservations', {
      token: researcherZs.token,
      body: { instrumentId: instrument.id, start: WED_9, end: WED_10, purpose: '形貌' },
    })
    expect(made.status).toBe(201)
    world.clock.advance(3_000) // the loop ticks every 5 s: first tried within seconds
    expect(await smtp.deliver()).toBe(1)
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]).toMatchObject({ to: adminNbu.email })
    expect(smtp.received[0]!.subject).toBe('待审批预约：透射电镜 <TEM> & co · 甬舟仪享')
    expect(smtp.received[0]!.raw).toContain('Content-Type: multipart/alternative')

    await world.call('PATCH', '/me', { token: researcherZs.token, body: { language: 'en' } })
    expect((await world.call('POST', `/reservations/${made.json.id}/approve`, { token: adminNbu.token })).status).toBe(
      200,
    )
    expect(await smtp.deliver()).toBe(1)
    expect(smtp.received[1]).toMatchObject({ to: researcherZs.email })
    expect(smtp.received[1]!.subject).toBe('Reservation approved: 透射电镜 <TEM> & co · 甬舟仪享')

    world.clock.set('2027-03-02T09:00:00+08:00') // 24 h before
    expect(await insertDueReminders(world.db, world.clock(), 100)).toBe(1)
    expect(await smtp.deliver()).toBe(1)
    expect(smtp.received[2]!.subject).toBe('Reminder: 透射电镜 <TEM> & co · 甬舟仪享')

    const blackout = await world.call('POST', `/instruments/${instrument.id}/blackouts`, {
      token: adminNbu.token,
      body: { start: '2027-03-03T08:00:00+08:00', end: '2027-03-03T18:00:00+08:00', reason: '停电' },
    })
    expect(blackout.status).toBe(201)
    expect(await smtp.deliver()).toBe(1)
    expect(smtp.received[3]!.subject).toBe(
      'Reservation cancelled (instrument unavailable): 透射电镜 <TEM> & co · 甬舟仪享',
    )
    // nothing is due any more: no run sends anything twice
    world.clock.advance(3_600_000)
    expect(await smtp.deliver()).toBe(0)
    expect(smtp.received).toHaveLength(4)
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(4)
    expect(smtp.received.every((m) => m.messageId.endsWith('@yongzhou.test>'))).toBe(true)
  })

  it('delivers an order’s arrival to the lab and its acceptance to the requester, with a link to the order', async () => {
    const world = await createWorld()
    const { researcherZs, adminNbu } = world.accounts
    const smtp = await setUp(world)
    const orders = withOrders(world)
    const order = await orders.submit(researcherZs, (await orders.serviceInstrument()).id)
    await orders.advance(order.id, 'accepted')
    expect(await smtp.deliver()).toBe(2)
    const byRecipient = new Map(smtp.received.map((m) => [m.to, m]))
    expect(byRecipient.get(adminNbu.email)!.subject).toBe('新的送样单：X射线衍射仪 · 甬舟仪享')
    expect(byRecipient.get(researcherZs.email)!.subject).toBe('送样单已受理：X射线衍射仪 · 甬舟仪享')
    expect(plainText(byRecipient.get(researcherZs.email)!.raw)).toContain(`${PUBLIC_URL}/orders/${order.id}`)
  })

  it('tries again on the schedule while the server refuses, and delivers once it accepts', async () => {
    const world = await createWorld()
    const smtp = await setUp(world)
    const instrument = await world.instrument({ requiresApproval: true })
    await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: instrument.id, start: WED_9, end: WED_10, purpose: '形貌' },
    })
    smtp.state.refusing = true
    expect(await smtp.deliver()).toBe(0) // try 1, refused
    expect(await smtp.deliver()).toBe(0) // not due again yet: no try
    expect(smtp.state.refusals).toBe(1)
    world.clock.advance(29_999)
    expect(await smtp.deliver()).toBe(0)
    expect(smtp.state.refusals).toBe(1)
    world.clock.advance(1)
    expect(await smtp.deliver()).toBe(0) // try 2 at +30 s, refused
    expect(smtp.state.refusals).toBe(2)
    world.clock.advance(59_999)
    expect(await smtp.deliver()).toBe(0)
    expect(smtp.state.refusals).toBe(2)
    const row = await world.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ mail_status: 'due', mail_attempts: 2 })
    expect(row.mail_error).toContain('451')
    smtp.state.refusing = false
    world.clock.advance(1) // try 3 at +60 s after try 2
    expect(await smtp.deliver()).toBe(1)
    world.clock.advance(24 * 3_600_000)
    expect(await smtp.deliver()).toBe(0)
    expect(smtp.received).toHaveLength(1)
    expect(await world.db.selectFrom('notifications').select(['mail_status', 'mail_attempts']).execute()).toEqual([
      { mail_status: 'sent', mail_attempts: 3 },
    ])
  })

  it('gives up after a day of refusals: failed, never sent later', async () => {
    const world = await createWorld()
    const smtp = await setUp(world)
    const instrument = await world.instrument({ requiresApproval: true })
    await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: instrument.id, start: WED_9, end: WED_10, purpose: '形貌' },
    })
    smtp.state.refusing = true
    const start = world.clock()
    while (world.clock() - start <= 25 * 3_600_000) {
      await smtp.deliver()
      world.clock.advance(10 * 60_000)
    }
    smtp.state.refusing = false
    expect(await smtp.deliver()).toBe(0)
    expect(smtp.received).toHaveLength(0)
    const row = await world.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow()
    expect(row.mail_status).toBe('failed')
    // 30 s, 60 s, … an hour apart: about 30 tries in a day, the last one within it
    expect(row.mail_attempts).toBeGreaterThan(20)
    expect(row.mail_attempts).toBe(smtp.state.refusals)
  })

  it('sends at most once: a claimed row is never sent again, and two senders at once send each e-mail once', async () => {
    const world = await createWorld()
    const smtp = await setUp(world)
    const instrument = await world.instrument({ requiresApproval: true })
    for (const day of ['03', '04', '05']) {
      await world.call('POST', '/reservations', {
        token: world.accounts.researcherZs.token,
        body: {
          instrumentId: instrument.id,
          start: `2027-03-${day}T09:00:00+08:00`,
          end: `2027-03-${day}T10:00:00+08:00`,
          purpose: '形貌',
        },
      })
    }
    // a sender that claimed the first and died before sending or recording it
    const [crashed] = await world.db.selectFrom('notifications').select('id').orderBy('id').execute()
    expect(await claimMail(world.db, crashed!.id, world.clock())).toBe(true)
    const [a, b] = await Promise.all([smtp.deliver(), smtp.deliver()])
    expect(a + b).toBe(2)
    world.clock.advance(48 * 3_600_000)
    expect(await smtp.deliver()).toBe(0)
    expect(smtp.received).toHaveLength(2)
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(2)
    const crashedRow = await world.db
      .selectFrom('notifications')
      .select('mail_status')
      .where('id', '=', crashed!.id)
      .executeTakeFirstOrThrow()
    expect(crashedRow.mail_status).toBe('sending')
  })

  it('keeps e-mail in the app when no mail server is configured', async () => {
    const world = await createWorld()
    const instrument = await world.instrument({ requiresApproval: true })
    await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: instrument.id, start: WED_9, end: WED_10, purpose: '形貌' },
    })
    expect(await deliverDueMail(world.deps, { transport: null, publicUrl: PUBLIC_URL }, world.clock())).toBe(1)
    const rows = await world.db.selectFrom('notifications').select(['mail_status', 'read_at']).execute()
    expect(rows).toEqual([{ mail_status: 'in_app', read_at: null }])
  })
})
