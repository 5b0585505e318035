import { CATEGORIES, type CategoryCode } from './categories.js'
import type { OpeningPeriod } from './types.js'

/*
 * The national platform's instrument list (API.md "Import"): its Chinese column headers, the instrument field each
 * one fills, and how a cell's text becomes a value. Pure; the service checks every value with the same input schema
 * as the API and writes all rows or none.
 */

export const SHEET_COLUMNS = [
  { header: '仪器名称', field: 'name' },
  { header: '资产编号', field: 'assetNumber' },
  { header: '型号', field: 'model' },
  { header: '生产厂商', field: 'manufacturer' },
  { header: '仪器类别', field: 'category' },
  { header: '原值（万元）', field: 'originalValue' },
  { header: '安放地址', field: 'location' },
  { header: '主要技术指标', field: 'specs' },
  { header: '主要功能', field: 'functions' },
  { header: '联系方式', field: 'contact' },
  { header: '开放时间', field: 'openingHours' },
] as const

export type SheetColumn = (typeof SHEET_COLUMNS)[number]
export type SheetField = SheetColumn['field']

/** Columns a sheet must have: without a name and a category no instrument can be listed. */
export const REQUIRED_SHEET_FIELDS: readonly SheetField[] = ['name', 'category']

/** A new instrument's hours when 开放时间 says nothing: Monday to Friday, 08:00–17:00. */
export const DEFAULT_IMPORTED_HOURS: readonly OpeningPeriod[] = ([1, 2, 3, 4, 5] as const).map((weekday) => ({
  weekday,
  open: '08:00',
  close: '17:00',
}))

/** A header as compared: NFKC (原值(万元) is 原值（万元）), without any white space. */
export const headerKey = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '')

const COLUMN_BY_KEY = new Map<string, SheetColumn>(SHEET_COLUMNS.map((column) => [headerKey(column.header), column]))

/** The column a header names, or null (an unknown column is ignored). */
export function columnOfHeader(text: string): SheetColumn | null {
  return COLUMN_BY_KEY.get(headerKey(text)) ?? null
}

/** 仪器类别 by its name (电子光学仪器) or its code (electron-optics), as written in either; null when neither. */
export function categoryOfText(text: string): CategoryCode | null {
  const key = headerKey(text).toLowerCase()
  const category = CATEGORIES.find((c) => headerKey(c.name) === key || c.code === key)
  return category?.code ?? null
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * 原值（万元） → whole yuan: "450.5" → 4,505,000; "12.34567" → 123,457 (half up to the yuan). Digits are read as
 * decimal text, never multiplied as a float; thousands separators and a trailing 万元 / 万 are allowed. null when
 * the text is not a non-negative number.
 */
export function wanYuanToYuan(text: string): number | null {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[,\s]/gu, '')
    .replace(/万元?$/u, '')
  const match = DECIMAL.exec(cleaned)
  if (!match) return null
  const whole = match[1]!
  const fraction = (match[2] ?? '').padEnd(5, '0')
  const yuan = Number(whole) * 10_000 + Number(fraction.slice(0, 4)) + (Number(fraction[4]) >= 5 ? 1 : 0)
  return Number.isSafeInteger(yuan) ? yuan : null
}
