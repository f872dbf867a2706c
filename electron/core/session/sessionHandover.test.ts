import { afterEach, describe, expect, it } from 'vitest'
import { runningSession, tempStation, type TempStation } from './testing/tempStation'
import type { AdoptInput } from './sessionHandover'

let stations: TempStation[] = []
afterEach(() => {
  for (const station of stations) station.cleanup()
  stations = []
})

/** Station A runs a session with answers; the input a spare gets from the room's replica of it. */
async function handoverFromA(): Promise<{ a: TempStation; sessionId: string; input: AdoptInput }> {
  const a = tempStation()
  stations.push(a)
  const sessionId = await runningSession(a)
  a.service.saveAnswer(sessionId, 'q1', 'B')
  a.clock.advance(90_000)
  a.service.tick(sessionId)
  a.service.saveAnswer(sessionId, 'q2', 'C')
  a.service.saveAnswer(sessionId, 'q1', 'D')
  const chunk = a.service.logChunk(sessionId, 1, 1000)
  const escrow = a.service.escrowMaterial(sessionId)
  const input: AdoptInput = {
    dataKey: escrow.dataKey,
    events: chunk.lines.map((line, i) => ({ line, hash: chunk.hashes[i] ?? '' })),
    sealedAnswers: chunk.sealedAnswers,
    candidate: escrow.candidate,
    head: { state: escrow.head.state, allowedMs: escrow.head.allowedMs, elapsedMs: escrow.head.elapsedMs },
    moved: { from: 'station-a', reason: 'PC 3 froze' },
  }
  return { a, sessionId, input }
}

function spare(): TempStation {
  const b = tempStation()
  stations.push(b)
  return b
}

describe('a session moved to a spare station', () => {
  it('continues on the spare with every answer, the candidate, the time used and the same chain', async () => {
    const { a, sessionId, input } = await handoverFromA()
    const b = spare()
    expect(b.service.adoptMovedSession(input)).toEqual({ sessionId, adopted: true })
    const moved = b.service.snapshot(sessionId)
    expect(moved.state).toBe('recovered')
    expect(moved.candidate).toEqual(a.service.snapshot(sessionId).candidate)
    expect(moved.answers.map((x) => [x.unitId, x.response])).toEqual([
      ['q1', 'D'],
      ['q2', 'C'],
    ])
    expect(moved.elapsedMs).toBe(a.service.snapshot(sessionId).elapsedMs)
    b.service.start(sessionId)
    b.service.saveAnswer(sessionId, 'q3', 'A')
    expect(b.service.verifyIntegrity(sessionId)).toMatchObject({ ok: true })
    const lines = b.service.logChunk(sessionId, 1, 1000).lines
    // A's log, then the move, then the spare's own events, on one chain.
    expect(lines.slice(0, input.events.length)).toEqual(input.events.map((e) => e.line))
    expect(JSON.parse(lines[input.events.length] ?? '{}')).toMatchObject({
      type: 'session_moved',
      data: { from: 'station-a', reason: 'PC 3 froze' },
    })
  })

  it('takes the same handover once: a second delivery changes nothing', async () => {
    const { sessionId, input } = await handoverFromA()
    const b = spare()
    b.service.adoptMovedSession(input)
    const before = b.service.logChunk(sessionId, 1, 1000).hashes
    expect(b.service.adoptMovedSession(input)).toEqual({ sessionId, adopted: false })
    expect(b.service.logChunk(sessionId, 1, 1000).hashes).toEqual(before)
  })

  it('refuses an edited line, a swapped answer and a wrong key, and stores nothing', async () => {
    const { sessionId, input } = await handoverFromA()
    const b = spare()
    const edited = input.events.map((e, i) => (i === 2 ? { ...e, line: e.line.replace('"at"', '"at" ') } : e))
    expect(() => b.service.adoptMovedSession({ ...input, events: edited })).toThrow(/TAMPER|does not chain/)
    const [first, second] = input.sealedAnswers
    if (!first || !second) throw new Error('expected two sealed rows')
    const swapped = [{ ...first, nonce: second.nonce, ciphertext: second.ciphertext }, ...input.sealedAnswers.slice(1)]
    expect(() => b.service.adoptMovedSession({ ...input, sealedAnswers: swapped })).toThrow(/does not open/)
    expect(() => b.service.adoptMovedSession({ ...input, dataKey: Buffer.alloc(32, 7) })).toThrow(/does not open/)
    expect(() => b.service.snapshot(sessionId)).toThrow(/no session/)
  })

  it('refuses a cut log that no longer cites the sealed rows it carries', async () => {
    const { sessionId, input } = await handoverFromA()
    const b = spare()
    // A truncated log (the last answer cut) no longer cites the sealed row it carries: integrity refuses it whole.
    const cut = { ...input, events: input.events.slice(0, -1) }
    expect(() => b.service.adoptMovedSession(cut)).toThrow()
    expect(() => b.service.snapshot(sessionId)).toThrow(/no session/)
  })
})
