import { rename, writeFile } from 'node:fs/promises'
import { gradedResults } from './centralGrades'
import { formatCsv } from './csvFormat'
import { exportTable, tableObjects } from './exportTable'
import { incidentReportTable, type IncidentReportRow } from './incidentTable'
import type { ResultFilter, ResultsStore } from './resultsStore'

/** Writes the stored results (one row per candidate session) as CSV, XLSX or JSON. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const isExportFormat = (value: string): value is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(value)

export interface ExportOptions {
  format: ExportFormat
  file: string
  filter?: ResultFilter
  /** A room's incident reports: a second sheet "Incident reports" (XLSX only: CSV and JSON hold one table). */
  incidentReports?: readonly IncidentReportRow[]
}

export const INCIDENT_SHEET = 'Incident reports'

export async function renderResults(
  store: ResultsStore,
  format: ExportFormat,
  filter?: ResultFilter,
  incidentReports?: readonly IncidentReportRow[],
): Promise<{ bytes: Buffer; rows: number }> {
  if (incidentReports !== undefined && format !== 'xlsx')
    throw new TypeError('incident reports are exported as a second sheet of an XLSX workbook only')
  // Central grades applied (each signature checked): the table shows the score the results office stands by.
  const table = exportTable(await gradedResults(store, filter))
  const bytes =
    format === 'csv'
      ? Buffer.from(formatCsv(table), 'utf8')
      : format === 'xlsx'
        ? // exceljs is most of the CLI's start-up cost: loaded only when a spreadsheet is asked for.
          await (
            await import('./xlsxFormat')
          ).formatXlsx(
            table,
            incidentReports === undefined
              ? []
              : [{ name: INCIDENT_SHEET, table: incidentReportTable(incidentReports) }],
          )
        : Buffer.from(`${JSON.stringify(tableObjects(table), null, 2)}\n`, 'utf8')
  return { bytes, rows: table.rows.length }
}

/** The file appears whole or not at all: written beside the target, then renamed over it. */
export async function exportResults(store: ResultsStore, options: ExportOptions): Promise<{ rows: number }> {
  const { bytes, rows } = await renderResults(store, options.format, options.filter, options.incidentReports)
  const partial = `${options.file}.partial`
  await writeFile(partial, bytes)
  await rename(partial, options.file)
  return { rows }
}
