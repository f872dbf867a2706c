import type { Statement } from 'better-sqlite3'
import type { StationDatabase } from './database'

/** One row of `sessions`, as stored. Timing and chain-head fields change only through EventLog (they are MAC'd). */
export interface SessionRow {
  id: string
  exam_id: string
  package_hash: string
  form_seed: string
  state: string
  key_id: string
  wrapped_key: Buffer
  candidate_nonce: Buffer | null
  candidate_ct: Buffer | null
  duration_ms: number
  allowed_ms: number
  elapsed_ms: number
  head_seq: number
  head_hash: string
  head_mac: Buffer
  created_at: string
  updated_at: string
}

export type NewSessionRow = Omit<SessionRow, 'candidate_nonce' | 'candidate_ct'>

/** Plain access to the sessions table; prepared once per database. */
export class SessionTable {
  private readonly insertRow: Statement<[NewSessionRow]>
  private readonly getRow: Statement<[string], SessionRow>
  private readonly listRows: Statement<[string], SessionRow>
  private readonly setCandidateRow: Statement<[Buffer, Buffer, string, string]>

  constructor(db: StationDatabase) {
    this.insertRow = db.prepare(`
      INSERT INTO sessions (id, exam_id, package_hash, form_seed, state, key_id, wrapped_key, duration_ms, allowed_ms,
        elapsed_ms, head_seq, head_hash, head_mac, created_at, updated_at)
      VALUES (@id, @exam_id, @package_hash, @form_seed, @state, @key_id, @wrapped_key, @duration_ms, @allowed_ms,
        @elapsed_ms, @head_seq, @head_hash, @head_mac, @created_at, @updated_at)`)
    this.getRow = db.prepare('SELECT * FROM sessions WHERE id = ?')
    this.listRows = db.prepare(
      'SELECT * FROM sessions WHERE state IN (SELECT value FROM json_each(?)) ORDER BY created_at, id',
    )
    this.setCandidateRow = db.prepare(
      'UPDATE sessions SET candidate_nonce = ?, candidate_ct = ?, updated_at = ? WHERE id = ?',
    )
  }

  insert(row: NewSessionRow): void {
    this.insertRow.run(row)
  }

  get(id: string): SessionRow | undefined {
    return this.getRow.get(id)
  }

  inStates(states: readonly string[]): SessionRow[] {
    return this.listRows.all(JSON.stringify(states))
  }

  setCandidate(id: string, nonce: Buffer, ciphertext: Buffer, at: string): void {
    this.setCandidateRow.run(nonce, ciphertext, at, id)
  }
}
