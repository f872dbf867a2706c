import ExcelJS from 'exceljs'
import type { CellValue, ExportTable } from './exportTable'

/**
 * The results table as an Excel workbook (exceljs): one sheet (and any further tables, such as a room's incident
 * reports, each on its own sheet), header row bold and frozen, columns as wide as their content (CJK characters count double, as Excel draws them). Text cells are stored as strings, which Excel never
 * evaluates, so no formula guard is needed here.
 */
const MIN_WIDTH = 8
const MAX_WIDTH = 50
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u

const displayWidth = (value: CellValue): number => {
  if (value === null) return 0
  let width = 0
  for (const char of String(value)) width += WIDE.test(char) ? 2 : 1
  return width
}

function addSheet(workbook: ExcelJS.Workbook, name: string, table: ExportTable): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.columns.map((column, index) => ({
    header: column.header,
    width: Math.min(
      MAX_WIDTH,
      table.rows.reduce(
        (widest, row) => Math.max(widest, displayWidth(row[index] ?? null)),
        Math.max(MIN_WIDTH, displayWidth(column.header)),
      ) + 2,
    ),
    ...(column.header === 'percent' ? { style: { numFmt: '0.0' } } : {}),
  }))
  sheet.getRow(1).font = { bold: true }
  for (const row of table.rows) sheet.addRow(row)
}

export interface ExtraSheet {
  name: string
  table: ExportTable
}

export async function formatXlsx(table: ExportTable, extraSheets: readonly ExtraSheet[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Invigil'
  addSheet(workbook, 'Results', table)
  for (const extra of extraSheets) addSheet(workbook, extra.name, extra.table)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
