import { unzipSync, zipSync } from 'fflate'
import Papa from 'papaparse'
import { readSheet } from 'read-excel-file/universal'
import { AppError } from '../errors.js'

/*
 * A spreadsheet's first sheet as rows of cell texts, from CSV (UTF-8, with or without a BOM) or XLSX, recognised by
 * their bytes rather than by a file name that may lie. Both readers are libraries that run on Node and in Workers
 * alike (read-excel-file's universal build: fflate and its own XML parser; papaparse: plain JavaScript).
 */

export interface Sheet {
  format: 'csv' | 'xlsx'
  /** rows[i] is the spreadsheet's row i + 1; every cell as trimmed text ('' when empty). */
  rows: string[][]
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0] // the old binary .xls (and .doc) container
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte)

const unsupported = (detail: string) => new AppError('unsupported-media-type', detail)

/** A cell as the text the sheet shows: whole numbers without ".0", dates as yyyy-mm-dd. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value).trim()
}

/** No workbook of a national instrument list comes near this once unpacked; a zip bomb does. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024

/**
 * The workbook's XML parts, unpacked here and packed again without compression. read-excel-file unzips with fflate's
 * asynchronous `unzip`, which hands every compressed part over 512 KB to a Web Worker — and Workers have none
 * (`Worker is not defined`), so a list of a thousand instruments failed there. Stored parts are copied, never
 * inflated, so the reader then runs the same on both runtimes; the unpacked size is bounded on the way.
 */
function storedCopy(bytes: Uint8Array): ArrayBuffer {
  let unpacked = 0
  const parts = unzipSync(bytes, {
    filter: (entry) => {
      unpacked += entry.originalSize
      if (unpacked > MAX_UNPACKED_BYTES)
        throw unsupported('The workbook unpacks to more than 64 MB: that is no instrument list.')
      return entry.name.endsWith('.xml') || entry.name.endsWith('.rels')
    },
  })
  const stored = zipSync(parts, { level: 0 })
  return stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.byteLength) as ArrayBuffer
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  try {
    const rows = await readSheet(storedCopy(bytes))
    return rows.map((row) => row.map(cellText))
  } catch (error) {
    if (error instanceof AppError) throw error
    throw unsupported(`The file looks like a zip archive but is not a readable XLSX workbook (${String(error)}).`)
  }
}

function readCsv(bytes: Uint8Array): string[][] {
  let text: string
  try {
    // the decoder drops a leading BOM (Excel's "CSV UTF-8" writes one)
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw unsupported(
      'The file is neither XLSX nor CSV in UTF-8 (an Excel “CSV” saved in GBK, perhaps): save it as “CSV UTF-8” or .xlsx.',
    )
  }
  if (text.includes('\u0000')) throw unsupported('The file is binary, neither CSV nor XLSX.')
  const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [',', '\t', ';'], skipEmptyLines: false })
  const broken = parsed.errors.find((e) => e.type === 'Quotes')
  if (broken)
    throw new AppError('validation', `The CSV is malformed: ${broken.message} (row ${(broken.row ?? 0) + 1}).`, {
      errors: [{ path: 'file', message: broken.message }],
    })
  const rows = parsed.data.map((row) => row.map(cellText))
  // the line break that ends the last line is no row of the sheet
  while (rows.length > 0 && rows.at(-1)!.every((cell) => cell === '')) rows.pop()
  return rows
}

/** Reads a CSV or XLSX file; anything else is 415 `unsupported-media-type`. */
export async function readSpreadsheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0)
    throw new AppError('validation', 'The file is empty.', { errors: [{ path: 'file', message: 'is empty' }] })
  if (startsWith(bytes, ZIP)) return { format: 'xlsx', rows: await readXlsx(bytes) }
  if (startsWith(bytes, OLE))
    throw unsupported('This is an old binary .xls workbook: save it as .xlsx (Excel 2007 and later) or as “CSV UTF-8”.')
  return { format: 'csv', rows: readCsv(bytes) }
}
