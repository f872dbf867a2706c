import type Database from 'better-sqlite3'

/**
 * The commands `invigil room command` asks for (migration 2's command_requests): that process holds no room key, so
 * it queues a request here and the serving room issues or refuses it (RoomCommands.issueRequested) and says which.
 */
export interface CommandRequestRow {
  cmdId: string
  request: string
  requestedAt: string
  outcome: 'issued' | 'refused' | null
  reason: string | null
}

const COLUMNS = 'cmd_id AS cmdId, request, requested_at AS requestedAt, outcome, reason'

export class CommandRequestStore {
  constructor(private readonly db: Database.Database) {}

  /** False when a request with this cmdId is already queued. */
  add(cmdId: string, request: string, at: string): boolean {
    const inserted = this.db
      .prepare('INSERT OR IGNORE INTO command_requests (cmd_id, request, requested_at) VALUES (?, ?, ?)')
      .run(cmdId, request, at)
    return inserted.changes === 1
  }

  get(cmdId: string): CommandRequestRow | undefined {
    return this.db
      .prepare<[string], CommandRequestRow>(`SELECT ${COLUMNS} FROM command_requests WHERE cmd_id = ?`)
      .get(cmdId)
  }

  /** Neither issued nor refused yet, oldest first. */
  open(): CommandRequestRow[] {
    return this.db
      .prepare<[], CommandRequestRow>(
        `SELECT ${COLUMNS} FROM command_requests WHERE outcome IS NULL ORDER BY requested_at, cmd_id`,
      )
      .all()
  }

  settle(cmdId: string, outcome: 'issued' | 'refused', reason: string | null): void {
    this.db.prepare('UPDATE command_requests SET outcome = ?, reason = ? WHERE cmd_id = ?').run(outcome, reason, cmdId)
  }
}
