import fc from 'fast-check'
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
    ['\tcmd', `"'\tcmd"`],
    ['a;b', '"a;b"'],
    ['x;=cmd|calc', `"x;'=cmd|calc"`],
    ['a\n-b', `"a\n'-b"`],
    ['a\t""@b', `"a\t'""""@b"`],
    ['a\tb', '"a\tb"'],
    ['宁波大学；浙江海洋大学', '宁波大学；浙江海洋大学'],
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

/**
 * How a spreadsheet set to `separator` reads a file: a quote is special only at the start of a cell (then the cell
 * runs to the closing quote, `""` being one quote); elsewhere the separator and a line break end the cell.
 */
function cellsOf(text: string, separator: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"' && cell === '') quoted = true
    else if (char === separator || char === '\n' || char === '\r') {
      cells.push(cell)
      cell = ''
      if (char === '\r' && text[i + 1] === '\n') i++
    } else cell += char
  }
  cells.push(cell)
  return cells
}

describe('a row read by a spreadsheet of any common locale', () => {
  const value = fc.string({ unit: fc.constantFrom('a', '宁', ',', ';', '\t', '"', '=', '-', '@', ' ', '\r', '\n') })

  it('keeps every field in one cell where the separator is the comma (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), (values) => {
        const cells = cellsOf(values.map(csvField).join(','), ',')
        expect(cells).toHaveLength(values.length)
        cells.forEach((cell, i) => {
          expect(cell.replace(/(^|[;\t\r\n])'(?="*[=+\-@\t\r])/g, '$1')).toBe(values[i])
        })
      }),
    )
  })

  it.each([',', ';', '\t'])('never lets a cell start a formula where the separator is %j (fast-check)', (separator) => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), (values) => {
        const line = values.map(csvField).join(',')
        for (const cell of cellsOf(line, separator)) expect(cell, line).not.toMatch(/^[=+\-@]/)
      }),
    )
  })
})
