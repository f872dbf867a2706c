import type Database from 'better-sqlite3'
import type { IncidentReport } from './roomTypes'

/**
 * Irregularity reports a proctor writes on the console (migration 4): part of the sitting's record, so rows are only
 * ever added. Rows only; what is at the seat when it is reported is the room service's to say.
 */
export class IncidentReportStore {
  constructor(private readonly db: Database.Database) {}

  add(report: Omit<IncidentReport, 'id'>): IncidentReport {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO incident_reports (seat, session_id, candidate_id, station_id, staff_id, text, reported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        report.seat,
        report.sessionId,
        report.candidateId,
        report.stationId,
        report.staffId,
        report.text,
        report.reportedAt,
      )
    return { id: Number(lastInsertRowid), ...report }
  }

  all(): IncidentReport[] {
    return this.db
      .prepare<[], IncidentReport>(
        `SELECT id, seat, session_id AS sessionId, candidate_id AS candidateId, station_id AS stationId,
           staff_id AS staffId, text, reported_at AS reportedAt FROM incident_reports ORDER BY id`,
      )
      .all()
  }
}
