// The import of test/http — CSV and XLSX through papaparse and read-excel-file, all or nothing in one D1 batch —
// run inside workerd on D1, where the spreadsheet libraries must work without Node.
import '../http/instrument-import.test.js'
