import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import {
  freePort,
  logOf,
  mustServer,
  populateServer,
  startServer,
  stopServer,
  waitForHealth,
} from '../support/server-process.js'

/** Issue 12 "Done means": an approval request reaches a real SMTP server's inbox within seconds of the booking. */

const dir = mkdtempSync(join(tmpdir(), 'yongzhou-smtp-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm start with SMTP_URL', () => {
  it('e-mails the approval request to the instrument’s admin within seconds', async () => {
    const inbox: { to: string; raw: string; at: number }[] = []
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          inbox.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            raw: Buffer.concat(chunks).toString('utf8'),
            at: Date.now(),
          })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    const server = startServer('smtp', await freePort(), join(dir, 'smtp.db'), {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Yongzhou <noreply@yongzhou.test>',
    })
    try {
      await waitForHealth(server)
      const world = await populateServer([server], 1, 'mail')
      const instrument = await world.createInstrument('透射电镜', { requiresApproval: true })
      const start = new Date(Date.now() + 3 * 24 * 3_600_000)
      start.setUTCHours(2, 0, 0, 0)
      const bookedAt = Date.now()
      const made = await mustServer(201, server, 'POST', '/reservations', {
        token: world.researchers[0]!.token,
        body: {
          instrumentId: instrument.id,
          start: start.toISOString(),
          end: new Date(start.getTime() + 3_600_000).toISOString(),
          purpose: '形貌',
        },
      })
      expect(made.status).toBe('pending')
      for (let waited = 0; inbox.length === 0 && waited < 30_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100))
      expect(inbox, logOf(server)).toHaveLength(1)
      expect(inbox[0]!.to).toMatch(/@/)
      expect(inbox[0]!.raw).toMatch(/^Subject: /m)
      expect(inbox[0]!.raw).toContain('From: Yongzhou <noreply@yongzhou.test>')
      // the loop ticks every 5 s (4.4 s measured here alone); the wait above is bounded at 30 s, not a speed test
      console.info(`approval request e-mailed ${inbox[0]!.at - bookedAt} ms after the booking`)
    } finally {
      await stopServer(server)
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
    }
  }, 90_000)
})
