import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseEventLine, verifyChain } from '../base/eventChain'
import { fromBase64urlStrict } from '../crypto/base64url'
import { sealedDigest } from '../db/sessionCrypto'
import { linkFixture, type LinkFixture } from './testing/linkFixture'

let f: LinkFixture
beforeEach(async () => {
  f = await linkFixture()
})
afterEach(() => f.cleanup())

const SECRET_ANSWER = 'MY-PLAINTEXT-ANSWER-4b9d'

describe('the room link', () => {
  it('joins, then reports the seat: candidate, state, answered of total, time left, saves, heads', async () => {
    f.runtime.sessions.saveAnswer(f.sessionId, 'q1', 'B')
    f.runtime.sessions.saveAnswer(f.sessionId, 'q4', '  ')
    f.runtime.sessions.saveAnswer(f.sessionId, 'case.1', 'A')
    f.runtime.sessions.logIncident(f.sessionId, 'focus_lost', {})
    f.dir.clock.advance(60_000)
    await f.link.tickOnce()
    expect(f.link.status().lastError).toBeNull()
    expect(f.room.joins).toBe(1)
    const [beat] = f.room.heartbeats
    expect(beat?.status).toEqual({
      seat: 'A-01',
      candidateId: 'C-001',
      sessionId: f.sessionId,
      state: 'running',
      // Questions, as the candidate and the proctor count them: q1 answered, q4 blank, the scenario half done.
      answered: 1,
      total: 5,
      remainingMs: 30 * 60_000 - 60_000,
      lastSave: 'ok',
      incidents: 1,
      environment: 'not_checked',
    })
    const head = f.runtime.sessions.logChunk(f.sessionId, 1, 1000).hashes.at(-1)
    expect(beat?.heads).toEqual([{ sessionId: f.sessionId, seq: 7, hash: head }])
    expect(f.link.status()).toMatchObject({ state: 'connected', admission: 'admitted', unreachableSince: null })
  })

  it('ships what the room lacks, in chunks it can check without ever seeing an answer', async () => {
    for (let i = 0; i < 600; i++) f.runtime.sessions.saveAnswer(f.sessionId, 'q4', `${SECRET_ANSWER} ${String(i)}`)
    await f.link.tickOnce()
    const replica = f.room.replicas.get(f.sessionId)
    const stored = f.runtime.sessions.logChunk(f.sessionId, 1, 10_000)
    expect(f.room.shipments.map((s) => [s.fromSeq, s.lines.length])).toEqual([
      [1, 500],
      [501, stored.lines.length - 500],
    ])
    expect(replica?.lines).toEqual(stored.lines)
    // The room recomputes the chain from the lines and checks the stored hashes it was sent.
    expect(verifyChain(replica?.lines ?? [], replica?.hashes)).toMatchObject({ ok: true, count: stored.lines.length })
    // Every sealed row matches the digest its answer_saved event recorded.
    const digests = new Map(
      (replica?.lines ?? [])
        .map(parseEventLine)
        .filter((e) => e.type === 'answer_saved')
        .map((e) => [`${String(e.data.item)}#${String(e.data.revision)}`, e.data.ct]),
    )
    expect(replica?.sealed).toHaveLength(600)
    for (const row of replica?.sealed ?? []) {
      const sealed = { nonce: fromBase64urlStrict(row.nonce), ciphertext: fromBase64urlStrict(row.ciphertext) }
      expect(sealedDigest(sealed)).toBe(digests.get(`${row.unitId}#${String(row.revision)}`))
    }
    expect(f.room.shipmentBodies.join('\n')).not.toContain(SECRET_ANSWER)
    expect(f.room.shipmentBodies.join('\n')).not.toContain('MY-PLAINTEXT')

    // New commits follow from where the room's replica ends, and nothing is sent twice.
    f.runtime.sessions.saveAnswer(f.sessionId, 'q1', 'A')
    await f.link.tickOnce()
    expect(f.room.shipments.at(-1)).toMatchObject({ fromSeq: stored.lines.length + 1 })
    expect(f.room.replicas.get(f.sessionId)?.lines).toEqual(f.runtime.sessions.logChunk(f.sessionId, 1, 10_000).lines)
  })

  it('ships from where the room says its replica ends', async () => {
    await f.link.tickOnce()
    const replica = f.room.replicas.get(f.sessionId)
    // The room lost the tail of its replica: its next `want` names the range, and the link ships from there.
    replica?.lines.splice(2)
    replica?.hashes.splice(2)
    f.runtime.sessions.saveAnswer(f.sessionId, 'q1', 'C')
    await f.link.tickOnce()
    expect(f.room.shipments.at(-1)?.fromSeq).toBe(3)
    expect(verifyChain(replica?.lines ?? [], replica?.hashes)).toMatchObject({ ok: true, count: 4 })
  })

  it('never makes a save wait or fail while the room hangs, and reports since when it is unreachable', async () => {
    // Bounds are halves of the request timeout, not absolute speeds: a save or a stop that waited on the hanging room
    // would take the whole timeout, while a loaded machine only makes honest ones slower (#15.1).
    const requestTimeoutMs = 6_000
    f.room.link = 'hang'
    f.link = f.newLink({ requestTimeoutMs, heartbeatMs: 10 })
    void f.link.start()
    const durations: number[] = []
    const hashOf = (text: string) => createHash('sha256').update(text).digest('hex')
    for (let i = 0; i < 20; i++) {
      const began = performance.now()
      const ack = f.runtime.sessions.saveAnswer(f.sessionId, 'q4', hashOf(String(i)))
      durations.push(performance.now() - began)
      expect(ack.revision).toBe(i + 1)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    // Every save committed while the heartbeat was still waiting on the room.
    expect(f.room.joins).toBe(0)
    expect(Math.max(...durations)).toBeLessThan(requestTimeoutMs / 2)
    const until = Date.now() + 4 * requestTimeoutMs
    while (f.link.status().state !== 'unreachable' && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20))
    expect(f.link.status()).toMatchObject({ state: 'unreachable', summary: expect.stringMatching(/since 20/) })
    const stopping = performance.now()
    await f.link.stop()
    expect(performance.now() - stopping).toBeLessThan(requestTimeoutMs / 2)

    f.room.link = 'up'
    await f.link.tickOnce()
    expect(f.link.status().state).toBe('connected')
    expect(f.room.replicas.get(f.sessionId)?.lines.length).toBe(3 + 20)
  })

  it('keeps heartbeating on its own timer and stops cleanly', async () => {
    await f.link.start()
    // Waits for the timer's beats rather than a fixed time, so a loaded machine only makes it slower (#15.1).
    const until = Date.now() + 20_000
    while (f.room.heartbeats.length <= 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10))
    await f.link.stop()
    const count = f.room.heartbeats.length
    expect(count).toBeGreaterThan(2)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(f.room.heartbeats.length).toBe(count)
    expect(f.link.status().state).toBe('stopped')
  })
})
