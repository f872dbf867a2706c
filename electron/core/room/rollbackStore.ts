import type Database from 'better-sqlite3'
import type { RollbackFlag, RollbackKind } from './roomTypes'

/**
 * The open rollback flags (migration 5): one row per station and session while the station reports the session
 * behind the room's head or not at all. Rows go when the station shows the room's head again; the incident list
 * keeps the history.
 */
type Row = Omit<RollbackFlag, 'behindBy'>

const COLUMNS =
  'station_id AS stationId, session_id AS sessionId, kind, seat, held_seq AS heldSeq, reported_seq AS reportedSeq, first_at AS firstAt, last_at AS lastAt'

const withBehind = (row: Row): RollbackFlag => ({
  ...row,
  behindBy: row.kind === 'behind' && row.reportedSeq !== null ? row.heldSeq - row.reportedSeq : null,
})

export class RollbackStore {
  constructor(private readonly db: Database.Database) {}

  get(stationId: string, sessionId: string): RollbackFlag | undefined {
    const row = this.db
      .prepare<[string, string], Row>(
        `SELECT ${COLUMNS} FROM session_rollbacks WHERE station_id = ? AND session_id = ?`,
      )
      .get(stationId, sessionId)
    return row && withBehind(row)
  }

  /** Raises the flag or brings it up to date; the first time noticed (and the seat, once known) stay. */
  raise(
    flag: {
      stationId: string
      sessionId: string
      kind: RollbackKind
      seat: string | null
      heldSeq: number
      reportedSeq: number | null
    },
    at: string,
  ): void {
    this.db
      .prepare(
        `INSERT INTO session_rollbacks (station_id, session_id, kind, seat, held_seq, reported_seq, first_at, last_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (station_id, session_id) DO UPDATE SET kind = excluded.kind, seat = COALESCE(seat, excluded.seat),
           held_seq = excluded.held_seq, reported_seq = excluded.reported_seq, last_at = excluded.last_at`,
      )
      .run(flag.stationId, flag.sessionId, flag.kind, flag.seat, flag.heldSeq, flag.reportedSeq, at, at)
  }

  clear(stationId: string, sessionId: string): void {
    this.db.prepare('DELETE FROM session_rollbacks WHERE station_id = ? AND session_id = ?').run(stationId, sessionId)
  }

  forStation(stationId: string): RollbackFlag[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT ${COLUMNS} FROM session_rollbacks WHERE station_id = ? ORDER BY first_at, session_id`,
      )
      .all(stationId)
      .map(withBehind)
  }

  all(): RollbackFlag[] {
    return this.db
      .prepare<[], Row>(`SELECT ${COLUMNS} FROM session_rollbacks ORDER BY first_at, station_id, session_id`)
      .all()
      .map(withBehind)
  }
}
