import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessRoom, seatedStation, type InProcessRoom } from '../roomLink/testing/inProcessRoom'
import { RoomService } from './roomService'
import { openRoomStore, type RoomStore } from './roomStore'
import { MAX_REPORTED_HEADS } from './rollbackWatch'
import { roomKit, SimSessionLog, SimStation, stationKeys, type RoomKit } from './testing/roomKit'

// The room holds the newest head of every session, so a station that comes back with an older copy of its
// database, or without a session, is flagged on the console: performed here with a simulated station, and a real
// seat move shown not to be mistaken for one.
const lan = { loopback: false }
let kit: RoomKit
let store: RoomStore
let room: RoomService
let station: SimStation

beforeEach(async () => {
  const keys = stationKeys()
  kit = await roomKit({ stationIds: [keys.stationId] })
  station = new SimStation(kit.sitting.payload.id, kit.clock, keys)
  store = openRoomStore(':memory:')
  room = new RoomService({ store, sitting: kit.sitting, roomPrivateKey: kit.roomKey.privateKey, clock: kit.clock })
  ok(room.join(station.join(), lan))
})

afterEach(() => store.close())

const ok = <T>(outcome: { ok: true; reply: T } | { ok: false; message: string }): T => {
  if (!outcome.ok) throw new Error(`refused: ${outcome.message}`)
  return outcome.reply
}

/** A session at A-01 whose five events the room holds, as the station reported and shipped them. */
function heldAtA01(log = new SimSessionLog('ses_rb_1')): SimSessionLog {
  log.append('session_created', { session: log.sessionId })
  log.append('started')
  log.answer('q1')
  log.answer('q2')
  log.answer('q3')
  ok(room.heartbeat(station.heartbeat('A-01', { heads: [log.head] }, log.sessionId), lan))
  ok(room.log(station.envelope('log', log.shipment(1)), lan))
  return log
}

const flags = () => room.status().stations.find((s) => s.stationId === station.stationId)?.rollbacks ?? []
const seatFlags = (label: string) => room.status().seats.find((s) => s.label === label)?.rollbacks ?? []
const rolledBackIncidents = () => room.status().incidents.filter((i) => i.kind === 'rolled_back')

describe('a station rolled back, or without a session the room holds for it', () => {
  it('reports an older head: flagged behind by N events on its station and seat, once, until it shows the head again', () => {
    const log = heldAtA01()
    const older = { sessionId: log.sessionId, seq: 3, hash: log.hashes[2] ?? '' }
    for (let beat = 0; beat < 3; beat++) {
      kit.clock.advance(2000)
      ok(room.heartbeat(station.heartbeat('A-01', { heads: [older] }, log.sessionId), lan))
    }
    expect(flags()).toEqual([
      expect.objectContaining({
        sessionId: log.sessionId,
        kind: 'behind',
        seat: 'A-01',
        heldSeq: 5,
        reportedSeq: 3,
        behindBy: 2,
      }),
    ])
    expect(seatFlags('A-01')).toEqual(flags())
    // One incident for the rollback, not one per heartbeat.
    expect(rolledBackIncidents().map((i) => [i.detail, i.count])).toEqual([
      ['behind by 2 events: reported head seq 3, the room holds 5', 1],
    ])
    // The station's own log ends where the room's does again (the right copy restored): the flag goes.
    ok(room.heartbeat(station.heartbeat('A-01', { heads: [log.head] }, log.sessionId), lan))
    expect(flags()).toEqual([])
  })

  it('reports no head for a session the room holds: flagged at the seat it was last seen at', () => {
    const log = heldAtA01()
    // The database lost the session: the station comes back idle, with no seat and no heads.
    ok(room.heartbeat(station.heartbeat(null, { heads: [] }), lan))
    expect(flags()).toEqual([
      expect.objectContaining({
        sessionId: log.sessionId,
        kind: 'no_head',
        seat: 'A-01',
        heldSeq: 5,
        reportedSeq: null,
      }),
    ])
    expect(seatFlags('A-01').map((f) => f.kind)).toEqual(['no_head'])
    expect(rolledBackIncidents().map((i) => i.detail)).toEqual([
      `no head for session ${log.sessionId}: the room holds 5 events of it`,
    ])
  })

  it('a forked head that then runs ahead stays flagged until a shipment extends the room’s chain', () => {
    const log = heldAtA01()
    const fork = new SimSessionLog(log.sessionId)
    for (let i = 0; i < 7; i++) fork.append('flagged', { item: `q${String(i)}` })
    ok(
      room.heartbeat(station.heartbeat('A-01', { heads: [{ ...fork.head, seq: 5, hash: fork.hashes[4] ?? '' }] }), lan),
    )
    expect(flags().map((f) => f.kind)).toEqual(['forked'])
    // Ahead of the room now: its shipment from 6 does not chain onto the room's 5, so the flag stays.
    ok(room.heartbeat(station.heartbeat('A-01', { heads: [fork.head] }, log.sessionId), lan))
    expect(room.log(station.envelope('log', fork.shipment(6)), lan)).toMatchObject({ ok: false })
    expect(flags().map((f) => f.kind)).toEqual(['forked'])
    // The genuine continuation does chain onto it: the station holds the room's head after all.
    log.answer('q4')
    ok(room.log(station.envelope('log', log.shipment(6)), lan))
    expect(flags()).toEqual([])
  })

  it('does not flag a session the station exported (it may purge it), nor past the heads a heartbeat lists', () => {
    const log = heldAtA01()
    log.append('submitted')
    log.append('exported')
    ok(room.log(station.envelope('log', log.shipment(6)), lan))
    ok(room.heartbeat(station.heartbeat(null, { heads: [] }), lan))
    expect(flags()).toEqual([])

    const other = heldAtA01(new SimSessionLog('ses_rb_2'))
    const many = Array.from({ length: MAX_REPORTED_HEADS }, (_, i) => ({
      sessionId: `ses_many_${String(i)}`,
      seq: 1,
      hash: other.hashes[0] ?? '',
    }))
    ok(room.heartbeat(station.heartbeat(null, { heads: many }), lan))
    expect(flags()).toEqual([])
    ok(room.heartbeat(station.heartbeat(null, { heads: [] }), lan))
    expect(flags().map((f) => [f.sessionId, f.kind])).toEqual([[other.sessionId, 'no_head']])
  })
})

describe('a seat moved to a spare is no rollback', () => {
  let linked: InProcessRoom
  beforeEach(async () => {
    linked = await inProcessRoom()
  })
  afterEach(() => linked.close())

  it('neither the spare (before and after it takes the session) nor the station it left is flagged', async () => {
    const { a, sessionId } = await seatedStation(linked)
    const spare = await linked.station(null)
    await spare.link.tickOnce()
    linked.move(spare.runtime.station.stationId)
    // The spare's heartbeat before the takeover lists no head for the session the room now holds for it.
    await spare.link.tickOnce()
    linked.kit.clock.advance(1000)
    await spare.link.tickOnce()
    expect(spare.runtime.sessions.sessionHeads().map((h) => h.sessionId)).toEqual([sessionId])
    await a.link.tickOnce()
    const status = linked.service.status()
    expect(status.stations.flatMap((s) => s.rollbacks)).toEqual([])
    expect(status.seats.flatMap((s) => s.rollbacks)).toEqual([])
    expect(status.incidents.filter((i) => i.kind === 'rolled_back')).toEqual([])
  })
})
