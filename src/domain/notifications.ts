import { DateTime } from 'luxon'
import { groupedYuan } from './money/fen.js'
import { ORDER_STATUSES, type OrderStatus } from './orders.js'
import type { Language } from './types.js'

/*
 * What each notification says (DOMAIN.md "Notifications"), in the recipient's language, and when its e-mail is
 * tried. A notification stores only its kind and the facts of its event; the words are made here when it is read or
 * sent, so a user who switches to English reads every notice in English.
 */

/** The notices of a reservation's life (their facts: `ReservationFacts`). */
export const RESERVATION_NOTICE_KINDS = [
  'approval-requested',
  'approved',
  'rejected',
  'cancelled-by-admin',
  'cancelled-by-blackout',
  'reminder',
] as const

export const NOTIFICATION_KINDS = [
  ...RESERVATION_NOTICE_KINDS,
  // to the instrument's admins: a sample order arrived
  'order-arrived',
  // to the requester: their order moved (accepted, received, in progress, reported, completed, rejected, cancelled)
  'order-moved',
  // to the payer's admins
  'statement-issued',
  // to the holder's researchers
  'voucher-granted',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const isNotificationKind = (value: string): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value)

/** The facts of a reservation's notice, as stored with it (JSON). */
export interface ReservationFacts {
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

export interface OrderFacts {
  orderId: string
  instrumentName: string
  /** the order's status the notice tells of */
  status: OrderStatus
  samples: number
  /** who sent the samples (the lab's notice) */
  requesterName?: string | null
  /** the lab's reason of a rejection or cancellation */
  reason?: string | null
}

export interface StatementFacts {
  statementId: string
  providerName: string
  /** YYYY-MM */
  month: string
  payableFen: number
}

export interface VoucherFacts {
  voucherId: string
  programName: string
  amountFen: number
  /** epoch ms UTC */
  expiresAt: number
}

/** What each kind's notice stores. */
export interface FactsOf {
  'approval-requested': ReservationFacts
  approved: ReservationFacts
  rejected: ReservationFacts
  'cancelled-by-admin': ReservationFacts
  'cancelled-by-blackout': ReservationFacts
  reminder: ReservationFacts
  'order-arrived': OrderFacts
  'order-moved': OrderFacts
  'statement-issued': StatementFacts
  'voucher-granted': VoucherFacts
}
export type NotificationParams = FactsOf[NotificationKind]

/** A stored notice: its kind, with the facts that kind stores. */
export type StoredNotice = { [K in NotificationKind]: { kind: K; params: FactsOf[K] } }[NotificationKind]

type FieldTypes = Record<string, 'string' | 'number'>
const RESERVATION_FIELDS: FieldTypes = {
  reservationId: 'string',
  instrumentName: 'string',
  timezone: 'string',
  start: 'number',
  end: 'number',
}
const ORDER_FIELDS: FieldTypes = { orderId: 'string', instrumentName: 'string', status: 'string', samples: 'number' }
/** The fields a stored notice of each kind must have, and their types (the optional ones are not checked). */
const FIELDS: Record<NotificationKind, FieldTypes> = {
  'approval-requested': RESERVATION_FIELDS,
  approved: RESERVATION_FIELDS,
  rejected: RESERVATION_FIELDS,
  'cancelled-by-admin': RESERVATION_FIELDS,
  'cancelled-by-blackout': RESERVATION_FIELDS,
  reminder: RESERVATION_FIELDS,
  'order-arrived': ORDER_FIELDS,
  'order-moved': ORDER_FIELDS,
  'statement-issued': { statementId: 'string', providerName: 'string', month: 'string', payableFen: 'number' },
  'voucher-granted': { voucherId: 'string', programName: 'string', amountFen: 'number', expiresAt: 'number' },
}

/** The stored row's kind and facts (JSON), checked field by field; null for what this version cannot read. */
export function readNotice(kind: string, params: string): StoredNotice | null {
  if (!isNotificationKind(kind)) return null
  let value: unknown
  try {
    value = JSON.parse(params)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const facts = value as Record<string, unknown>
  for (const [field, type] of Object.entries(FIELDS[kind])) if (typeof facts[field] !== type) return null
  if (kind === 'order-moved' || kind === 'order-arrived')
    if (!(ORDER_STATUSES as readonly unknown[]).includes(facts.status)) return null
  return { kind, params: value } as StoredNotice
}

export interface NotificationText {
  title: string
  body: string
  /** absolute, built from PUBLIC_URL: where to act on it */
  link: string
}

const LOCALE: Record<Language, string> = { zh: 'zh-CN', en: 'en-GB' }
const DATE_TIME: Record<Language, string> = { zh: 'yyyy年M月d日 ccc HH:mm', en: 'ccc d LLL yyyy HH:mm' }
const DATE: Record<Language, string> = { zh: 'yyyy年M月d日', en: 'd LLL yyyy' }

/** `2027年3月1日 周一 09:00–10:30` in the instrument's zone; the end carries its date on another day; a zone other than Shanghai is named. */
export function formatWhen(start: number, end: number, zone: string, lang: Language): string {
  const from = DateTime.fromMillis(start, { zone }).setLocale(LOCALE[lang])
  const to = DateTime.fromMillis(end, { zone }).setLocale(LOCALE[lang])
  const tail = from.hasSame(to, 'day') ? to.toFormat('HH:mm') : to.toFormat(DATE_TIME[lang])
  const zoneNote = zone === 'Asia/Shanghai' ? '' : ` (${zone})`
  return `${from.toFormat(DATE_TIME[lang])}–${tail}${zoneNote}`
}

type Words = { title: string; body: string }
type Templates = { [K in NotificationKind]: (p: FactsOf[K]) => Words }

const whenOf = (p: ReservationFacts, lang: Language) => formatWhen(p.start, p.end, p.timezone, lang)
const reasonZh = (p: { reason?: string | null }) => (p.reason ? `理由：${p.reason}` : '')
const reasonEn = (p: { reason?: string | null }) => (p.reason ? ` Reason: ${p.reason}` : '')

/** An order's status in a Chinese title and sentence: 送样单已受理. */
const ORDER_STATUS_ZH: Record<OrderStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  received: '已收样',
  in_progress: '检测中',
  reported: '已出报告',
  completed: '已完成',
  rejected: '未受理',
  cancelled: '已撤销',
}

/** An order's status in an English title (`Sample order accepted`) and what it means in a sentence. */
const ORDER_STATUS_EN: Record<OrderStatus, { title: string; sentence: string }> = {
  submitted: { title: 'submitted', sentence: 'it was submitted' },
  accepted: { title: 'accepted', sentence: 'the lab accepted it' },
  received: { title: 'received', sentence: 'the lab received the samples' },
  in_progress: { title: 'in progress', sentence: 'testing has begun' },
  reported: { title: 'reported', sentence: 'the report is ready' },
  completed: { title: 'completed', sentence: 'it is complete' },
  rejected: { title: 'rejected', sentence: 'the lab did not accept it' },
  cancelled: { title: 'cancelled', sentence: 'it was cancelled' },
}

const TEMPLATES: Record<Language, Templates> = {
  zh: {
    'approval-requested': (p) => ({
      title: `待审批预约：${p.instrumentName}`,
      body: `${p.researcherName ?? '一位用户'} 申请于 ${whenOf(p, 'zh')} 使用 ${p.instrumentName}，请审批。`,
    }),
    approved: (p) => ({
      title: `预约已批准：${p.instrumentName}`,
      body: `您于 ${whenOf(p, 'zh')} 使用 ${p.instrumentName} 的预约已获批准。`,
    }),
    rejected: (p) => ({
      title: `预约未获批准：${p.instrumentName}`,
      body: `您于 ${whenOf(p, 'zh')} 使用 ${p.instrumentName} 的预约未获批准。${reasonZh(p)}`,
    }),
    'cancelled-by-admin': (p) => ({
      title: `预约已被管理员取消：${p.instrumentName}`,
      body: `您于 ${whenOf(p, 'zh')} 使用 ${p.instrumentName} 的预约已被仪器管理员取消。${reasonZh(p)}`,
    }),
    'cancelled-by-blackout': (p) => ({
      title: `预约因停机取消：${p.instrumentName}`,
      body: `${p.instrumentName} 在 ${whenOf(p, 'zh')} 停机维护，您的预约已取消。${reasonZh(p)}`,
    }),
    reminder: (p) => ({
      title: `上机提醒：${p.instrumentName}`,
      body: `您预约的 ${p.instrumentName} 将于 ${whenOf(p, 'zh')} 开始使用，请准时到场。`,
    }),
    'order-arrived': (p) => ({
      title: `新的送样单：${p.instrumentName}`,
      body: `${p.requesterName ?? '一位用户'} 提交了 ${p.samples} 个样品的送样检测（${p.instrumentName}），请受理。`,
    }),
    'order-moved': (p) => ({
      title: `送样单${ORDER_STATUS_ZH[p.status]}：${p.instrumentName}`,
      body: `您在 ${p.instrumentName} 的送样单（${p.samples} 个样品）${ORDER_STATUS_ZH[p.status]}。${reasonZh(p)}`,
    }),
    'statement-issued': (p) => ({
      title: `结算单已开具：${p.providerName} ${p.month}`,
      body: `${p.providerName} 已开具 ${p.month} 的结算单，应付 ${groupedYuan(p.payableFen)} 元。`,
    }),
    'voucher-granted': (p) => ({
      title: `获得创新券：${p.programName}`,
      body: `您所在单位获得 ${p.programName} 创新券 ${groupedYuan(p.amountFen)} 元，有效期至 ${DateTime.fromMillis(p.expiresAt, { zone: 'Asia/Shanghai' }).toFormat(DATE.zh)}，可在预约和送样时使用。`,
    }),
  },
  en: {
    'approval-requested': (p) => ({
      title: `Approval requested: ${p.instrumentName}`,
      body: `${p.researcherName ?? 'A user'} asks to use ${p.instrumentName} on ${whenOf(p, 'en')}. Please decide.`,
    }),
    approved: (p) => ({
      title: `Reservation approved: ${p.instrumentName}`,
      body: `Your reservation of ${p.instrumentName} on ${whenOf(p, 'en')} is approved.`,
    }),
    rejected: (p) => ({
      title: `Reservation not approved: ${p.instrumentName}`,
      body: `Your reservation of ${p.instrumentName} on ${whenOf(p, 'en')} was not approved.${reasonEn(p)}`,
    }),
    'cancelled-by-admin': (p) => ({
      title: `Reservation cancelled by the admin: ${p.instrumentName}`,
      body: `The instrument's admin cancelled your reservation of ${p.instrumentName} on ${whenOf(p, 'en')}.${reasonEn(p)}`,
    }),
    'cancelled-by-blackout': (p) => ({
      title: `Reservation cancelled (instrument unavailable): ${p.instrumentName}`,
      body: `${p.instrumentName} is closed on ${whenOf(p, 'en')}, so your reservation is cancelled.${reasonEn(p)}`,
    }),
    reminder: (p) => ({
      title: `Reminder: ${p.instrumentName}`,
      body: `Your reservation of ${p.instrumentName} starts on ${whenOf(p, 'en')}. Please be on time.`,
    }),
    'order-arrived': (p) => ({
      title: `New sample order: ${p.instrumentName}`,
      body: `${p.requesterName ?? 'A user'} sent a sample order of ${p.samples} sample(s) for ${p.instrumentName}. Please accept or reject it.`,
    }),
    'order-moved': (p) => ({
      title: `Sample order ${ORDER_STATUS_EN[p.status].title}: ${p.instrumentName}`,
      body: `Your sample order of ${p.samples} sample(s) for ${p.instrumentName}: ${ORDER_STATUS_EN[p.status].sentence}.${reasonEn(p)}`,
    }),
    'statement-issued': (p) => ({
      title: `Statement issued: ${p.providerName} ${p.month}`,
      body: `${p.providerName} issued its statement for ${p.month}: ¥${groupedYuan(p.payableFen)} payable.`,
    }),
    'voucher-granted': (p) => ({
      title: `Innovation voucher granted: ${p.programName}`,
      body: `Your institution was granted a ${p.programName} voucher of ¥${groupedYuan(p.amountFen)}, valid until ${DateTime.fromMillis(p.expiresAt, { zone: 'Asia/Shanghai' }).setLocale(LOCALE.en).toFormat(DATE.en)}; name it when you book or send samples.`,
    }),
  },
}

/** Where the recipient acts on it: the admin's queue for a request, the order, the statement, the voucher desk, or their own reservations. */
const PATH: { [K in NotificationKind]: (p: FactsOf[K]) => string } = {
  'approval-requested': () => '/admin',
  approved: () => '/me',
  rejected: () => '/me',
  'cancelled-by-admin': () => '/me',
  'cancelled-by-blackout': () => '/me',
  reminder: () => '/me',
  'order-arrived': (p) => `/orders/${encodeURIComponent(p.orderId)}`,
  'order-moved': (p) => `/orders/${encodeURIComponent(p.orderId)}`,
  'statement-issued': (p) => `/statements/${encodeURIComponent(p.statementId)}`,
  'voucher-granted': () => '/vouchers',
}

/** The words of a notification in `lang`; `publicUrl` has no trailing slash (src/config.ts). */
export function renderNotification(notice: StoredNotice, lang: Language, publicUrl: string): NotificationText {
  // one kind at a time: TypeScript cannot pair a union's kind with its facts through an index on its own
  const template = TEMPLATES[lang][notice.kind] as (p: NotificationParams) => Words
  const path = PATH[notice.kind] as (p: NotificationParams) => string
  const { title, body } = template(notice.params)
  return { title, body, link: `${publicUrl}${path(notice.params)}` }
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
