import nodemailer from 'nodemailer'
import type { MailTransport } from './services/mail.js'

/**
 * Node: e-mail through an SMTP server with nodemailer (`SMTP_URL`: `smtp://user:pass@host:587` uses STARTTLS when
 * the server offers it, `smtps://…:465` TLS from the start). Short timeouts: a try that hangs holds up the e-mails
 * behind it, and a refused or timed-out try is simply tried again later (services/mail.ts).
 */
export function smtpTransport(smtpUrl: string, from: string): MailTransport & { close(): void } {
  const url = new URL(smtpUrl)
  const secure = url.protocol === 'smtps:'
  const transporter = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    async send(message) {
      const info = await transporter.sendMail({ from, ...message })
      // one recipient per message: refused is refused
      if (info.rejected.length > 0) throw new Error(`refused: ${info.response}`)
    },
    close: () => transporter.close(),
  }
}
