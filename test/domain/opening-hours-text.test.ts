import { describe, expect, it } from 'vitest'
import { parseOpeningHoursText } from '../../src/domain/opening-hours-text.js'

const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const each = (weekdays: number[], open: string, close: string) => weekdays.map((weekday) => ({ weekday, open, close }))

describe('parseOpeningHoursText: 开放时间 as written in the national spreadsheet', () => {
  it.each([
    ['周一至周五 08:00-17:00', each(days(1, 5), '08:00', '17:00')],
    ['周一、周三 09:00-12:00', [...each([1], '09:00', '12:00'), ...each([3], '09:00', '12:00')]],
    [
      '周一至周五 08:00-12:00,13:30-17:30',
      days(1, 5).flatMap((d) => [...each([d], '08:00', '12:00'), ...each([d], '13:30', '17:30')]),
    ],
    [
      '周一至周五 08:00-12:00，13:30-17:30',
      days(1, 5).flatMap((d) => [...each([d], '08:00', '12:00'), ...each([d], '13:30', '17:30')]),
    ],
    ['星期一至星期五 8:00-17:00', each(days(1, 5), '08:00', '17:00')],
    ['周一到周五 08:00~17:00', each(days(1, 5), '08:00', '17:00')],
    ['周一至周五 08:00—17:00', each(days(1, 5), '08:00', '17:00')], // an em dash
    ['周一至周五 ０８：００－１７：００', each(days(1, 5), '08:00', '17:00')], // full-width, as typed with a Chinese IME
    ['周一至周五08:00-17:00', each(days(1, 5), '08:00', '17:00')], // no space
    ['  周六、周日 09:00-12:00  ', [...each([6], '09:00', '12:00'), ...each([7], '09:00', '12:00')]],
    ['周六,周天 09:00-12:00', [...each([6], '09:00', '12:00'), ...each([7], '09:00', '12:00')]],
    ['每天 00:00-24:00', each(days(1, 7), '00:00', '24:00')],
    ['工作日 08:30-17:00', each(days(1, 5), '08:30', '17:00')],
    ['周末 10:00-16:00', [...each([6], '10:00', '16:00'), ...each([7], '10:00', '16:00')]],
    ['周五至周一 09:00-10:00', [...each([1], '09:00', '10:00'), ...each([5, 6, 7], '09:00', '10:00')]], // wraps past Sunday
    [
      '周一至周五 08:30-17:00；周六 09:00-12:00',
      [...each(days(1, 5), '08:30', '17:00'), ...each([6], '09:00', '12:00')],
    ],
    [
      '周一至周五 08:30-17:00\n周六 09:00-12:00',
      [...each(days(1, 5), '08:30', '17:00'), ...each([6], '09:00', '12:00')],
    ],
    ['周一 08:00-12:00; 周一 08:00-12:00', each([1], '08:00', '12:00')], // written twice, kept once
  ])('%j', (text, periods) => {
    const parsed = parseOpeningHoursText(text)
    expect(parsed).toEqual({
      ok: true,
      periods: [...periods].sort((a, b) => a.weekday - b.weekday || a.open.localeCompare(b.open)),
    })
  })

  it.each([
    ['', 'is empty'],
    ['周一至周五', 'has no time'],
    ['08:00-17:00', 'names no day'],
    ['周八 08:00-17:00', 'not a day'],
    ['上午 08:00-12:00', 'not a day'],
    ['周一至周八 08:00-17:00', 'not a range of days'],
    ['周一至周五 17:00-08:00', 'crosses midnight'],
    ['周一至周五 08:00-08:00', 'crosses midnight'],
    ['周一至周五 8-17', 'not a period'],
    ['周一至周五 08:00-25:00', 'not a period'],
    ['周一至周五 08:61-17:00', 'not a period'],
    ['周一至周五 24:00-24:00', 'not a period'],
    ['周一至周五 08:00', 'not a period'],
  ])('%j is refused: %s', (text, message) => {
    const parsed = parseOpeningHoursText(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toContain(message)
  })
})
