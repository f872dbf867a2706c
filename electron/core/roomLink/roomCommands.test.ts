import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseEventLine } from '../base/eventChain'
import { verifyBundle } from '../bundle/bundleVerifier'
import { signRoomCommand } from '../protocol/roomSignature'
import { linkFixture, type LinkFixture } from './testing/linkFixture'

let f: LinkFixture
beforeEach(async () => {
  f = await linkFixture()
})
afterEach(() => f.cleanup())

const eventsOf = () => f.runtime.sessions.logChunk(f.sessionId, 1, 1000).lines.map(parseEventLine)
const roomEvents = () => eventsOf().filter((e) => e.type === 'room_command')
const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await f.link.tickOnce()
}

describe('room commands on a station', () => {
  it('a pause-all stops the clock, is logged as room_command with the signature, is acked, and the bundle verifies', async () => {
    const pause = f.room.command({ action: 'pause', reason: 'fire alarm' })
    await ticks(1)
    expect(f.runtime.sessions.snapshot(f.sessionId).state).toBe('paused')
    f.dir.clock.advance(60_000)
    expect(f.runtime.sessions.tick(f.sessionId)).toMatchObject({ state: 'paused', elapsedMs: 0 })
    const [logged] = roomEvents()
    expect(logged?.data).toEqual({ command: pause.command, signature: pause.signature })
    expect(eventsOf().at(-1)?.type).toBe('paused')

    await ticks(1)
    expect(f.room.acks).toMatchObject([{ cmdId: 'cmd-1', seq: 1, outcome: 'applied' }])
    expect(f.room.heartbeats.at(-1)).toMatchObject({ lastCommandSeq: 1, status: { state: 'paused', seat: 'A-01' } })

    f.room.command({ action: 'end', reason: 'evacuation' })
    await ticks(1)
    const submitted = eventsOf().at(-1)
    expect(submitted).toMatchObject({ type: 'submitted', data: { reason: 'proctor', note: 'evacuation' } })
    const exported = await f.runtime.exportBundle(f.sessionId, f.dir.dir)
    const verified = await verifyBundle(readFileSync(join(exported.file)), {
      trustedStationKeys: [f.runtime.station.publicKeyJwk],
    })
    expect(verified).toMatchObject({ ok: true })
  })

  it('refuses a command signed by another key: not applied, acked refused, nothing settled or logged', async () => {
    const forger = generateKeyPairSync('ed25519')
    const genuine = f.room.command({ action: 'pause' })
    f.room.commands.splice(0, 1, signRoomCommand(genuine.command, forger.privateKey))
    await ticks(2)
    expect(f.runtime.sessions.snapshot(f.sessionId).state).toBe('running')
    expect(roomEvents()).toEqual([])
    expect(f.room.acks).toMatchObject([
      { cmdId: 'cmd-1', outcome: 'refused', reason: /not signed by this sitting's room/ },
    ])
    // The forged claim does not move the station's sequence: the genuine command is still welcome.
    expect(f.room.heartbeats.at(-1)?.lastCommandSeq).toBe(0)
    expect(f.runtime.sessions.roomNotices(f.room.sittingId)).toMatchObject({ lastCommandSeq: 0 })
  })

  it('refuses a command the room signed for another sitting', async () => {
    f.room.command({ action: 'pause', sittingId: 'another-sitting' })
    await ticks(2)
    expect(f.runtime.sessions.snapshot(f.sessionId).state).toBe('running')
    expect(f.room.acks).toMatchObject([{ outcome: 'refused', reason: /for sitting another-sitting/ }])
    expect(roomEvents()).toEqual([])
  })

  it('applies a replayed command once, also after the station restarts', async () => {
    const extend = f.room.command({ action: 'extend', minutes: 10, reason: 'late start' })
    f.room.commands.push(extend)
    const before = f.runtime.sessions.snapshot(f.sessionId).allowedMs
    await ticks(2)
    expect(f.runtime.sessions.snapshot(f.sessionId).allowedMs).toBe(before + 600_000)
    expect(f.room.acks.map((a) => a.outcome)).toEqual(['applied', 'already_applied'])
    expect(roomEvents()).toHaveLength(1)

    await f.link.stop()
    await f.runtime.close()
    const reopened = await f.dir.open()
    const trust = { roomKey: f.room.publicKey, sittingId: f.room.sittingId, seat: 'A-01' }
    expect(reopened.sessions.applyRoomCommand(extend, trust)).toMatchObject({ outcome: 'already_applied' })
    expect(reopened.sessions.roomNotices(f.room.sittingId).lastCommandSeq).toBe(1)
    await reopened.close()
    f.runtime = await f.dir.open() // for cleanup's close
  })

  it('applies the commands missed while the room was unreachable, in order, when it returns', async () => {
    f.room.link = 'down'
    await ticks(1)
    expect(f.link.status()).toMatchObject({ state: 'unreachable', summary: /^room unreachable since / })
    // Queued out of order on purpose: resume (3) before pause (1) would leave the session paused.
    f.room.command({ action: 'resume', seq: 3 })
    f.room.command({ action: 'pause', seq: 1 })
    f.room.command({ action: 'extend', seq: 2, minutes: 5 })
    f.room.link = 'up'
    await ticks(2)
    expect(f.link.status().state).toBe('connected')
    expect(roomEvents().map((e) => (e.data.command as { seq: number }).seq)).toEqual([1, 2, 3])
    expect(
      eventsOf()
        .slice(-6)
        .map((e) => e.type),
    ).toEqual(['room_command', 'paused', 'room_command', 'extended', 'room_command', 'resumed'])
    expect(f.runtime.sessions.snapshot(f.sessionId).state).toBe('running')
    expect(f.room.acks.map((a) => a.seq)).toEqual([1, 2, 3])
  })

  it('settles a command for another seat with no effect, and exposes announcements and the start release', async () => {
    f.room.command({ action: 'pause', target: { seats: ['B-07'] } })
    f.room.command({ action: 'announce', message: '30 minutes left' })
    f.room.command({ action: 'release_start', target: { seats: ['A-01'] } })
    await ticks(2)
    expect(f.runtime.sessions.snapshot(f.sessionId).state).toBe('running')
    expect(f.room.acks).toMatchObject([
      { seq: 1, outcome: 'applied', reason: 'not for seat A-01' },
      { seq: 2, outcome: 'applied' },
      { seq: 3, outcome: 'applied' },
    ])
    expect(f.runtime.sessions.roomNotices(f.room.sittingId)).toMatchObject({
      lastCommandSeq: 3,
      startReleased: true,
      announcements: [{ cmdId: 'cmd-2', message: '30 minutes left', staffId: 'p01' }],
    })
    // Announced in the running session's log; the release concerns sessions not yet started.
    expect(roomEvents().map((e) => (e.data.command as { action: string }).action)).toEqual(['announce'])
  })
})
