import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupedYuan, parseYuan, yuan } from '../../../src/domain/money/fen.js'

describe('yuan as people type and read them', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [15_050, '150.50'],
    [99_999, '999.99'],
    [100_000, '1,000.00'],
    [123_450, '1,234.50'],
    [12_345_678_901, '123,456,789.01'],
    [-123_450, '-1,234.50'],
  ])('%i fen reads ¥%s', (fen, text) => expect(groupedYuan(fen)).toBe(text))

  it.each([
    ['150.5', 15_050],
    ['150.50', 15_050],
    ['150', 15_000],
    ['150.', 15_000],
    ['.5', 50],
    ['0.07', 7],
    ['0', 0],
    ['1,234.50', 123_450],
    ['¥80', 8_000],
    ['￥ 80.1', 8_010],
    ['  300  ', 30_000],
    ['0.1', 10], // 0.1 + 0.2 would not survive a float; the text does
    ['999999999.99', 99_999_999_999],
  ])('%s yuan is %i fen', (text, fen) => expect(parseYuan(text)).toBe(fen))

  it.each([
    [''],
    ['.'],
    ['abc'],
    ['-1'],
    ['1.234'],
    ['1,23'],
    ['12,34.5'],
    ['1e3'],
    ['1 000'],
    ['0x10'],
    ['1000000000'],
    ['150,5'],
  ])('%j is not an amount', (text) => expect(parseYuan(text)).toBeNull())

  it('reads back every amount it writes, to the fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (fen) => {
        expect(parseYuan(yuan(fen))).toBe(fen)
        expect(parseYuan(groupedYuan(fen))).toBe(fen)
      }),
    )
  })
})
