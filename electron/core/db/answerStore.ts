import type { Statement } from 'better-sqlite3'
import { responseSchema, type CandidateResponse } from '../base/responseSchema'
import type { StationDatabase } from './database'
import type { EventLog } from './eventLog'
import { answerAad, openJson, sealedDigest, sealJson, type SessionHead, type SessionKeys } from './sessionCrypto'
import { type RandomSource } from '../crypto/randomSource'
import { walCheckpointsOf, type WalCheckpoints } from './walCheckpoints'

/**
 * The save path: encrypt -> answer_saved event (a digest, never the answer) -> answer row -> elapsed time and chain
 * head -> COMMIT, in ONE transaction on a synchronous=FULL database. The acknowledgement is returned only after the
 * commit, and it is what the UI turns into "Saved". No whole-chain verification here: only the head's MAC.
 * A unit (an item, or a scenario part by its own id) is `unitId` here, `item_id` in the table and `item` in the
 * answer_saved event: those stored names never change.
 */
export interface SavedRevision {
  unitId: string
  revision: number
  savedAt: string
}

export interface StoredAnswer extends SavedRevision {
  response: CandidateResponse
}

export interface SealedAnswerRow extends SavedRevision {
  keyId: string
  nonce: Buffer
  ciphertext: Buffer
}

export interface SaveContext {
  at: string
  elapsedMs: number
  /** Runs inside the transaction on the authenticated head; throws to refuse (e.g. the session is not running). */
  guard: (head: SessionHead) => void
}

/**
 * The chain head and each unit's last revision as of this store's last committed save, so a save reads neither
 * (a SELECT and an HMAC each). Loaded from the database with the head's MAC checked; replaced only after a commit;
 * dropped when the save fails, when any other head write went through the log, or when another connection wrote
 * the file (PRAGMA data_version moved), so an edit made behind the station's back is still met by the MAC check.
 */
interface CommittedHead {
  head: SessionHead
  revisions: Map<string, number>
  headWrites: number
  dataVersion: number
}

/** What a save's transaction leaves for save() to cache once it committed. */
interface SaveDone {
  current: CommittedHead
  head: SessionHead
  saved: SavedRevision
}

interface AnswerRow {
  item_id: string
  revision: number
  key_id: string
  nonce: Buffer
  ciphertext: Buffer
  saved_at: string
}

export class AnswerStore {
  private readonly insertRow: Statement<[string, string, number, string, Buffer, Buffer, string]>
  private readonly latestRows: Statement<[string], AnswerRow>
  private readonly allRows: Statement<[string], AnswerRow>
  private readonly oneRow: Statement<[string, string, number], AnswerRow>
  private readonly saveTransaction: (
    keys: SessionKeys,
    unitId: string,
    response: CandidateResponse,
    context: SaveContext,
  ) => SaveDone
  private readonly checkpoints: WalCheckpoints | undefined
  private readonly maxRevisions: Statement<[string], { item_id: string; revision: number }>
  private readonly dataVersion: Statement<[], number>
  private readonly committed = new Map<string, CommittedHead>()

  constructor(
    private readonly db: StationDatabase,
    private readonly log: EventLog,
    private readonly random: RandomSource,
  ) {
    this.insertRow = db.prepare(
      'INSERT INTO answers (session_id, item_id, revision, key_id, nonce, ciphertext, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    const columns = 'SELECT item_id, revision, key_id, nonce, ciphertext, saved_at FROM answers a WHERE session_id = ?'
    this.latestRows = db.prepare(
      `${columns} AND revision = (SELECT MAX(revision) FROM answers b WHERE b.session_id = a.session_id AND b.item_id = a.item_id) ORDER BY item_id`,
    )
    this.allRows = db.prepare(`${columns} ORDER BY item_id, revision`)
    this.oneRow = db.prepare(`${columns} AND item_id = ? AND revision = ?`)
    this.checkpoints = walCheckpointsOf(db)
    this.maxRevisions = db.prepare(
      'SELECT item_id, MAX(revision) AS revision FROM answers WHERE session_id = ? GROUP BY item_id',
    )
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
    this.saveTransaction = db.transaction((keys, unitId, response, context) =>
      this.saveInTransaction(keys, unitId, response, context),
    ).immediate
  }

  save(keys: SessionKeys, unitId: string, response: CandidateResponse, context: SaveContext): SavedRevision {
    // Inside another transaction this is not the commit: nothing is cached on it.
    const outer = this.db.inTransaction
    let done: SaveDone
    try {
      done = this.saveTransaction(keys, unitId, response, context)
    } catch (error) {
      this.committed.delete(keys.sessionId)
      throw error
    }
    if (outer) this.committed.delete(keys.sessionId)
    else {
      // Committed: the new head and revision become the cache (its map is updated in place, only now).
      const { current, head, saved } = done
      current.revisions.set(unitId, saved.revision)
      this.committed.set(keys.sessionId, {
        head,
        revisions: current.revisions,
        headWrites: this.log.headWritesOf(keys.sessionId),
        dataVersion: current.dataVersion,
      })
    }
    // After COMMIT: the checkpoint this may schedule runs later, never inside the candidate's commit.
    this.checkpoints?.noteCommit()
    return done.saved
  }

  private saveInTransaction(
    keys: SessionKeys,
    unitId: string,
    response: CandidateResponse,
    context: SaveContext,
  ): SaveDone {
    const current = this.currentHead(keys)
    context.guard(current.head)
    const revision = (current.revisions.get(unitId) ?? 0) + 1
    const sealed = sealJson(keys, response, answerAad(keys.sessionId, unitId, revision), this.random)
    const head = this.log.append(
      keys,
      current.head,
      { type: 'answer_saved', at: context.at, data: { item: unitId, revision, ct: sealedDigest(sealed) } },
      { elapsedMs: context.elapsedMs },
    )
    this.insertRow.run(keys.sessionId, unitId, revision, keys.keyId, sealed.nonce, sealed.ciphertext, context.at)
    return { current, head, saved: { unitId, revision, savedAt: context.at } }
  }

  /** The cached head if still current (inside the write transaction, so no other writer can move it), else loaded. */
  private currentHead(keys: SessionKeys): CommittedHead {
    const dataVersion = this.dataVersion.get() ?? 0
    const cached = this.committed.get(keys.sessionId)
    if (cached?.dataVersion === dataVersion && cached.headWrites === this.log.headWritesOf(keys.sessionId))
      return cached
    const revisions = new Map(this.maxRevisions.all(keys.sessionId).map((row) => [row.item_id, row.revision]))
    return { head: this.log.head(keys), revisions, headWrites: this.log.headWritesOf(keys.sessionId), dataVersion }
  }

  /** A sealed row as another station stored it (a session taken over from the room's replica; sessionHandover.ts). */
  importSealed(sessionId: string, row: SealedAnswerRow): void {
    this.committed.delete(sessionId)
    this.insertRow.run(sessionId, row.unitId, row.revision, row.keyId, row.nonce, row.ciphertext, row.savedAt)
  }

  /** The latest revision of every answered unit, decrypted (AEAD refuses an edited or moved ciphertext). */
  latest(keys: SessionKeys): StoredAnswer[] {
    return this.latestRows.all(keys.sessionId).map((row) => decrypt(keys, row))
  }

  /** One revision as stored, still sealed: what the room's replica receives (it checks, never opens, the row). */
  sealedRow(sessionId: string, unitId: string, revision: number): SealedAnswerRow | undefined {
    const row = this.oneRow.get(sessionId, unitId, revision)
    return (
      row && {
        unitId: row.item_id,
        revision: row.revision,
        keyId: row.key_id,
        nonce: row.nonce,
        ciphertext: row.ciphertext,
        savedAt: row.saved_at,
      }
    )
  }

  /** Every revision, in unit then revision order: the audit trail for the result bundle. */
  revisions(keys: SessionKeys): StoredAnswer[] {
    return this.allRows.all(keys.sessionId).map((row) => decrypt(keys, row))
  }
}

const decrypt = (keys: SessionKeys, row: AnswerRow): StoredAnswer => ({
  unitId: row.item_id,
  revision: row.revision,
  savedAt: row.saved_at,
  response: responseSchema.parse(
    openJson(
      keys,
      { nonce: row.nonce, ciphertext: row.ciphertext },
      answerAad(keys.sessionId, row.item_id, row.revision),
    ),
  ),
})
