/**
 * A small, valid PDF written by code: one A4 page of text in Helvetica (one of the 14 fonts every PDF reader has,
 * so nothing is embedded), with a correct cross-reference table. The demo's sample-order reports and the tests'
 * uploads are made with it, so the repository ships no binary file it did not make. Text is ASCII: a character
 * outside it is written as `?` (Helvetica's standard encoding has no Chinese).
 */

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff)

/** Text for a PDF string literal: ASCII printable only, with `\`, `(` and `)` escaped. */
function pdfText(line: string): string {
  return line.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`)
}

export interface ReportPdfContent {
  title: string
  lines: readonly string[]
}

/** The bytes of a one-page PDF showing the title (larger) and the lines below it. */
export function reportPdf({ title, lines }: ReportPdfContent): Uint8Array {
  const content = [
    'BT',
    '/F1 16 Tf',
    '56 780 Td',
    `(${pdfText(title)}) Tj`,
    '/F1 11 Tf',
    '15 TL',
    'T*',
    ...lines.slice(0, 45).map((line) => `(${pdfText(line)}) '`),
    'ET',
  ].join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]
  // the second line's bytes above 127 tell transfer programs that the file is binary (PDF 1.7, 7.5.2)
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(text.length)
    text += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = text.length
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return latin1(text)
}
