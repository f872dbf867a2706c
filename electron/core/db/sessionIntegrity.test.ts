import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { masterKeyKeyring } from '../crypto/keyring'
import { AnswerStore } from './answerStore'
import { chainHash } from '../base/eventChain'
import { EventLog } from './eventLog'
import { deriveSessionKeys } from './sessionCrypto'
import { defaultRandom } from '../crypto/randomSource'
import { MASTER_KEY_HEX, runningSession, tempStation, TEST_PIN, type TempStation } from '../session/testing/tempStation'

/**
 * Someone with the database file but not the station key edits it between runs. Every edit must be detected on the
 * read paths that matter, with a reason naming what broke. Session A's log:
 *   1 session_created, 2 checked_in, 3 started, 4 answer q1#1, 5 answer q2#1, 6 flagged q2, 7 answer q1#2
 */
let station: TempStation | undefined
afterEach(() => station?.cleanup())

interface Setup {
  a: string
  b: string
}

async function setup(): Promise<Setup> {
  station = tempStation()
  const a = await runningSession(station)
  station.service.saveAnswer(a, 'q1', 'B')
  station.service.saveAnswer(a, 'q2', ['A', 'C'])
  station.service.setFlag(a, 'q2', true)
  station.service.saveAnswer(a, 'q1', 'D')
  const b = await runningSession(station)
  station.service.saveAnswer(b, 'q1', 'A')
  station.db.close()
  return { a, b }
}

/** Edits the file with a plain connection, then reopens the station as the next run would. */
function tamper(edit: (raw: Database.Database) => void): TempStation {
  if (!station) throw new Error('no station')
  const raw = new Database(station.path)
  edit(raw)
  raw.close()
  station = station.reopen()
  return station
}

function expectDetected(s: TempStation, sessionId: string, reason: RegExp): void {
  const report = s.service.verifyIntegrity(sessionId)
  expect(report).toMatchObject({ ok: false })
  expect(report.ok ? '' : report.reason).toMatch(reason)
  expect(() => s.service.snapshot(sessionId)).toThrow(
    expect.objectContaining({ code: 'TAMPER_DETECTED', message: expect.stringMatching(reason) as string }) as Error,
  )
}

/** Deletes the newest answer and its event, and points the head at the event before (as it was one save ago). */
function rollBackLastAnswer(raw: Database.Database, session: string): void {
  const last = raw
    .prepare<[string], { seq: number; line: string }>(
      'SELECT seq, line FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1',
    )
    .get(session)
  const { item, revision } = (JSON.parse(last?.line ?? '{}') as { data: { item: string; revision: number } }).data
  const seq = last?.seq ?? 0
  const previous = raw
    .prepare<[string, number], string>('SELECT hash FROM events WHERE session_id = ? AND seq = ?')
    .pluck()
    .get(session, seq - 1)
  raw.prepare('DELETE FROM answers WHERE session_id = ? AND item_id = ? AND revision = ?').run(session, item, revision)
  raw.prepare('DELETE FROM events WHERE session_id = ? AND seq = ?').run(session, seq)
  raw.prepare('UPDATE sessions SET head_seq = ?, head_hash = ? WHERE id = ?').run(seq - 1, previous, session)
}

describe('store tamper detection', () => {
  it('passes an untouched database', async () => {
    const { a, b } = await setup()
    const s = tamper(() => undefined)
    expect(s.service.verifyIntegrity(a)).toMatchObject({ ok: true, seq: 7 })
    expect(s.service.verifyIntegrity(b)).toMatchObject({ ok: true, seq: 4 })
  })

  it('detects an edited event line', async () => {
    const { a } = await setup()
    const s = tamper((raw) =>
      raw.prepare('UPDATE events SET line = replace(line, \'"q2"\', \'"q9"\') WHERE session_id = ? AND seq = 6').run(a),
    )
    expectDetected(s, a, /event 6: stored hash does not match/)
  })

  it('detects an edited event whose hashes were all recomputed (the head MAC needs the key)', async () => {
    const { a } = await setup()
    const s = tamper((raw) => {
      const events = raw
        .prepare<[string], { seq: number; line: string }>(
          'SELECT seq, line FROM events WHERE session_id = ? ORDER BY seq',
        )
        .all(a)
      let prev = '0'.repeat(64)
      for (const event of events) {
        const edited = event.seq === 6 ? event.line.replace('"q2"', '"q9"') : event.line
        prev = chainHash(prev, edited)
        raw
          .prepare('UPDATE events SET line = ?, hash = ? WHERE session_id = ? AND seq = ?')
          .run(edited, prev, a, event.seq)
      }
      raw.prepare('UPDATE sessions SET head_hash = ? WHERE id = ?').run(prev, a)
    })
    expectDetected(s, a, /head MAC/)
  })

  it('detects a deleted event in the middle', async () => {
    const { a } = await setup()
    const s = tamper((raw) => raw.prepare('DELETE FROM events WHERE session_id = ? AND seq = 6').run(a))
    expectDetected(s, a, /event 6: expected seq 6/)
  })

  it('detects reordered events (seq numbers swapped)', async () => {
    const { a } = await setup()
    const s = tamper((raw) => {
      raw.prepare('UPDATE events SET seq = 100 WHERE session_id = ? AND seq = 4').run(a)
      raw.prepare('UPDATE events SET seq = 4 WHERE session_id = ? AND seq = 5').run(a)
      raw.prepare('UPDATE events SET seq = 5 WHERE session_id = ? AND seq = 100').run(a)
    })
    expectDetected(s, a, /event 4/)
  })

  it('detects two event rows swapped (lines and hashes)', async () => {
    const { a } = await setup()
    const s = tamper((raw) => {
      const four = raw
        .prepare<[string], { line: string; hash: string }>(
          'SELECT line, hash FROM events WHERE session_id = ? AND seq = 4',
        )
        .get(a)
      const five = raw
        .prepare<[string], { line: string; hash: string }>(
          'SELECT line, hash FROM events WHERE session_id = ? AND seq = 5',
        )
        .get(a)
      const set = raw.prepare('UPDATE events SET line = ?, hash = ? WHERE session_id = ? AND seq = ?')
      set.run(five?.line, five?.hash, a, 4)
      set.run(four?.line, four?.hash, a, 5)
    })
    expectDetected(s, a, /event 4/)
  })

  it('detects an edited type column', async () => {
    const { a } = await setup()
    const s = tamper((raw) =>
      raw.prepare("UPDATE events SET type = 'unflagged' WHERE session_id = ? AND seq = 6").run(a),
    )
    expectDetected(s, a, /event 6: type column/)
  })

  it('detects an edited ciphertext byte (and AES-GCM refuses to open it)', async () => {
    const { a } = await setup()
    const s = tamper((raw) => {
      const ct = raw
        .prepare<[string], Buffer>("SELECT ciphertext FROM answers WHERE session_id = ? AND item_id = 'q2'")
        .pluck()
        .get(a)
      if (!ct) throw new Error('no row')
      ct[0] = (ct[0] ?? 0) ^ 0x01
      raw.prepare("UPDATE answers SET ciphertext = ? WHERE session_id = ? AND item_id = 'q2'").run(ct, a)
    })
    expectDetected(s, a, /answer q2 revision 1 ciphertext differs from its answer_saved event \(seq 5\)/)
    const wrapped = s.db
      .prepare<[string], { wrapped_key: Buffer; key_id: string }>(
        'SELECT wrapped_key, key_id FROM sessions WHERE id = ?',
      )
      .get(a)
    const dataKey = masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex')).unwrapSessionKey(
      a,
      wrapped?.wrapped_key ?? Buffer.alloc(0),
    )
    const answers = new AnswerStore(s.db, new EventLog(s.db), defaultRandom)
    expect(() => answers.latest(deriveSessionKeys(a, wrapped?.key_id ?? '', dataKey))).toThrow(/authentication/)
  })

  it("detects two answers' ciphertexts swapped between items", async () => {
    const { a } = await setup()
    const s = tamper((raw) => {
      const get = raw.prepare<[string, string, number], { nonce: Buffer; ciphertext: Buffer }>(
        'SELECT nonce, ciphertext FROM answers WHERE session_id = ? AND item_id = ? AND revision = ?',
      )
      const q1 = get.get(a, 'q1', 2)
      const q2 = get.get(a, 'q2', 1)
      const set = raw.prepare(
        'UPDATE answers SET nonce = ?, ciphertext = ? WHERE session_id = ? AND item_id = ? AND revision = ?',
      )
      set.run(randomNonce(), Buffer.alloc(0), a, 'q1', 2) // free the (key_id, nonce) pair first
      set.run(q1?.nonce, q1?.ciphertext, a, 'q2', 1)
      set.run(q2?.nonce, q2?.ciphertext, a, 'q1', 2)
    })
    expectDetected(s, a, /answer q\d revision \d ciphertext differs/)
  })

  it('detects an answer copied in from another session', async () => {
    const { a, b } = await setup()
    const s = tamper((raw) => {
      const theirs = raw
        .prepare<[string], { nonce: Buffer; ciphertext: Buffer }>(
          "SELECT nonce, ciphertext FROM answers WHERE session_id = ? AND item_id = 'q1'",
        )
        .get(b)
      raw
        .prepare(
          "UPDATE answers SET nonce = ?, ciphertext = ? WHERE session_id = ? AND item_id = 'q1' AND revision = 2",
        )
        .run(theirs?.nonce, theirs?.ciphertext, a)
    })
    expectDetected(s, a, /answer q1 revision 2 ciphertext differs/)
  })

  it('detects the last answer deleted together with its event', async () => {
    const { a } = await setup()
    const s = tamper((raw) => {
      raw.prepare("DELETE FROM answers WHERE session_id = ? AND item_id = 'q1' AND revision = 2").run(a)
      raw.prepare('DELETE FROM events WHERE session_id = ? AND seq = 7').run(a)
    })
    expectDetected(s, a, /chain ends at seq 6 but the session head says seq 7/)
  })

  it('detects an answer row deleted on its own', async () => {
    const { a } = await setup()
    const s = tamper((raw) => raw.prepare("DELETE FROM answers WHERE session_id = ? AND item_id = 'q2'").run(a))
    expectDetected(s, a, /row for answer_saved event seq 5 \(q2#1\) is missing/)
  })

  it('detects the head rolled back to hide the last answer, and reports it when listing interrupted sessions', async () => {
    const { a } = await setup()
    const s = tamper((raw) => rollBackLastAnswer(raw, a))
    expectDetected(s, a, /head MAC does not match/)
    const listed = s.service.listInterrupted()
    expect(listed.find((x) => x.sessionId === a)?.problem).toMatch(/head MAC/)
    await expect(s.service.recover(a, TEST_PIN)).rejects.toMatchObject({ code: 'TAMPER_DETECTED' })
  })

  it('refuses to save on top of a head rolled back while the station runs (no laundering by a fresh MAC)', async () => {
    station = tempStation()
    const a = await runningSession(station)
    station.service.saveAnswer(a, 'q1', 'B')
    station.service.saveAnswer(a, 'q1', 'C')
    const raw = new Database(station.path)
    rollBackLastAnswer(raw, a)
    raw.close()
    expect(() => station?.service.saveAnswer(a, 'q2', 'A')).toThrow(
      expect.objectContaining({ code: 'TAMPER_DETECTED' }) as Error,
    )
    expect(station.service.verifyIntegrity(a)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/head MAC/) as string,
    })
  })

  it('detects more time given by editing elapsed or allowed time, and a state rewound', async () => {
    const { a, b } = await setup()
    const s = tamper((raw) => {
      raw.prepare('UPDATE sessions SET elapsed_ms = 0, allowed_ms = allowed_ms * 2 WHERE id = ?').run(a)
      raw.prepare("UPDATE sessions SET state = 'checked_in' WHERE id = ?").run(b)
    })
    expectDetected(s, a, /head MAC/)
    expectDetected(s, b, /head MAC/)
  })

  it("detects a candidate identity swapped with another session's", async () => {
    const { a, b } = await setup()
    const s = tamper((raw) => {
      const theirs = raw
        .prepare<[string], { candidate_nonce: Buffer; candidate_ct: Buffer }>(
          'SELECT candidate_nonce, candidate_ct FROM sessions WHERE id = ?',
        )
        .get(b)
      raw
        .prepare('UPDATE sessions SET candidate_nonce = ?, candidate_ct = ? WHERE id = ?')
        .run(theirs?.candidate_nonce, theirs?.candidate_ct, a)
    })
    expectDetected(s, a, /candidate identity differs/)
  })

  it("detects a session's wrapped key swapped with another's", async () => {
    const { a, b } = await setup()
    const s = tamper((raw) => {
      const theirs = raw.prepare<[string], Buffer>('SELECT wrapped_key FROM sessions WHERE id = ?').pluck().get(b)
      raw.prepare('UPDATE sessions SET wrapped_key = ? WHERE id = ?').run(theirs, a)
    })
    expect(() => s.service.verifyIntegrity(a)).toThrow(
      expect.objectContaining({
        code: 'TAMPER_DETECTED',
        message: expect.stringMatching(/does not unwrap/) as string,
      }) as Error,
    )
    expect(s.service.listInterrupted().find((x) => x.sessionId === a)?.problem).toMatch(/does not unwrap/)
  })
})

const randomNonce = (): Buffer => defaultRandom(12)
