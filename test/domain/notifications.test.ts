import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  formatWhen,
  headerText,
  NOTIFICATION_KINDS,
  nextMailTry,
  notificationEmail,
  renderNotification,
  retryDelayMs,
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

const params = {
  reservationId: 'r1',
  instrumentId: 'i1',
  instrumentName: 'Confocal <LSM 980> & "co"',
  timezone: 'Asia/Shanghai',
  start: Date.UTC(2027, 2, 1, 1, 0), // 09:00 in Shanghai
  end: Date.UTC(2027, 2, 1, 2, 30),
  researcherName: 'Li\r\nBcc: evil@example.com',
  reason: 'maintenance',
}

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

  it.each(NOTIFICATION_KINDS)('has a title, a body and a link in both languages: %s', (kind) => {
    const zh = renderNotification(kind, params, 'zh', 'https://yz.example.cn/app')
    const en = renderNotification(kind, params, 'en', 'https://yz.example.cn/app')
    expect(zh.title).toContain(params.instrumentName)
    expect(en.title).toContain(params.instrumentName)
    expect(zh.body).toContain('2027年3月1日')
    expect(en.body).toContain('1 Mar 2027')
    expect(zh.title).not.toBe(en.title)
    expect(zh.link).toMatch(/^https:\/\/yz\.example\.cn\/app\/(me|admin)$/)
    expect(en.link).toBe(zh.link)
  })

  it('sends an approval request to the queue and the rest to the researcher’s own page', () => {
    expect(renderNotification('approval-requested', params, 'zh', 'http://x').link).toBe('http://x/admin')
    expect(renderNotification('reminder', params, 'zh', 'http://x').link).toBe('http://x/me')
  })

  it('says the reason of a rejection and of a blackout', () => {
    expect(renderNotification('rejected', params, 'zh', 'http://x').body).toContain('理由：maintenance')
    expect(renderNotification('cancelled-by-blackout', params, 'en', 'http://x').body).toContain('Reason: maintenance')
    expect(renderNotification('rejected', { ...params, reason: null }, 'en', 'http://x').body).not.toContain('Reason')
  })
})

describe('the e-mail of a notification', () => {
  const text = renderNotification('approval-requested', params, 'en', 'https://yz.example.cn')
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
    const zh = notificationEmail(renderNotification('approved', params, 'zh', 'http://x'), 'zh')
    expect(zh.subject).toContain('预约已批准')
    expect(zh.html).toContain('lang="zh-CN"')
    expect(zh.text).toContain('本邮件由平台自动发送')
  })
})
