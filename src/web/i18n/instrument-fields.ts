import type { InstrumentFields } from '../../services/inputs/instrument.js'

/*
 * The instrument's fields as the admin's form shows them, in both languages: one entry per field of the schema
 * (services/inputs/instrument.ts `InstrumentFields`). The form renders each field by its type in the schema and takes
 * from here only its label, its fieldset and, for a choice, the names of the options — so a new instrument setting
 * adds one line here and no page code. A field without a label fails tsc and test/web/instrument-fields.test.ts.
 */

export type InstrumentFieldName = keyof typeof InstrumentFields.shape

export interface Bilingual {
  zh: string
  en: string
}

export interface InstrumentFieldLabel extends Bilingual {
  /** the fieldset: the instrument's details, its booking rules, or a structured value with its own editor (the weekly
   * opening hours, the rate card) */
  group: 'basics' | 'rules' | 'hours' | 'rates'
  /** a choice's option names: a prefix of the message catalogues (`mode` → `mode.self`), or the names themselves */
  options?: string | Record<string, Bilingual>
}

export const INSTRUMENT_FIELD_LABELS = {
  name: { zh: '仪器名称', en: 'Name', group: 'basics' },
  assetNumber: { zh: '资产编号', en: 'Asset number', group: 'basics' },
  model: { zh: '型号', en: 'Model', group: 'basics' },
  manufacturer: { zh: '生产厂商', en: 'Manufacturer', group: 'basics' },
  category: { zh: '类别', en: 'Category', group: 'basics', options: 'category' },
  originalValue: { zh: '原值（元）', en: 'Original value (CNY)', group: 'basics' },
  location: { zh: '存放地点', en: 'Location', group: 'basics' },
  specs: { zh: '主要技术指标', en: 'Specifications', group: 'basics' },
  functions: { zh: '主要功能', en: 'Functions', group: 'basics' },
  contact: { zh: '联系方式', en: 'Contact', group: 'basics' },
  status: { zh: '状态', en: 'Status', group: 'basics', options: 'instrumentStatus' },
  mode: { zh: '使用方式', en: 'Mode of use', group: 'basics', options: 'mode' },
  timezone: { zh: '时区', en: 'Time zone', group: 'rules' },
  rates: { zh: '收费标准', en: 'Rate card', group: 'rates' },
  openingHours: { zh: '每周开放时间', en: 'Weekly opening hours', group: 'hours' },
  slotMinutes: { zh: '时间格（分钟）', en: 'Slot (minutes)', group: 'rules' },
  minMinutes: { zh: '最短预约（分钟）', en: 'Shortest booking (minutes)', group: 'rules' },
  maxMinutes: { zh: '最长预约（分钟）', en: 'Longest booking (minutes)', group: 'rules' },
  bufferMinutes: { zh: '间隔缓冲（分钟）', en: 'Buffer after each use (minutes)', group: 'rules' },
  noticeMinutes: { zh: '提前预约（分钟）', en: 'Notice (minutes)', group: 'rules' },
  horizonDays: { zh: '可预约天数', en: 'Bookable days ahead', group: 'rules' },
  requiresApproval: { zh: '预约须经本单位审批', en: 'Reservations need this institution’s approval', group: 'rules' },
  requiresQualification: { zh: '须先取得培训认证', en: 'A training qualification is required', group: 'rules' },
} as const satisfies Record<InstrumentFieldName, InstrumentFieldLabel>
