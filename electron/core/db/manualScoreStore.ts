import type { Statement } from 'better-sqlite3'
import { z } from 'zod'
import type { StationDatabase } from './database'
import type { EventLog } from './eventLog'
import { manualScoreAad, openJson, sealedDigest, sealJson, type SessionKeys } from './sessionCrypto'
import { type RandomSource } from '../crypto/randomSource'

/**
 * Manual (human) scores for short answers and scenario parts, encrypted under the session key exactly like answers;
 * the `graded` event carries only a digest. A re-grade is a new revision, so the trail shows who changed what.
 * `itemId` is the bank item (for a scenario part, the scenario holding it) and `partId` the part, if any: the score's
 * unit is `partId ?? itemId`.
 */
export const manualScoreSchema = z.strictObject({
  itemId: z.string().min(1).max(200),
  partId: z.string().min(1).max(200).optional(),
  score: z.number().finite().nonnegative(),
  grader: z.string().trim().min(1).max(200),
  comment: z.string().max(5000).optional(),
})
export type ManualScore = z.infer<typeof manualScoreSchema>

export interface StoredManualScore extends ManualScore {
  revision: number
  savedAt: string
}

interface ScoreRow {
  item_id: string
  part_id: string
  revision: number
  nonce: Buffer
  ciphertext: Buffer
  saved_at: string
}

export class ManualScoreStore {
  private readonly maxRevision: Statement<[string, string, string], number | null>
  private readonly insertRow: Statement<[string, string, string, number, string, Buffer, Buffer, string]>
  private readonly allRows: Statement<[string], ScoreRow>

  constructor(
    db: StationDatabase,
    private readonly log: EventLog,
    private readonly random: RandomSource,
  ) {
    this.maxRevision = db
      .prepare<[string, string, string], number | null>(
        'SELECT MAX(revision) FROM manual_scores WHERE session_id = ? AND item_id = ? AND part_id = ?',
      )
      .pluck()
    this.insertRow = db.prepare(
      'INSERT INTO manual_scores (session_id, item_id, part_id, revision, key_id, nonce, ciphertext, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.allRows = db.prepare(
      'SELECT item_id, part_id, revision, nonce, ciphertext, saved_at FROM manual_scores WHERE session_id = ? ORDER BY item_id, part_id, revision',
    )
  }

  /** Must run inside the caller's transaction, after it has authenticated the head. */
  record(keys: SessionKeys, score: ManualScore, at: string): StoredManualScore {
    const head = this.log.head(keys)
    const partId = score.partId ?? ''
    const revision = (this.maxRevision.get(keys.sessionId, score.itemId, partId) ?? 0) + 1
    const sealed = sealJson(keys, score, manualScoreAad(keys.sessionId, score.itemId, partId, revision), this.random)
    const data = { item: score.itemId, part: partId, revision, ct: sealedDigest(sealed) }
    this.log.append(keys, head, { type: 'graded', at, data })
    this.insertRow.run(keys.sessionId, score.itemId, partId, revision, keys.keyId, sealed.nonce, sealed.ciphertext, at)
    return { ...score, revision, savedAt: at }
  }

  all(keys: SessionKeys): StoredManualScore[] {
    return this.allRows.all(keys.sessionId).map((row) => ({
      ...manualScoreSchema.parse(
        openJson(
          keys,
          { nonce: row.nonce, ciphertext: row.ciphertext },
          manualScoreAad(keys.sessionId, row.item_id, row.part_id, row.revision),
        ),
      ),
      revision: row.revision,
      savedAt: row.saved_at,
    }))
  }
}
