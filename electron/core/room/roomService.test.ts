import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync, sign } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { signStationEnvelope } from '../protocol/roomSignature'
import { verifyRoomCommand } from '../protocol/roomSignature'
import { admissionOnFirstContact } from './admissionRule'
import { RoomKeyError, RoomService } from './roomService'
import { openRoomStore } from './roomStore'
import type { RoomStore } from './roomStore'
import { roomKit, SimSessionLog, SimStation, stationKeys } from './testing/roomKit'
import type { RoomKit } from './testing/roomKit'

// Every protection of the room, shown by performing the attack it stops.
const loopback = { loopback: true }
const lan = { loopback: false }

let kit: RoomKit
let store: RoomStore
let room: RoomService
let listed: SimStation

function freshRoom(k: RoomKit, demo = false): RoomService {
  store = openRoomStore(join(mkdtempSync(join(tmpdir(), 'invigil-room-')), 'room.db'))
  return new RoomService({ store, sitting: k.sitting, roomPrivateKey: k.roomKey.privateKey, clock: k.clock, demo })
}

beforeEach(async () => {
  const keys = stationKeys()
  kit = await roomKit({ stationIds: [keys.stationId] })
  listed = new SimStation(kit.sitting.payload.id, kit.clock, keys)
  room = freshRoom(kit)
})

const ok = <T>(outcome: { ok: true; reply: T } | { ok: false; message: string }): T => {
  if (!outcome.ok) throw new Error(`refused: ${outcome.message}`)
  return outcome.reply
}

describe('admission', () => {
  it('admits a listed station; an unlisted one is pending, gets no commands, until a proctor approves it', () => {
    expect(ok(room.join(listed.join(), lan)).admission).toBe('admitted')
    const stranger = new SimStation(kit.sitting.payload.id, kit.clock)
    expect(ok(room.join(stranger.join(), loopback)).admission).toBe('pending')
    room.issueCommand({ action: 'pause', target: { all: true }, reason: 'fire alarm', staffId: 'P01' })
    const pending = ok(room.heartbeat(stranger.heartbeat('A-02'), loopback))
    expect(pending).toMatchObject({ admission: 'pending', commands: [], want: [] })
    expect(room.status().pending.map((s) => s.stationId)).toEqual([stranger.stationId])
    expect(() => room.approveStation(stranger.stationId, 'nobody')).toThrow(/not named/)
    expect(room.approveStation(stranger.stationId, 'P01').admission).toBe('approved')
    expect(ok(room.heartbeat(stranger.heartbeat('A-02'), loopback)).commands).toHaveLength(1)
    expect(() => room.refuseStation(listed.stationId, 'P01')).toThrow(/listed in the sitting/)
  })

  it('the demo rule: no station list, the room on loopback and the station on loopback, and nothing less', () => {
    const rule = (listedIds: string[] | null, demo: boolean, isLoopback: boolean) =>
      admissionOnFirstContact({ stationId: 'ab', listed: listedIds, demo, loopback: isLoopback }).admission
    expect(rule(null, true, true)).toBe('approved')
    expect(rule(null, true, false)).toBe('pending')
    expect(rule(null, false, true)).toBe('pending')
    expect(rule(['cd'], true, true)).toBe('pending')
    expect(rule(['ab'], false, false)).toBe('listed')
  })

  it('admits a loopback station in demo mode when the sitting lists no stations', async () => {
    const open = await roomKit()
    const demoRoom = freshRoom(open, true)
    const station = new SimStation(open.sitting.payload.id, open.clock)
    expect(ok(demoRoom.join(station.join(), loopback)).admission).toBe('admitted')
    const other = new SimStation(open.sitting.payload.id, open.clock)
    expect(ok(demoRoom.join(other.join(), lan)).admission).toBe('pending')
  })

  it('refuses to serve a sitting that names another room key', () => {
    const other = generateKeyPairSync('ed25519')
    expect(() => new RoomService({ store, sitting: kit.sitting, roomPrivateKey: other.privateKey })).toThrow(
      RoomKeyError,
    )
  })
})

describe('envelopes', () => {
  it('refuses a forged and an edited envelope, and records them', () => {
    const forger = generateKeyPairSync('ed25519')
    const forged = signStationEnvelope(listed.join().envelope, (d) => sign(null, d, forger.privateKey))
    expect(room.join(forged, lan)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' })
    const edited = listed.heartbeat('A-01')
    edited.envelope.message.lastCommandSeq = 99
    expect(room.heartbeat(edited, lan)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' })
    expect(room.status().incidents.map((i) => [i.kind, i.stationId, i.count])).toEqual([
      ['forged_message', listed.stationId, 2],
    ])
    expect(room.status().stations).toEqual([])
  })

  it('refuses a replayed nonce and a stale or future sentAt', () => {
    const beat = listed.heartbeat('A-01')
    ok(room.heartbeat(beat, lan))
    expect(room.heartbeat(beat, lan)).toMatchObject({ ok: false, code: 'REPLAYED' })
    const minutes = (n: number) => new Date(kit.clock.wallMs() + n * 60_000).toISOString()
    expect(
      room.heartbeat(listed.envelope('join', listed.join().envelope.message, { sentAt: minutes(-6) }), lan),
    ).toMatchObject({ ok: false, code: 'MALFORMED' })
    const stale = listed.envelope('heartbeat', beat.envelope.message, { sentAt: minutes(-6) })
    expect(room.heartbeat(stale, lan)).toMatchObject({ ok: false, code: 'STALE' })
    const future = listed.envelope('heartbeat', beat.envelope.message, { sentAt: minutes(6) })
    expect(room.heartbeat(future, lan)).toMatchObject({ ok: false, code: 'STALE' })
    expect(
      ok(room.heartbeat(listed.envelope('heartbeat', beat.envelope.message, { sentAt: minutes(-4) }), lan)),
    ).toMatchObject({ admission: 'admitted' })
    expect(
      room
        .status()
        .incidents.map((i) => i.kind)
        .sort(),
    ).toEqual(['replayed_message', 'stale_message'])
    // Nonces are kept only as long as their envelopes would be accepted.
    kit.clock.advance(11 * 60_000)
    ok(room.heartbeat(listed.heartbeat('A-01'), lan))
    expect(store.db.prepare('SELECT COUNT(*) FROM seen_nonces').pluck().get()).toBe(1)
  })
})

describe('commands', () => {
  it('numbers commands, sends each only to the seats it targets, and is idempotent by cmdId', () => {
    const a01 = room.issueCommand({ action: 'pause', target: { seats: ['A-01'] }, reason: 'noise', staffId: 'P01' })
    const all = room.issueCommand({
      action: 'extend',
      target: { all: true },
      minutes: 10,
      reason: 'late start',
      staffId: 'P01',
      cmdId: 'cmd-extend-1',
    })
    const again = room.issueCommand({
      action: 'extend',
      target: { all: true },
      minutes: 10,
      reason: 'late start',
      staffId: 'P01',
      cmdId: 'cmd-extend-1',
    })
    expect([a01.command.seq, all.command.seq, again.command.seq]).toEqual([1, 2, 2])
    expect(() =>
      room.issueCommand({
        action: 'announce',
        target: { all: true },
        message: 'x',
        reason: 'r',
        staffId: 'P01',
        cmdId: 'cmd-extend-1',
      }),
    ).toThrow(/already used/)
    expect(() => room.issueCommand({ action: 'extend', target: { all: true }, reason: 'r', staffId: 'P01' })).toThrow(
      /needs --minutes/,
    )
    expect(() =>
      room.issueCommand({ action: 'pause', target: { seats: ['Z-99'] }, reason: 'r', staffId: 'P01' }),
    ).toThrow(/no seat Z-99/)

    const atA01 = ok(room.heartbeat(listed.heartbeat('A-01'), lan)).commands
    expect(atA01.map((c) => c.command.seq)).toEqual([1, 2])
    for (const signed of atA01)
      expect(verifyRoomCommand(signed, kit.roomKey.publicKey, kit.sitting.payload.id).cmdId).toBe(signed.command.cmdId)
    expect(ok(room.heartbeat(listed.heartbeat('A-02'), lan)).commands.map((c) => c.command.seq)).toEqual([2])
    const acked = listed.heartbeat('A-01', {
      lastCommandSeq: 1,
      acks: [{ cmdId: a01.command.cmdId, seq: 1, outcome: 'applied', at: new Date(kit.clock.wallMs()).toISOString() }],
    })
    expect(ok(room.heartbeat(acked, lan)).commands.map((c) => c.command.seq)).toEqual([2])
    const seat = room.status().seats.find((s) => s.label === 'A-01')
    expect(seat).toMatchObject({ stationId: listed.stationId, candidate: { candidateId: 'C-001' } })
    expect(seat?.commands).toEqual({ applied: 1, refused: 0, pending: [2], late: [] })
  })
})

describe('session replicas', () => {
  function started(): SimSessionLog {
    const log = new SimSessionLog('ses_room_1')
    log.append('session_created', { session: log.sessionId })
    log.append('started')
    log.answer('q1')
    log.answer('q2')
    log.answer('q1')
    return log
  }

  it('asks for what it lacks and accepts a shipment that extends its replica exactly', () => {
    ok(room.join(listed.join(), lan))
    const log = started()
    expect(ok(room.heartbeat(listed.heartbeat('A-01', { heads: [log.head] }), lan)).want).toEqual([
      { sessionId: log.sessionId, fromSeq: 1 },
    ])
    expect(ok(room.log(listed.envelope('log', log.shipment(1, 3)), lan))).toMatchObject({ heldSeq: 3 })
    expect(ok(room.heartbeat(listed.heartbeat('A-01', { heads: [log.head] }), lan)).want).toEqual([
      { sessionId: log.sessionId, fromSeq: 4 },
    ])
    expect(ok(room.log(listed.envelope('log', log.shipment(4)), lan))).toEqual({
      sessionId: log.sessionId,
      heldSeq: 5,
      heldHash: log.head.hash,
    })
    // The same shipment again (its reply was lost) is no incident.
    expect(ok(room.log(listed.envelope('log', log.shipment(4)), lan)).heldSeq).toBe(5)
    expect(store.replicas.sealedRows(log.sessionId)).toHaveLength(3)
    expect(room.status().incidents).toEqual([])
  })

  it('refuses and records a shipment that skips a seq, rewrites a line, or carries a row unlike its event', () => {
    ok(room.join(listed.join(), lan))
    const log = started()
    ok(room.log(listed.envelope('log', log.shipment(1, 2)), lan))

    const skipped = room.log(listed.envelope('log', log.shipment(4)), lan)
    expect(skipped).toMatchObject({ ok: false, code: 'LOG_REFUSED', message: /must start at 3/ })

    const rewritten = log.shipment(3)
    rewritten.lines[1] = rewritten.lines[1]?.replace('"q2"', '"q9"') ?? ''
    expect(room.log(listed.envelope('log', rewritten), lan)).toMatchObject({ ok: false, message: /rewritten/ })

    const swapped = log.shipment(3)
    const first = swapped.sealedAnswers[0]
    if (first) first.ciphertext = swapped.sealedAnswers[1]?.ciphertext ?? ''
    expect(room.log(listed.envelope('log', swapped), lan)).toMatchObject({
      ok: false,
      message: /does not match the digest/,
    })

    const missing = { ...log.shipment(3), sealedAnswers: [] }
    expect(room.log(listed.envelope('log', missing), lan)).toMatchObject({ ok: false, message: /missing/ })

    expect(store.replicas.replica(log.sessionId)?.headSeq).toBe(2)
    expect(room.status().incidents.filter((i) => i.kind === 'log_refused')).toHaveLength(4)
  })

  it('reports a rolled-back head: an older seq, or another hash at a seq the room holds', () => {
    ok(room.join(listed.join(), lan))
    const log = started()
    ok(room.log(listed.envelope('log', log.shipment(1)), lan))
    const older = { sessionId: log.sessionId, seq: 3, hash: log.hashes[2] ?? '' }
    ok(room.heartbeat(listed.heartbeat('A-01', { heads: [older] }), lan))
    const forked = { ...log.head, hash: 'f'.repeat(64) }
    ok(room.heartbeat(listed.heartbeat('A-01', { heads: [forked] }), lan))
    ok(room.heartbeat(listed.heartbeat('A-01', { heads: [log.head] }), lan))
    expect(room.status().incidents.map((i) => [i.kind, i.sessionId, i.detail])).toEqual([
      ['rolled_back', log.sessionId, 'behind by 2 events: reported head seq 3, the room holds 5'],
      ['rolled_back', log.sessionId, 'reported another hash at seq 5'],
    ])
  })

  it('refuses a log from a station that is not admitted', () => {
    const stranger = new SimStation(kit.sitting.payload.id, kit.clock)
    expect(room.log(stranger.envelope('log', started().shipment(1)), lan)).toMatchObject({
      ok: false,
      code: 'NOT_ADMITTED',
    })
  })
})
