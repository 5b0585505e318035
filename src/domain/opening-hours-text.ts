import type { OpeningPeriod, Weekday } from './types.js'

/*
 * 开放时间 as institutions write it in the national platform's spreadsheet, read into weekly opening periods:
 *   周一至周五 08:00-17:00                      Monday to Friday
 *   周一、周三 09:00-12:00                      a list of days
 *   周一至周五 08:00-12:00,13:30-17:30          several periods a day
 *   周一至周五 08:30-17:00；周六 09:00-12:00     several groups, separated by ；/ ; / a line break
 * Days: 周一…周日 (周天), 星期一…星期日 (星期天), ranges with 至 / 到 / - / ~, lists with 、 / , / 和 / a space,
 * and 每天 / 每日 / 全周 (every day), 工作日 (Monday–Friday), 周末 (Saturday and Sunday). Full-width digits, colons
 * and dashes are read as their ASCII forms (NFKC). A period never crosses midnight (write 22:00-24:00 and 00:00-06:00).
 * Pure: the instrument's own rules (the slot grid, overlaps) are checked where every instrument is.
 */

export type OpeningHoursText = { ok: true; periods: OpeningPeriod[] } | { ok: false; message: string }

const DAY_NUMBER: Record<string, Weekday> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 }
const DAY = /^(?:周|星期|礼拜)([一二三四五六日天七])$/
const DAY_SETS: Record<string, Weekday[]> = {
  每天: [1, 2, 3, 4, 5, 6, 7],
  每日: [1, 2, 3, 4, 5, 6, 7],
  全周: [1, 2, 3, 4, 5, 6, 7],
  工作日: [1, 2, 3, 4, 5],
  周末: [6, 7],
}
const TIME = /^(\d{1,2}):(\d{2})$/

function dayOf(text: string): Weekday | null {
  const match = DAY.exec(text)
  return match ? DAY_NUMBER[match[1]!]! : null
}

/** The days of "周一至周五", "周一、周三", "周五至周一" (a range may wrap past Sunday), "工作日"… */
function daysOf(text: string): Weekday[] | string {
  const days = new Set<Weekday>()
  for (const item of text.split(/[、,\s和及]+/u).filter(Boolean)) {
    const set = DAY_SETS[item]
    if (set) {
      for (const day of set) days.add(day)
      continue
    }
    const range = item.split(/至|到|-|~/u)
    if (range.length === 2) {
      const from = dayOf(range[0]!)
      const to = dayOf(range[1]!)
      if (from === null || to === null) return `“${item}” is not a range of days such as 周一至周五`
      for (let day = from; ; day = ((day % 7) + 1) as Weekday) {
        days.add(day)
        if (day === to) break
      }
      continue
    }
    const day = range.length === 1 ? dayOf(item) : null
    if (day === null) return `“${item}” is not a day such as 周一 or 星期三`
    days.add(day)
  }
  if (days.size === 0) return 'names no day (write e.g. 周一至周五 08:00-17:00)'
  return [...days].sort((a, b) => a - b)
}

/** "8:00" → "08:00"; null unless a time of day (24:00 only as a close). */
function timeOf(text: string, isClose: boolean): string | null {
  const match = TIME.exec(text)
  if (!match) return null
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (minutes > 59 || hours > 24 || (hours === 24 && (minutes !== 0 || !isClose))) return null
  return `${String(hours).padStart(2, '0')}:${match[2]}`
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3))

/** The periods of "08:00-12:00,13:30-17:30". */
function periodsOf(text: string): { open: string; close: string }[] | string {
  const periods: { open: string; close: string }[] = []
  for (const item of text.split(/[,、\s]+/u).filter(Boolean)) {
    const parts = item.split(/-|~|至|到/u)
    const open = parts.length === 2 ? timeOf(parts[0]!, false) : null
    const close = parts.length === 2 ? timeOf(parts[1]!, true) : null
    if (open === null || close === null) return `“${item}” is not a period such as 08:00-17:00`
    if (minutesOf(close) <= minutesOf(open))
      return `${item} ends before it starts: a period never crosses midnight (split it at 24:00)`
    periods.push({ open, close })
  }
  if (periods.length === 0) return 'names no time (write e.g. 周一至周五 08:00-17:00)'
  return periods
}

/** Reads 开放时间; `{ok: false, message}` says what is wrong, in terms of what was written. */
export function parseOpeningHoursText(text: string): OpeningHoursText {
  // NFKC turns full-width digits, colons, commas, semicolons, tildes and hyphens into ASCII; dashes are unified
  const normalised = text
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\u301c]/gu, '-')
    .trim()
  const groups = normalised.split(/[;\n\r]+/u).filter((group) => group.trim() !== '')
  if (groups.length === 0) return { ok: false, message: 'is empty' }
  const periods: OpeningPeriod[] = []
  for (const group of groups) {
    const firstDigit = group.search(/\d/u)
    if (firstDigit < 0)
      return { ok: false, message: `“${group.trim()}” has no time (write e.g. 周一至周五 08:00-17:00)` }
    const days = daysOf(group.slice(0, firstDigit).trim())
    if (typeof days === 'string') return { ok: false, message: days }
    const times = periodsOf(group.slice(firstDigit).trim())
    if (typeof times === 'string') return { ok: false, message: times }
    for (const weekday of days) for (const time of times) periods.push({ weekday, ...time })
  }
  const seen = new Set<string>()
  const distinct = periods.filter((p) => {
    const key = `${p.weekday} ${p.open} ${p.close}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  distinct.sort((a, b) => a.weekday - b.weekday || a.open.localeCompare(b.open))
  return { ok: true, periods: distinct }
}
