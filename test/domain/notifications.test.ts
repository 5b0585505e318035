import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  formatWhen,
  headerText,
  NOTIFICATION_KINDS,
  type NotificationKind,
  nextMailTry,
  notificationEmail,
  RESERVATION_NOTICE_KINDS,
  type ReservationFacts,
  readNotice,
  renderNotification,
  retryDelayMs,
  type StoredNotice,
  TRY_FOR_MS,
} from '../../src/domain/notifications.js'

const S = 1000
const MIN = 60 * S
const H = 60 * MIN

describe('the retry schedule', () => {
  it.each([
    [1, 30 * S],
    [2, 60 * S],
    [3, 2 * MIN],
    [4, 4 * MIN],
    [7, 32 * MIN],
    [8, H], // 64 min capped
    [9, H],
    [50, H],
  ])('waits after try %i: %i ms', (tries, wait) => {
    expect(retryDelayMs(tries)).toBe(wait)
  })

  it('refuses a try count below one', () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError)
  })

  const created = Date.UTC(2027, 2, 1, 1, 0)
  it.each([
    ['a retry exactly a day after the event is still made', created + TRY_FOR_MS - H, 10, created + TRY_FOR_MS],
    ['one a millisecond past the day is not', created + TRY_FOR_MS - H + 1, 10, null],
    ['the first retry follows 30 s after the first try', created + 2 * S, 1, created + 32 * S],
  ])('%s', (_name, failedAt, tries, expected) => {
    expect(nextMailTry(created, tries, failedAt)).toBe(expected)
  })

  it('makes the tries of a day that never succeeds: gaps never shrink, never exceed an hour, all within the day', () => {
    const times = [created]
    for (let tries = 1; ; tries++) {
      const next = nextMailTry(created, tries, times.at(-1)!)
      if (next === null) break
      times.push(next)
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    expect(gaps.slice(0, 3)).toEqual([30 * S, 60 * S, 120 * S])
    expect(gaps.every((gap, i) => gap <= H && (i === 0 || gap >= gaps[i - 1]!))).toBe(true)
    expect(times.at(-1)! - created).toBeLessThanOrEqual(TRY_FOR_MS)
    expect(times.at(-1)! - created).toBeGreaterThan(TRY_FOR_MS - H)
  })
})

const params: ReservationFacts = {
  reservationId: 'r1',
  instrumentId: 'i1',
  instrumentName: 'Confocal <LSM 980> & "co"',
  timezone: 'Asia/Shanghai',
  start: Date.UTC(2027, 2, 1, 1, 0), // 09:00 in Shanghai
  end: Date.UTC(2027, 2, 1, 2, 30),
  researcherName: 'Li\r\nBcc: evil@example.com',
  reason: 'maintenance',
}

/** A stored notice of a reservation's kind. */
const notice = (kind: (typeof RESERVATION_NOTICE_KINDS)[number], facts: ReservationFacts) =>
  ({ kind, params: facts }) as StoredNotice

const order = { orderId: 'o/1', instrumentName: 'X射线衍射仪', samples: 3, requesterName: '王舟', reason: null }

describe('the notices of orders, statements and vouchers', () => {
  it('tells the lab of a new order, and the requester of each move with the reason, linking to the order', () => {
    const arrived = renderNotification(
      { kind: 'order-arrived', params: { ...order, status: 'submitted' } },
      'zh',
      'http://x',
    )
    expect(arrived.title).toBe('新的送样单：X射线衍射仪')
    expect(arrived.body).toContain('王舟 提交了 3 个样品')
    expect(arrived.link).toBe('http://x/orders/o%2F1')
    const rejected = renderNotification(
      { kind: 'order-moved', params: { ...order, status: 'rejected', reason: '样品超出量程' } },
      'en',
      'http://x',
    )
    expect(rejected.title).toBe('Sample order rejected: X射线衍射仪')
    expect(rejected.body).toContain(': the lab did not accept it. Reason: 样品超出量程')
    const reported = renderNotification(
      { kind: 'order-moved', params: { ...order, status: 'reported' } },
      'zh',
      'http://x',
    )
    expect(reported.title).toBe('送样单已出报告：X射线衍射仪')
  })

  it('tells the payer what a statement asks, in yuan, and the holder what a voucher gives and until when', () => {
    const statement = renderNotification(
      {
        kind: 'statement-issued',
        params: { statementId: 's1', providerName: '宁波大学', month: '2027-03', payableFen: 123_450 },
      },
      'zh',
      'http://x',
    )
    expect(statement.body).toBe('宁波大学 已开具 2027-03 的结算单，应付 1,234.50 元。')
    expect(statement.link).toBe('http://x/statements/s1')
    const voucher = renderNotification(
      {
        kind: 'voucher-granted',
        params: {
          voucherId: 'v1',
          programName: '舟山科技创新券',
          amountFen: 5_000_000,
          expiresAt: Date.UTC(2027, 11, 31, 15, 59),
        },
      },
      'en',
      'http://x',
    )
    expect(voucher.body).toContain('¥50,000.00, valid until 31 Dec 2027')
    expect(voucher.link).toBe('http://x/vouchers')
  })
})

describe('reading a stored notice', () => {
  const json = JSON.stringify
  it.each(NOTIFICATION_KINDS)('reads back what each kind stores, and nothing with a field missing: %s', (kind) => {
    const facts: Record<NotificationKind, object> = {
      'approval-requested': params,
      approved: params,
      rejected: params,
      'cancelled-by-admin': params,
      'cancelled-by-blackout': params,
      reminder: params,
      'order-arrived': { ...order, status: 'submitted' },
      'order-moved': { ...order, status: 'accepted' },
      'statement-issued': { statementId: 's1', providerName: 'p', month: '2027-03', payableFen: 0 },
      'voucher-granted': { voucherId: 'v1', programName: 'p', amountFen: 1, expiresAt: 1 },
    }
    expect(readNotice(kind, json(facts[kind]))).toEqual({ kind, params: facts[kind] })
    for (const field of Object.keys(facts[kind]).filter(
      (f) => !['reason', 'researcherName', 'requesterName', 'instrumentId'].includes(f),
    )) {
      const { [field]: _, ...without } = facts[kind] as Record<string, unknown>
      expect(readNotice(kind, json(without)), field).toBeNull()
    }
  })

  it('reads no unknown kind, no broken JSON and no order status it does not know', () => {
    expect(readNotice('order-exploded', json(params))).toBeNull()
    expect(readNotice('approved', '{')).toBeNull()
    expect(readNotice('approved', 'null')).toBeNull()
    expect(readNotice('order-moved', json({ ...order, status: 'lost' }))).toBeNull()
  })
})

describe('the words of a notification', () => {
  it.each([
    ['zh', '2027年3月1日 周一 09:00–10:30'],
    ['en', 'Mon 1 Mar 2027 09:00–10:30'],
  ] as const)('says times in the instrument’s zone (%s)', (lang, text) => {
    expect(formatWhen(params.start, params.end, 'Asia/Shanghai', lang)).toBe(text)
  })

  it('names the zone when it is not Shanghai, and the end’s date on another day', () => {
    expect(formatWhen(params.start, params.start + 20 * H, 'Europe/Berlin', 'en')).toBe(
      'Mon 1 Mar 2027 02:00–22:00 (Europe/Berlin)',
    )
    expect(formatWhen(Date.UTC(2027, 2, 1, 15, 0), Date.UTC(2027, 2, 1, 17, 0), 'Asia/Shanghai', 'zh')).toBe(
      '2027年3月1日 周一 23:00–2027年3月2日 周二 01:00',
    )
  })

  it.each(RESERVATION_NOTICE_KINDS)('has a title, a body and a link in both languages: %s', (kind) => {
    const zh = renderNotification(notice(kind, params), 'zh', 'https://yz.example.cn/app')
    const en = renderNotification(notice(kind, params), 'en', 'https://yz.example.cn/app')
    expect(zh.title).toContain(params.instrumentName)
    expect(en.title).toContain(params.instrumentName)
    expect(zh.body).toContain('2027年3月1日')
    expect(en.body).toContain('1 Mar 2027')
    expect(zh.title).not.toBe(en.title)
    expect(zh.link).toMatch(/^https:\/\/yz\.example\.cn\/app\/(me|admin)$/)
    expect(en.link).toBe(zh.link)
  })

  it('sends an approval request to the queue and the rest to the researcher’s own page', () => {
    expect(renderNotification(notice('approval-requested', params), 'zh', 'http://x').link).toBe('http://x/admin')
    expect(renderNotification(notice('reminder', params), 'zh', 'http://x').link).toBe('http://x/me')
  })

  it('says the reason of a rejection and of a blackout', () => {
    expect(renderNotification(notice('rejected', params), 'zh', 'http://x').body).toContain('理由：maintenance')
    expect(renderNotification(notice('cancelled-by-blackout', params), 'en', 'http://x').body).toContain(
      'Reason: maintenance',
    )
    expect(renderNotification(notice('rejected', { ...params, reason: null }), 'en', 'http://x').body).not.toContain(
      'Reason',
    )
  })
})

describe('the e-mail of a notification', () => {
  const text = renderNotification(notice('approval-requested', params), 'en', 'https://yz.example.cn')
  const mail = notificationEmail(text, 'en')

  it('keeps the subject on one line, whatever the names hold', () => {
    expect(mail.subject).not.toMatch(/[\r\n]/)
    expect(mail.subject).toContain('Approval requested')
    expect(headerText('a\r\nBcc: x\u2028y\tz')).toBe('a Bcc: x y z')
  })

  it('escapes every text in the HTML part and none in the plain part', () => {
    expect(mail.html).toContain('Confocal &lt;LSM 980&gt; &amp; &quot;co&quot;')
    expect(mail.html).not.toContain('<LSM 980>')
    expect(mail.html).toContain('<a href="https://yz.example.cn/admin">')
    expect(mail.text).toContain('Confocal <LSM 980> & "co"')
    expect(mail.text).toContain('https://yz.example.cn/admin')
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;')
  })

  it('speaks the recipient’s language', () => {
    const zh = notificationEmail(renderNotification(notice('approved', params), 'zh', 'http://x'), 'zh')
    expect(zh.subject).toContain('预约已批准')
    expect(zh.html).toContain('lang="zh-CN"')
    expect(zh.text).toContain('本邮件由平台自动发送')
  })
})
