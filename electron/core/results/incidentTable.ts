import type { ExportTable } from './exportTable'

/**
 * The irregularity reports staff wrote on a room's console, as a table beside the results: the sitting's record
 * exported from the room PC carries them (a second sheet of the workbook). Oldest first, each text as written.
 */
export interface IncidentReportRow {
  seat: string
  sessionId: string | null
  candidateId: string | null
  stationId: string | null
  staffId: string
  text: string
  reportedAt: string
}

const HEADERS = ['reported_at', 'seat', 'candidate_id', 'session_id', 'station_id', 'staff_id', 'text'] as const

export function incidentReportTable(reports: readonly IncidentReportRow[]): ExportTable {
  return {
    columns: HEADERS.map((header) => ({ header, kind: 'text' as const })),
    rows: reports.map((r) => [r.reportedAt, r.seat, r.candidateId, r.sessionId, r.stationId, r.staffId, r.text]),
  }
}
