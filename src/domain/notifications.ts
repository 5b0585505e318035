import { DateTime } from 'luxon'
import type { Language } from './types.js'

/*
 * What each notification says (DOMAIN.md "Notifications"), in the recipient's language, and when its e-mail is
 * tried. A notification stores only its kind and the facts of its event; the words are made here when it is read or
 * sent, so a user who switches to English reads every notice in English.
 */

export const NOTIFICATION_KINDS = [
  'approval-requested',
  'approved',
  'rejected',
  'cancelled-by-admin',
  'cancelled-by-blackout',
  'reminder',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const isNotificationKind = (value: string): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value)

/** The facts of the event, as stored with the notification (JSON). */
export interface NotificationParams {
  reservationId: string
  instrumentId: string
  instrumentName: string
  /** the instrument's IANA zone: times are said in it */
  timezone: string
  /** epoch ms UTC, the booked start and end */
  start: number
  end: number
  /** who asked (approval requests) */
  researcherName?: string | null
  /** the admin's reason or the blackout's */
  reason?: string | null
}

export interface NotificationText {
  title: string
  body: string
  /** absolute, built from PUBLIC_URL: where to act on it */
  link: string
}

const LOCALE: Record<Language, string> = { zh: 'zh-CN', en: 'en-GB' }
const DATE_TIME: Record<Language, string> = { zh: 'yyyy年M月d日 ccc HH:mm', en: 'ccc d LLL yyyy HH:mm' }

/** `2027年3月1日 周一 09:00–10:30` in the instrument's zone; the end carries its date on another day; a zone other than Shanghai is named. */
export function formatWhen(start: number, end: number, zone: string, lang: Language): string {
  const from = DateTime.fromMillis(start, { zone }).setLocale(LOCALE[lang])
  const to = DateTime.fromMillis(end, { zone }).setLocale(LOCALE[lang])
  const tail = from.hasSame(to, 'day') ? to.toFormat('HH:mm') : to.toFormat(DATE_TIME[lang])
  const zoneNote = zone === 'Asia/Shanghai' ? '' : ` (${zone})`
  return `${from.toFormat(DATE_TIME[lang])}–${tail}${zoneNote}`
}

type Template = (p: NotificationParams, when: string) => { title: string; body: string }

const reasonZh = (p: NotificationParams) => (p.reason ? `理由：${p.reason}` : '')
const reasonEn = (p: NotificationParams) => (p.reason ? ` Reason: ${p.reason}` : '')

const TEMPLATES: Record<Language, Record<NotificationKind, Template>> = {
  zh: {
    'approval-requested': (p, when) => ({
      title: `待审批预约：${p.instrumentName}`,
      body: `${p.researcherName ?? '一位用户'} 申请于 ${when} 使用 ${p.instrumentName}，请审批。`,
    }),
    approved: (p, when) => ({
      title: `预约已批准：${p.instrumentName}`,
      body: `您于 ${when} 使用 ${p.instrumentName} 的预约已获批准。`,
    }),
    rejected: (p, when) => ({
      title: `预约未获批准：${p.instrumentName}`,
      body: `您于 ${when} 使用 ${p.instrumentName} 的预约未获批准。${reasonZh(p)}`,
    }),
    'cancelled-by-admin': (p, when) => ({
      title: `预约已被管理员取消：${p.instrumentName}`,
      body: `您于 ${when} 使用 ${p.instrumentName} 的预约已被仪器管理员取消。${reasonZh(p)}`,
    }),
    'cancelled-by-blackout': (p, when) => ({
      title: `预约因停机取消：${p.instrumentName}`,
      body: `${p.instrumentName} 在 ${when} 停机维护，您的预约已取消。${reasonZh(p)}`,
    }),
    reminder: (p, when) => ({
      title: `上机提醒：${p.instrumentName}`,
      body: `您预约的 ${p.instrumentName} 将于 ${when} 开始使用，请准时到场。`,
    }),
  },
  en: {
    'approval-requested': (p, when) => ({
      title: `Approval requested: ${p.instrumentName}`,
      body: `${p.researcherName ?? 'A user'} asks to use ${p.instrumentName} on ${when}. Please decide.`,
    }),
    approved: (p, when) => ({
      title: `Reservation approved: ${p.instrumentName}`,
      body: `Your reservation of ${p.instrumentName} on ${when} is approved.`,
    }),
    rejected: (p, when) => ({
      title: `Reservation not approved: ${p.instrumentName}`,
      body: `Your reservation of ${p.instrumentName} on ${when} was not approved.${reasonEn(p)}`,
    }),
    'cancelled-by-admin': (p, when) => ({
      title: `Reservation cancelled by the admin: ${p.instrumentName}`,
      body: `The instrument's admin cancelled your reservation of ${p.instrumentName} on ${when}.${reasonEn(p)}`,
    }),
    'cancelled-by-blackout': (p, when) => ({
      title: `Reservation cancelled (instrument unavailable): ${p.instrumentName}`,
      body: `${p.instrumentName} is closed on ${when}, so your reservation is cancelled.${reasonEn(p)}`,
    }),
    reminder: (p, when) => ({
      title: `Reminder: ${p.instrumentName}`,
      body: `Your reservation of ${p.instrumentName} starts on ${when}. Please be on time.`,
    }),
  },
}

/** Where the recipient acts on it: the admin's queue for a request, their own reservations otherwise. */
const PATH: Record<NotificationKind, string> = {
  'approval-requested': '/admin',
  approved: '/me',
  rejected: '/me',
  'cancelled-by-admin': '/me',
  'cancelled-by-blackout': '/me',
  reminder: '/me',
}

/** The words of a notification in `lang`; `publicUrl` has no trailing slash (src/config.ts). */
export function renderNotification(
  kind: NotificationKind,
  params: NotificationParams,
  lang: Language,
  publicUrl: string,
): NotificationText {
  const when = formatWhen(params.start, params.end, params.timezone, lang)
  const { title, body } = TEMPLATES[lang][kind](params, when)
  return { title, body, link: `${publicUrl}${PATH[kind]}` }
}

const APP_NAME: Record<Language, string> = { zh: '甬舟仪享', en: '甬舟仪享 (Ningbo–Zhoushan shared instruments)' }
const FOOTER: Record<Language, string> = {
  zh: '本邮件由平台自动发送。您可在“我的预约”页面查看全部通知并更改通知语言。',
  en: 'Sent automatically by the platform. See every notice, and change their language, on your “My reservations” page.',
}

/** `&<>"'` as HTML entities: every text put into the HTML part. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  )

/** A header value on one line: line breaks and other control characters become spaces (no header injection). */
export const headerText = (text: string, max = 200) =>
  text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)

export interface NotificationEmail {
  subject: string
  text: string
  html: string
}

/** The e-mail of a notification: a one-line subject, a plain-text part and a simple HTML part, each escaped for itself. */
export function notificationEmail(text: NotificationText, lang: Language): NotificationEmail {
  const subject = headerText(`${text.title} · 甬舟仪享`)
  return {
    subject,
    text: `${text.body}\n\n${text.link}\n\n-- \n${APP_NAME[lang]}\n${FOOTER[lang]}\n`,
    html:
      `<!DOCTYPE html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
      `<title>${escapeHtml(subject)}</title></head><body>` +
      `<h1 style="font-size:1.2em">${escapeHtml(text.title)}</h1>` +
      `<p>${escapeHtml(text.body)}</p>` +
      `<p><a href="${escapeHtml(text.link)}">${escapeHtml(text.link)}</a></p>` +
      `<hr><p style="color:#555;font-size:.9em">${escapeHtml(APP_NAME[lang])}<br>${escapeHtml(FOOTER[lang])}</p>` +
      '</body></html>',
  }
}

/*
 * When the e-mail is tried (DOMAIN.md): first within seconds of the event, then after 30 seconds, 60, 120, … doubling
 * up to an hour apart, for a day. A try that would fall later than a day after the event is not made: the e-mail
 * has failed (the notice stays in the app).
 */
export const FIRST_RETRY_MS = 30_000
export const LONGEST_GAP_MS = 3_600_000
export const TRY_FOR_MS = 24 * 3_600_000

/** The wait after the `triesMade`-th failed try (1-based): 30 s · 2^(n−1), at most an hour. */
export function retryDelayMs(triesMade: number): number {
  if (!Number.isInteger(triesMade) || triesMade < 1) throw new RangeError('triesMade counts from 1')
  // 2^7 · 30 s already exceeds an hour: the cap keeps the power small
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(triesMade - 1, 7), LONGEST_GAP_MS)
}

/** When to try again after the `triesMade`-th try failed at `failedAt`; null: give up (a day has passed). */
export function nextMailTry(createdAt: number, triesMade: number, failedAt: number): number | null {
  const next = failedAt + retryDelayMs(triesMade)
  return next <= createdAt + TRY_FOR_MS ? next : null
}
