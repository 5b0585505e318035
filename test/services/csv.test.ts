import { describe, expect, it } from 'vitest'
import { csvDocument, csvField } from '../../src/services/csv.js'

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+86 574', "'+86 574"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['HPLC-MS = fine inside', 'HPLC-MS = fine inside'],
    ['', ''],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected)
  })
})

describe('csvDocument', () => {
  it('starts with a BOM and ends every line, the last included, with CRLF', () => {
    expect(csvDocument(['a', 'b'], [])).toBe('\uFEFFa,b\r\n')
    expect(
      csvDocument(
        ['a', 'b'],
        [
          ['1', '2'],
          ['3', '4'],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n1,2\r\n3,4\r\n')
  })

  it('passes every field, header included, through csvField', () => {
    expect(csvDocument(['=x', 'y'], [['a,b', '-1']])).toBe(`\uFEFF'=x,y\r\n"a,b",'-1\r\n`)
  })
})
