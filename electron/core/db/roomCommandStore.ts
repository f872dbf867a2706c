import type { Statement } from 'better-sqlite3'
import type { StationDatabase } from './database'

/**
 * The room commands a station has settled (applied, with or without effect, or refused after its signature
 * verified), keyed by sitting and command id. It is what makes a command apply once across restarts and what the
 * station reports as its highest command sequence number; the row is written in the same transaction as the
 * command's events in the session logs, so a crash never leaves a command applied but unrecorded.
 */
export interface SettledRoomCommand {
  sittingId: string
  cmdId: string
  seq: number
  action: string
  outcome: 'applied' | 'refused'
  /** Why it was refused, or why it changed nothing here ("not for seat A-02"). */
  note: string | null
  /** The verified command as canonical JSON, and the room's signature over it. */
  command: string
  signature: string
  /** The sessions it changed or was logged in. */
  sessions: string[]
  appliedAt: string
}

interface Row {
  sitting_id: string
  cmd_id: string
  seq: number
  action: string
  outcome: 'applied' | 'refused'
  note: string | null
  command: string
  signature: string
  sessions: string
  applied_at: string
}

const fromRow = (row: Row): SettledRoomCommand => ({
  sittingId: row.sitting_id,
  cmdId: row.cmd_id,
  seq: row.seq,
  action: row.action,
  outcome: row.outcome,
  note: row.note,
  command: row.command,
  signature: row.signature,
  sessions: JSON.parse(row.sessions) as string[],
  appliedAt: row.applied_at,
})

export class RoomCommandStore {
  private readonly insertRow: Statement<[Row]>
  private readonly getRow: Statement<[string, string], Row>
  private readonly maxSeq: Statement<[string], number | null>
  private readonly allRows: Statement<[string], Row>

  constructor(db: StationDatabase) {
    this.insertRow = db.prepare(`
      INSERT INTO room_commands (sitting_id, cmd_id, seq, action, outcome, note, command, signature, sessions, applied_at)
      VALUES (@sitting_id, @cmd_id, @seq, @action, @outcome, @note, @command, @signature, @sessions, @applied_at)`)
    this.getRow = db.prepare('SELECT * FROM room_commands WHERE sitting_id = ? AND cmd_id = ?')
    this.maxSeq = db.prepare<[string], number | null>('SELECT MAX(seq) FROM room_commands WHERE sitting_id = ?').pluck()
    this.allRows = db.prepare('SELECT * FROM room_commands WHERE sitting_id = ? ORDER BY seq, cmd_id')
  }

  /** Run inside the transaction that applies the command. */
  insert(settled: SettledRoomCommand): void {
    this.insertRow.run({
      sitting_id: settled.sittingId,
      cmd_id: settled.cmdId,
      seq: settled.seq,
      action: settled.action,
      outcome: settled.outcome,
      note: settled.note,
      command: settled.command,
      signature: settled.signature,
      sessions: JSON.stringify(settled.sessions),
      applied_at: settled.appliedAt,
    })
  }

  get(sittingId: string, cmdId: string): SettledRoomCommand | undefined {
    const row = this.getRow.get(sittingId, cmdId)
    return row && fromRow(row)
  }

  /** The highest sequence number settled for the sitting; 0 before the first. */
  lastSeq(sittingId: string): number {
    return this.maxSeq.get(sittingId) ?? 0
  }

  all(sittingId: string): SettledRoomCommand[] {
    return this.allRows.all(sittingId).map(fromRow)
  }
}
