import type { CellValue, ExportTable } from './exportTable'

/**
 * CSV as RFC 4180 has it (CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled), in UTF-8
 * with a byte-order mark: without it Excel reads the file as the local code page and Chinese names turn to noise.
 */
const BOM = '\uFEFF'

/**
 * A text cell starting with = + - @ (or a tab or carriage return, which Excel skips before them) would be run as a
 * formula when the file is opened: a candidate could name themselves `=HYPERLINK(...)`. A leading ' makes it text.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvField(value: CellValue): string {
  if (value === null) return ''
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function formatCsv(table: ExportTable): string {
  const lines = [table.columns.map((column) => csvField(column.header)), ...table.rows.map((row) => row.map(csvField))]
  return `${BOM}${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`
}
