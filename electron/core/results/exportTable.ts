import type { StoredResult } from './resultsStore'

/**
 * Stored results as the table a client gets: one row per candidate session, fixed columns first, then one column
 * per section and one per item (unit), in the bank's order. With several exams in the store the columns are the
 * union, in order of first appearance with exams sorted by id, so the same store always exports the same columns.
 * Pure: every file format (CSV, XLSX, JSON) renders this one table.
 */
export type CellValue = string | number | null

export interface ExportColumn {
  /** The header, and the key in JSON rows. */
  header: string
  kind: 'text' | 'number'
}

export interface ExportTable {
  columns: ExportColumn[]
  rows: CellValue[][]
}

const FIXED: readonly ExportColumn[] = [
  { header: 'exam_id', kind: 'text' },
  { header: 'candidate_id', kind: 'text' },
  { header: 'candidate_name', kind: 'text' },
  { header: 'station_id', kind: 'text' },
  { header: 'session_id', kind: 'text' },
  { header: 'submitted_at', kind: 'text' },
  { header: 'total', kind: 'number' },
  { header: 'max', kind: 'number' },
  { header: 'percent', kind: 'number' },
  { header: 'result', kind: 'text' },
  // Who ended the session (candidate, proctor, time_up), the proctor's reason, and the extensions: the signed manifest.
  { header: 'end_reason', kind: 'text' },
  { header: 'end_note', kind: 'text' },
  { header: 'extension_minutes', kind: 'number' },
  { header: 'extensions', kind: 'text' },
]

export const sectionHeader = (id: string): string => `section:${id}`
export const itemHeader = (id: string): string => `item:${id}`

/** pass or fail; "pending" while a grader has units to mark; empty when the bank sets no pass mark. */
export function verdict(result: Pick<StoredResult, 'passed' | 'pending'>): string {
  if (result.passed !== null) return result.passed ? 'pass' : 'fail'
  return result.pending > 0 ? 'pending' : ''
}

const percent = (total: number, max: number): number | null => (max > 0 ? Math.round((total / max) * 1000) / 10 : null)

const extensionMinutes = (result: StoredResult): number =>
  result.manifest.timing.extensions.reduce((sum, extension) => sum + extension.minutes, 0)

/** Each extension as "10 min: reason", in the order granted, joined by "; ". */
const extensionsText = (result: StoredResult): string =>
  result.manifest.timing.extensions
    .map((extension) => `${String(extension.minutes)} min: ${extension.reason}`)
    .join('; ')

function orderedIds(results: readonly StoredResult[], pick: (result: StoredResult) => string[]): string[] {
  const byExam = [...results].sort((a, b) => (a.examId < b.examId ? -1 : a.examId > b.examId ? 1 : 0))
  return [...new Set(byExam.flatMap(pick))]
}

export function exportTable(results: readonly StoredResult[]): ExportTable {
  const sectionIds = orderedIds(results, (result) => result.manifest.scores.sections.map((section) => section.id))
  const unitIds = orderedIds(results, (result) => result.manifest.scores.units.map((unit) => unit.id))
  const columns = [
    ...FIXED,
    ...sectionIds.map((id): ExportColumn => ({ header: sectionHeader(id), kind: 'number' })),
    ...unitIds.map((id): ExportColumn => ({ header: itemHeader(id), kind: 'number' })),
  ]
  const rows = results.map((result): CellValue[] => {
    const sections = new Map(result.manifest.scores.sections.map((section) => [section.id, section.points]))
    // A unit waiting for a grader has no score yet: an empty cell, not a misleading 0.
    const units = new Map(
      result.manifest.scores.units.map((unit) => [unit.id, unit.status === 'pending_manual' ? null : unit.points]),
    )
    return [
      result.examId,
      result.candidateId,
      result.candidateName,
      result.stationId,
      result.sessionId,
      result.submittedAt,
      result.total,
      result.max,
      percent(result.total, result.max),
      verdict(result),
      result.manifest.session.submit_reason ?? '',
      result.manifest.session.submit_note ?? '',
      extensionMinutes(result),
      extensionsText(result),
      ...sectionIds.map((id) => sections.get(id) ?? null),
      ...unitIds.map((id) => units.get(id) ?? null),
    ]
  })
  return { columns, rows }
}

/** Rows as objects keyed by column header, for JSON. */
export const tableObjects = (table: ExportTable): Record<string, CellValue>[] =>
  table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column.header, row[index] ?? null])))
