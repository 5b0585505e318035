import { describe, expect, it } from 'vitest'
import { categoryOfText, columnOfHeader, wanYuanToYuan } from '../../src/domain/instrument-sheet.js'

describe('wanYuanToYuan: 原值（万元） → whole yuan, as decimal text, never a float product', () => {
  it.each([
    ['450.5', 4_505_000],
    ['483.45', 4_834_500],
    ['0.01', 100],
    ['12.3456', 123_456],
    ['12.34565', 123_457], // half up to the yuan
    ['12.34564', 123_456],
    ['0.00004', 0],
    ['1,234.5', 12_345_000],
    ['４５０．５', 4_505_000], // full-width digits and point
    ['450.5万元', 4_505_000],
    [' 88 ', 880_000],
    ['0', 0],
    ['1.1', 11_000], // 1.1 × 10000 in floating point is 11000.000000000002
  ])('%j → %i', (text, yuan) => {
    expect(wanYuanToYuan(text)).toBe(yuan)
  })

  it.each(['-1', 'abc', '12万5', '1e3', '', '.5', '5.'])('%j is no amount', (text) => {
    expect(wanYuanToYuan(text)).toBeNull()
  })
})

describe('categoryOfText: by name or code', () => {
  it.each([
    ['电子光学仪器', 'electron-optics'],
    [' 电子光学仪器 ', 'electron-optics'],
    ['electron-optics', 'electron-optics'],
    ['ELECTRON-OPTICS', 'electron-optics'],
    ['色谱/质谱仪器', 'chromatography-ms'],
    ['色谱／质谱仪器', 'chromatography-ms'], // a full-width slash
    ['光学仪器', null],
    ['', null],
  ])('%j → %s', (text, code) => {
    expect(categoryOfText(text)).toBe(code)
  })
})

describe('columnOfHeader', () => {
  it.each([
    ['原值（万元）', 'originalValue'],
    ['原值(万元)', 'originalValue'],
    [' 原值 （万元） ', 'originalValue'],
    ['资产编号', 'assetNumber'],
    ['开放时间', 'openingHours'],
    ['备注', null],
  ])('%j → %s', (header, field) => {
    expect(columnOfHeader(header)?.field ?? null).toBe(field)
  })
})
