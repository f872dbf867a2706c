import type Database from 'better-sqlite3'

/**
 * The room's replica of each session's log: the event lines and chain hashes a station shipped, the sealed answer
 * rows they cite (never opened here), and the head held. A spare PC can take a session over from this.
 */
export interface ReplicaHead {
  sessionId: string
  stationId: string
  headSeq: number
  headHash: string
  reportedSeq: number
  updatedAt: string
}

export interface ReplicaLine {
  seq: number
  line: string
  hash: string
}

export interface SealedRow {
  unitId: string
  revision: number
  keyId: string
  nonce: string
  ciphertext: string
  savedAt: string
}

const REPLICA_COLUMNS =
  'session_id AS sessionId, station_id AS stationId, head_seq AS headSeq, head_hash AS headHash, reported_seq AS reportedSeq, updated_at AS updatedAt'

export class ReplicaStore {
  constructor(private readonly db: Database.Database) {}

  replica(sessionId: string): ReplicaHead | undefined {
    return this.db
      .prepare<[string], ReplicaHead>(`SELECT ${REPLICA_COLUMNS} FROM replicas WHERE session_id = ?`)
      .get(sessionId)
  }

  /** The sessions the room holds for `stationId` (a moved session is held for the station it moved to). */
  heldFor(stationId: string): ReplicaHead[] {
    return this.db
      .prepare<[string], ReplicaHead>(
        `SELECT ${REPLICA_COLUMNS} FROM replicas WHERE station_id = ? ORDER BY session_id`,
      )
      .all(stationId)
  }

  /** The event line at `seq`, as shipped (JSON; never an answer, only its digest). */
  line(sessionId: string, seq: number): string | undefined {
    return this.db
      .prepare<[string, number], string>('SELECT line FROM replica_lines WHERE session_id = ? AND seq = ?')
      .pluck()
      .get(sessionId, seq)
  }

  all(): ReplicaHead[] {
    return this.db.prepare<[], ReplicaHead>(`SELECT ${REPLICA_COLUMNS} FROM replicas ORDER BY session_id`).all()
  }

  /** Creates an empty replica (genesis head) or raises the newest head its station reported. */
  noteReportedHead(sessionId: string, stationId: string, reportedSeq: number, genesis: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO replicas (session_id, station_id, head_seq, head_hash, reported_seq, updated_at) VALUES (?, ?, 0, ?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET reported_seq = MAX(reported_seq, excluded.reported_seq)`,
      )
      .run(sessionId, stationId, genesis, reportedSeq, at)
  }

  lineHash(sessionId: string, seq: number): string | undefined {
    return this.db
      .prepare<[string, number], string>('SELECT hash FROM replica_lines WHERE session_id = ? AND seq = ?')
      .pluck()
      .get(sessionId, seq)
  }

  lines(sessionId: string): ReplicaLine[] {
    return this.db
      .prepare<[string], ReplicaLine>('SELECT seq, line, hash FROM replica_lines WHERE session_id = ? ORDER BY seq')
      .all(sessionId)
  }

  sealedRows(sessionId: string): SealedRow[] {
    return this.db
      .prepare<[string], SealedRow>(
        `SELECT unit_id AS unitId, revision, key_id AS keyId, nonce, ciphertext, saved_at AS savedAt
         FROM replica_sealed WHERE session_id = ? ORDER BY unit_id, revision`,
      )
      .all(sessionId)
  }

  /** One transaction: the lines, their sealed rows and the new head land together or not at all. */
  extendReplica(sessionId: string, lines: readonly ReplicaLine[], sealed: readonly SealedRow[], at: string): void {
    const last = lines[lines.length - 1]
    if (!last) return
    this.db.transaction(() => {
      const line = this.db.prepare('INSERT INTO replica_lines (session_id, seq, line, hash) VALUES (?, ?, ?, ?)')
      for (const entry of lines) line.run(sessionId, entry.seq, entry.line, entry.hash)
      const row = this.db.prepare(
        'INSERT INTO replica_sealed (session_id, unit_id, revision, key_id, nonce, ciphertext, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      for (const s of sealed) row.run(sessionId, s.unitId, s.revision, s.keyId, s.nonce, s.ciphertext, s.savedAt)
      this.db
        .prepare(
          'UPDATE replicas SET head_seq = ?, head_hash = ?, reported_seq = MAX(reported_seq, ?), updated_at = ? WHERE session_id = ?',
        )
        .run(last.seq, last.hash, last.seq, at, sessionId)
    })()
  }
}
