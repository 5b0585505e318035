import type { EvaluationFigures } from '../domain/evaluation/figures.js'
import { yuan } from '../domain/money/fen.js'
import { csvDocument } from './csv.js'

/*
 * `GET /evaluation.csv`: one row per instrument in the national platform's columns, written so that the cells paste
 * into the provincial form's spreadsheet as numbers without editing: plain digits with a decimal point (no grouping
 * commas, no units), 共享率 as a percentage such as `45.20%` — Excel and WPS read that as the number 0.452 shown as a
 * percentage, which is how the form states the rate, where a bare 0.4520 would be pasted as 0.45 % — and every
 * unknown or undefined figure an empty cell, never 0 or a dash.
 */

export const EVALUATION_CSV_HEADER = [
  '仪器名称',
  '资产编号',
  '型号',
  '原值（万元）',
  '所属单位',
  '有效工作机时（小时）',
  '对外服务机时（小时）',
  '共享率',
  '服务收入（元）',
  '服务单位数',
  '服务企业数',
  '样品数',
  '用户评价',
] as const

/** A whole number of hundredths with exactly 2 decimals: 45020 → "450.20". */
function hundredthsText(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`
}

/** 原值 in whole yuan → 万元 with 2 decimals, half up: 4,505,000 → "450.50", 1,234,567 → "123.46". */
export function wanYuanText(yuanValue: number | null): string {
  if (yuanValue === null) return ''
  const rest = yuanValue % 100
  return hundredthsText((yuanValue - rest) / 100 + (2 * rest >= 100 ? 1 : 0))
}

/** A figure of at most 2 decimals (hours, a rating's mean) → exactly 2: 1599 → "1599.00", 4.5 → "4.50". */
export const twoDecimalsText = (value: number): string => hundredthsText(Math.round(value * 100))

/** A ratio to 4 decimals → "45.20%"; null → empty. */
export function percentText(ratio: number | null): string {
  if (ratio === null) return ''
  return `${hundredthsText(Math.round(ratio * 10_000))}%`
}

/**
 * The CSV of the figures (see `csvDocument` for BOM, CRLF and quoting), rows in the order of `figures.instruments`
 * (flagged ones first). 服务收入 is the income from internal and external users together, before deductions, as the
 * national form counts 服务收入 (测试费 of services inside and outside the institution); the JSON keeps them apart.
 */
export function evaluationCsv(figures: EvaluationFigures, institutionNames: ReadonlyMap<string, string>): string {
  return csvDocument(
    EVALUATION_CSV_HEADER,
    figures.instruments.map((f) => [
      f.name,
      f.assetNumber ?? '',
      f.model,
      wanYuanText(f.originalValue),
      institutionNames.get(f.institutionId) ?? '',
      twoDecimalsText(f.effectiveHours),
      twoDecimalsText(f.externalHours),
      percentText(f.shareRate),
      yuan(f.incomeFen.internal + f.incomeFen.external),
      String(f.userInstitutions),
      String(f.enterprises),
      String(f.samples),
      f.rating.average === null ? '' : twoDecimalsText(f.rating.average),
    ]),
  )
}
