import { createHash, randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { systemClock } from '../electron/core/base/clock'
import { chainHash, eventLine, GENESIS_HASH } from '../electron/core/base/eventChain'
import { defaultRandom } from '../electron/core/crypto/randomSource'
import { answerAad, deriveSessionKeys, headMac, sealedDigest, sealJson } from '../electron/core/db/sessionCrypto'
import type { CandidateResponse } from '../electron/core/base/responseSchema'
import type { SessionService } from '../electron/core/session/sessionService'
import { applyDurabilityPragmas, assertPragmas, type StationDatabase } from '../electron/core/db/database'
import { walPagesOf } from '../electron/core/db/testing/walPages'
import { attachWalCheckpoints, walCheckpointsOf } from '../electron/core/db/walCheckpoints'
import { EARLIER_SESSIONS, openBenchStation, sitEarlierSessions, startBenchSession, type BenchExam } from './benchExam'

/**
 * The things the save benchmark times, one answer at a time. `prepare(k)` builds the k-th call's arguments outside
 * the timing and returns the call to time, so only the write itself is measured.
 */
export interface BenchAnswer {
  itemId: string
  response: CandidateResponse
}

export interface SaveSide {
  db: StationDatabase
  prepare(k: number): () => void
}

const DAY_MS = 24 * 60 * 60_000
const AEAD_TAG_BYTES = 16
const NONCE_BYTES = 12
/** An answer row's ciphertext is the response's JSON plus the AES-GCM tag. */
const ciphertextLike = (response: CandidateResponse): Buffer =>
  Buffer.concat([Buffer.from(JSON.stringify(response)), randomBytes(AEAD_TAG_BYTES)])
const answerAt = (answers: readonly BenchAnswer[], k: number): BenchAnswer =>
  answers[k % answers.length] ?? { itemId: 'q1', response: null }

type AnswerRow = [string, string, number, string, Buffer, Buffer, string]

/** A raw_answers row: the `k`th save's answer as revision k + 1, with a fresh nonce and answer-sized ciphertext. */
const rawAnswerRow = (sessionId: string, k: number, { itemId, response }: BenchAnswer): AnswerRow => [
  sessionId,
  itemId,
  k + 1,
  'key_bench',
  randomBytes(NONCE_BYTES),
  ciphertextLike(response),
  new Date().toISOString(),
]

/**
 * The baseline: one prepared INSERT of an answer-sized row into a table shaped like `answers`, autocommit, with the
 * station's pragmas and checkpoint policy (no checkpoint inside a commit; one on a later event-loop turn).
 */
export function rawInsertSide(path: string, answers: readonly BenchAnswer[]): SaveSide {
  const db = new Database(path)
  applyDurabilityPragmas(db)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  assertPragmas(db)
  db.exec(`CREATE TABLE raw_answers (
    session_id TEXT NOT NULL, item_id TEXT NOT NULL, revision INTEGER NOT NULL, key_id TEXT NOT NULL,
    nonce BLOB NOT NULL, ciphertext BLOB NOT NULL, saved_at TEXT NOT NULL,
    PRIMARY KEY (session_id, item_id, revision), UNIQUE (key_id, nonce)) STRICT`)
  const insert = db.prepare<AnswerRow>('INSERT INTO raw_answers VALUES (?, ?, ?, ?, ?, ?, ?)')
  const checkpoints = attachWalCheckpoints(db)
  // About as many rows as the earlier sessions on the subject's station left in its answers table.
  db.transaction(() => {
    for (let s = 0; s < EARLIER_SESSIONS; s++) {
      for (const [k, answer] of answers.slice(0, 40).entries())
        insert.run(...rawAnswerRow(`ses_earlier_${String(s)}`, k, answer))
    }
  })()
  return {
    db,
    prepare(k) {
      const row = rawAnswerRow('ses_bench', k, answerAt(answers, k))
      return () => {
        insert.run(...row)
        checkpoints.noteCommit()
      }
    },
  }
}

/** A bench station holding the earlier sessions, with the measured session started: where every station side begins. */
async function stationMidSession(
  path: string,
  exam: BenchExam,
  answers: readonly BenchAnswer[],
): Promise<{ db: StationDatabase; service: SessionService; sessionId: string }> {
  const { db, service } = openBenchStation(path, exam, systemClock)
  await sitEarlierSessions(service, exam, answers)
  return { db, service, sessionId: await startBenchSession(service, exam, DAY_MS) }
}

/** The subject: SessionService.saveAnswer on a running session. `synchronous = OFF` leaves out only the fsyncs. */
export async function saveAnswerSide(
  path: string,
  exam: BenchExam,
  answers: readonly BenchAnswer[],
  fsync = true,
): Promise<SaveSide> {
  const { db, service, sessionId } = await stationMidSession(path, exam, answers)
  if (!fsync) db.pragma('synchronous = OFF')
  return {
    db,
    prepare(k) {
      const { itemId, response } = answerAt(answers, k)
      return () => service.saveAnswer(sessionId, itemId, response, exam.kindOf(itemId))
    },
  }
}

/**
 * The rows one save writes (an event, an answer, the session head, the station seal), as plain SQL in one transaction
 * on the real schema, without the save path's reads, validation or cryptography: the I/O floor of the save path.
 */
export async function writeSetSide(path: string, exam: BenchExam, answers: readonly BenchAnswer[]): Promise<SaveSide> {
  const { db, sessionId } = await stationMidSession(path, exam, answers)
  const insertEvent = db.prepare('INSERT INTO events (session_id, seq, type, line, hash) VALUES (?, ?, ?, ?, ?)')
  const insertAnswer = db.prepare(
    'INSERT INTO answers (session_id, item_id, revision, key_id, nonce, ciphertext, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const writeHead = db.prepare(
    'UPDATE sessions SET head_seq = ?, head_hash = ?, head_mac = ?, elapsed_ms = ?, updated_at = ? WHERE id = ?',
  )
  const writeSeal = db.prepare('UPDATE station_seal SET mac_key_wrapped = mac_key_wrapped, mac = ? WHERE id = 1')
  const write = db.transaction(
    (k: number, line: string, hash: string, mac: Buffer, nonce: Buffer, ciphertext: Buffer, at: string) => {
      insertEvent.run(sessionId, 1000 + k, 'answer_saved', line, hash)
      insertAnswer.run(sessionId, answerAt(answers, k).itemId, k + 1, 'key_bench', nonce, ciphertext, at)
      writeHead.run(1000 + k, hash, mac, k, at, sessionId)
      writeSeal.run(mac)
    },
  )
  const checkpoints = walCheckpointsOf(db)
  return {
    db,
    prepare(k) {
      const at = new Date().toISOString()
      const digest = createHash('sha256').update(String(k)).digest('hex')
      const line = JSON.stringify({
        at,
        data: { ct: digest, item: answerAt(answers, k).itemId, revision: k + 1 },
        seq: 1000 + k,
        type: 'answer_saved',
      })
      const args = [
        k,
        line,
        digest,
        randomBytes(32),
        randomBytes(NONCE_BYTES),
        ciphertextLike(answerAt(answers, k).response),
        at,
      ] as const
      return () => {
        write(...args)
        checkpoints?.noteCommit()
      }
    },
  }
}

/**
 * The floor of a save that keeps every guarantee: the answer row (with its two indexes, as in the raw insert) and
 * its answer_saved event at the log's end, one HMAC and the seal row, which move with every save, and the
 * cryptography no save can skip (AES-GCM with AAD, the ciphertext's digest, the chain link). It leaves out what the
 * real save also does: the session head row (as if it were folded into the seal row), input validation, the timer,
 * the state guard, the seal's checks and its second HMAC; the real save does all of it, so it cannot beat this ratio.
 * `eventInAnswerRow` measures the same work on a schema this station does not have, one B-tree fewer: the event's
 * line and hash stored in its answer row, the lowest any redesign of the tables could go.
 */
export async function saveFloorSide(
  path: string,
  exam: BenchExam,
  answers: readonly BenchAnswer[],
  eventInAnswerRow = false,
): Promise<SaveSide> {
  const { db, sessionId } = await stationMidSession(path, exam, answers)
  const keys = deriveSessionKeys(sessionId, 'key_bench', randomBytes(32))
  const insertEvent = db.prepare('INSERT INTO events (session_id, seq, type, line, hash) VALUES (?, ?, ?, ?, ?)')
  const insertAnswer = eventInAnswerRow ? answersWithEventsTable(db) : plainAnswerInsert(db)
  const writeSeal = db.prepare('UPDATE station_seal SET mac_key_wrapped = mac_key_wrapped, mac = ? WHERE id = 1')
  const checkpoints = walCheckpointsOf(db)
  let head = { state: 'running', seq: 1000, hash: GENESIS_HASH, allowedMs: DAY_MS, elapsedMs: 0 }
  const save = db.transaction((k: number, at: string) => {
    const { itemId, response } = answerAt(answers, k)
    const sealed = sealJson(keys, response, answerAad(sessionId, itemId, k + 1), defaultRandom)
    const seq = head.seq + 1
    const data = { item: itemId, revision: k + 1, ct: sealedDigest(sealed) }
    const line = eventLine({ seq, type: 'answer_saved', at, data })
    head = { ...head, seq, hash: chainHash(head.hash, line), elapsedMs: k }
    if (!eventInAnswerRow) insertEvent.run(sessionId, seq, 'answer_saved', line, head.hash)
    const row: AnswerRow = [sessionId, itemId, k + 1, keys.keyId, sealed.nonce, sealed.ciphertext, at]
    insertAnswer(row, { seq, line, hash: head.hash })
    writeSeal.run(headMac(keys, head))
  })
  return {
    db,
    prepare(k) {
      const at = new Date().toISOString()
      return () => {
        save(k, at)
        checkpoints?.noteCommit()
      }
    },
  }
}

type InsertAnswer = (row: AnswerRow, event: { seq: number; line: string; hash: string }) => void

function plainAnswerInsert(db: StationDatabase): InsertAnswer {
  const insert = db.prepare<AnswerRow>(
    'INSERT INTO answers (session_id, item_id, revision, key_id, nonce, ciphertext, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  return (row) => insert.run(...row)
}

/** `answers` with three more columns (the event's seq, line and hash), holding the earlier sessions' rows. */
function answersWithEventsTable(db: StationDatabase): InsertAnswer {
  db.exec(`CREATE TABLE answers_with_events (
    session_id TEXT NOT NULL, item_id TEXT NOT NULL, revision INTEGER NOT NULL, key_id TEXT NOT NULL,
    nonce BLOB NOT NULL, ciphertext BLOB NOT NULL, saved_at TEXT NOT NULL,
    seq INTEGER NOT NULL, line TEXT NOT NULL, hash TEXT NOT NULL,
    PRIMARY KEY (session_id, item_id, revision), UNIQUE (key_id, nonce)) STRICT;
    INSERT INTO answers_with_events
      SELECT a.*, e.seq, e.line, e.hash FROM answers a JOIN events e ON e.session_id = a.session_id
        AND e.type = 'answer_saved' AND json_extract(e.line, '$.data.item') = a.item_id
        AND json_extract(e.line, '$.data.revision') = a.revision;`)
  const insert = db.prepare<[...AnswerRow, number, string, string]>(
    'INSERT INTO answers_with_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  return (row, event) => insert.run(...row, event.seq, event.line, event.hash)
}

/** WAL frames (pages) one commit appends, in all and per table or index: measured from an empty WAL. */
export function walFramesPerCommit(
  side: SaveSide,
  path: string,
  from: number,
  commits: number,
): { frames: number; byBtree: [string, number][] } {
  const pages = walPagesOf(side.db, path, () => {
    for (let k = from; k < from + commits; k++) side.prepare(k)()
  })
  const byBtree = [...pages.byBtree].map(([name, frames]): [string, number] => [name, frames / commits])
  return { frames: pages.frames / commits, byBtree: byBtree.sort((a, b) => b[1] - a[1]) }
}
