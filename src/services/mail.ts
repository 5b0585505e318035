import { headerText, nextMailTry, notificationEmail, readNotice, renderNotification } from '../domain/notifications.js'
import {
  claimMail,
  keepDueMailInApp,
  listDueMail,
  recordMailRefused,
  recordMailSent,
} from '../repositories/notifications.js'
import type { Deps } from './deps.js'
import type { JobTask } from './jobs.js'

/*
 * The e-mail of notifications (DOMAIN.md "Notifications"): the outbox is the notifications table; a sender claims one
 * row's try with a guarded UPDATE (due → sending) before it sends, and records the outcome after. So each try is made
 * by one sender only, and a sender that dies between its claim and the record leaves the row in `sending`, which
 * nobody tries again: an e-mail is sent at most once. (A crash in that moment may lose the e-mail; the notice stays
 * in the app, and the operations page counts such rows as interrupted.) A refused try is tried again on the domain's
 * schedule, for a day.
 *
 * How mail leaves is a MailTransport: nodemailer over SMTP on Node (src/mail-smtp-node.ts); none on Workers (README
 * "Notifications"), where e-mails stay in the app. Nothing here imports a mail library, so the Worker never bundles one.
 */

export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  /** `<…@host>`: the same for every try of one notification, so a receiver can tell a repeat */
  messageId: string
}

export interface MailTransport {
  /** Resolves once the server has accepted the message; rejects when it refused or could not be reached. */
  send(message: MailMessage): Promise<void>
}

export interface Outbox {
  /** null: no mail server configured; due e-mails are marked in-app only */
  transport: MailTransport | null
  /** PUBLIC_URL, for the links in the e-mails */
  publicUrl: string
}

export const MAIL_LEASE = 'mail'

/** E-mails tried per run: a run stays short, the rest wait for the next tick. */
const PER_RUN = 50

const messageIdOf = (id: string, publicUrl: string) =>
  `<${id.replace(/[^A-Za-z0-9.-]/g, '-')}@${new URL(publicUrl).hostname || 'yongzhou'}>`

/** Tries every due e-mail once (claimed first); returns how many were sent. */
export async function deliverDueMail(deps: Deps, outbox: Outbox, now: number, budget = PER_RUN): Promise<number> {
  if (!outbox.transport) return keepDueMailInApp(deps.db, now)
  let sent = 0
  for (const due of await listDueMail(deps.db, now, budget)) {
    if (!(await claimMail(deps.db, due.id, now))) continue // another sender has it
    const notice = readNotice(due.kind, due.params)
    if (!notice) {
      await recordMailRefused(deps.db, due.id, null, `cannot render a notification of kind ${due.kind}`)
      continue
    }
    const lang = due.language === 'en' ? 'en' : 'zh'
    const email = notificationEmail(renderNotification(notice, lang, outbox.publicUrl), lang)
    try {
      await outbox.transport.send({
        to: headerText(due.email, 320),
        ...email,
        messageId: messageIdOf(due.id, outbox.publicUrl),
      })
    } catch (error) {
      const failedAt = deps.clock()
      const next = nextMailTry(due.createdAt, due.attempts + 1, failedAt)
      await recordMailRefused(deps.db, due.id, next, headerText(String((error as Error)?.message ?? error), 500))
      continue
    }
    await recordMailSent(deps.db, due.id, deps.clock())
    sent++
  }
  return sent
}

/** The job task that sends (or, without a transport, keeps in the app) the due e-mails. */
export const mailTask = (outbox: Outbox): JobTask => ({
  name: 'mail',
  run: (deps, now) => deliverDueMail(deps, outbox, now),
})
