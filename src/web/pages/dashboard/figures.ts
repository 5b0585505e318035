import { DateTime } from 'luxon'
import { CATEGORIES } from '../../../domain/categories.js'
import type { SharingStats } from '../../../domain/sharing/aggregation.js'
import { STATS_ZONE, yearOf } from '../../../domain/sharing/counting.js'
import { invalid } from '../../../errors.js'
import { FIRST_YEAR, LAST_YEAR, Year } from '../../../services/inputs/stats.js'
import type { Ui } from '../../env.js'
import { isMessageKey, type Lang } from '../../i18n/index.js'

/** What the dashboard's sections share: the year's figures and the names of cities and institutions. */
export interface DashboardData {
  ui: Ui
  stats: SharingStats
  cities: Map<string, string>
  institutions: Map<string, string>
  progress: YearProgress
  months: string[]
}

/** The year asked for (the API's schema: four digits, 2000–2100), else this year in Asia/Shanghai. */
export function parseYear(value: string | undefined, now: number): number {
  if (value === undefined || value === '') return yearOf(now)
  const year = /^\d{4}$/.test(value) ? Year.safeParse(value) : null
  if (!year?.success) throw invalid('year', `a year from ${FIRST_YEAR} to ${LAST_YEAR}`)
  return year.data
}

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' }

export const monthNames = (lang: Lang) =>
  Array.from({ length: 12 }, (_, i) =>
    DateTime.fromObject({ year: 2000, month: i + 1, day: 1 }, { zone: STATS_ZONE })
      .setLocale(LOCALE[lang])
      .toFormat('LLL'),
  )

export const count = (n: number) => Math.round(n).toLocaleString('en-US')

/** A city's name: the data's name in Chinese; in English the code, capitalised ("ningbo" → "Ningbo"). */
export const cityName = (ui: Ui, cities: Map<string, string>, code: string) =>
  ui.lang === 'zh' ? (cities.get(code) ?? code) : code.charAt(0).toUpperCase() + code.slice(1)

export function categoryName(ui: Ui, code: string): string {
  const key = `category.${code}`
  if (isMessageKey(key)) return ui.t(key)
  return CATEGORIES.find((c) => c.code === code)?.name ?? code
}

export interface YearProgress {
  /** the months of the year that lie behind (12 for a past year, 0 for a future one) */
  throughMonth: number
  /** the share of the year gone, today counted */
  share: number
  current: boolean
}

/** Where the year stands on the calendar: how much of the target pace and of the months lie behind. */
export function yearProgress(year: number, now: number): YearProgress {
  const today = DateTime.fromMillis(now, { zone: STATS_ZONE })
  if (year < today.year) return { throughMonth: 12, share: 1, current: false }
  if (year > today.year) return { throughMonth: 0, share: 0, current: false }
  return { throughMonth: today.month, share: today.ordinal / today.daysInYear, current: true }
}
