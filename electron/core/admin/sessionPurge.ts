import type { StationDatabase } from '../db/database'
import { anchorForgetting } from '../db/stationAnchor'
import { resealStation } from '../db/stationSeal'

/**
 * Deletes sessions and everything stored under them (events, answers, manual scores) in one transaction. The
 * caller decides which: StationAdmin purges only sessions whose authenticated state is exported, i.e. whose
 * verified bundle, carrying the whole record, was written.
 */
export function deleteSessions(db: StationDatabase, sessionIds: readonly string[]): void {
  const statements = ['manual_scores', 'answers', 'events'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE session_id = ?`),
  )
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id = ?')
  if (sessionIds.length > 0) anchorForgetting(db, sessionIds)
  db.transaction(() => {
    for (const sessionId of sessionIds) {
      for (const statement of statements) statement.run(sessionId)
      deleteSession.run(sessionId)
    }
    resealStation(db)
  })()
}
