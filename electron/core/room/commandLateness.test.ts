import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appliedLateBySeconds, LATE_AFTER_MS } from './commandLateness'
import { RoomService } from './roomService'
import { openRoomStore, type RoomStore } from './roomStore'
import { roomKit, SimStation, stationKeys, type RoomKit } from './testing/roomKit'

const ISSUED = '2026-11-23T01:10:00.000Z'
const after = (ms: number): string => new Date(Date.parse(ISSUED) + ms).toISOString()

describe('appliedLateBySeconds', () => {
  it('is on time up to the bound and late past it, in whole seconds', () => {
    expect(appliedLateBySeconds(ISSUED, { at: after(1500), receivedAt: after(1600) })).toBeNull()
    expect(appliedLateBySeconds(ISSUED, { at: after(LATE_AFTER_MS), receivedAt: after(LATE_AFTER_MS) })).toBeNull()
    expect(appliedLateBySeconds(ISSUED, { at: after(LATE_AFTER_MS + 1), receivedAt: after(LATE_AFTER_MS + 5) })).toBe(
      10,
    )
    expect(appliedLateBySeconds(ISSUED, { at: after(200_400), receivedAt: after(201_000) })).toBe(200)
  })

  it('takes the earlier of the station’s time and the room’s receipt', () => {
    // A station clock running 5 minutes fast does not make an on-time command late.
    expect(appliedLateBySeconds(ISSUED, { at: after(300_000 + 1000), receivedAt: after(1200) })).toBeNull()
    // Applied on time, its acknowledgement held back by a network cut: not late either.
    expect(appliedLateBySeconds(ISSUED, { at: after(900), receivedAt: after(600_000) })).toBeNull()
    // Unreadable times are never called late.
    expect(appliedLateBySeconds(ISSUED, { at: 'yesterday', receivedAt: after(60_000) })).toBeNull()
  })
})

describe('room status marks a seat that applied a command late', () => {
  let kit: RoomKit
  let store: RoomStore
  beforeEach(async () => {
    kit = await roomKit()
    store = openRoomStore(':memory:')
  })
  afterEach(() => store.close())

  it('a station away when pause was issued, applying it 3 min 20 s later, is late; one that heard it at once is not', () => {
    const room = new RoomService({
      store,
      sitting: kit.sitting,
      roomPrivateKey: kit.roomKey.privateKey,
      clock: kit.clock,
      demo: true,
    })
    const onTime = new SimStation(kit.sitting.payload.id, kit.clock, stationKeys())
    const away = new SimStation(kit.sitting.payload.id, kit.clock, stationKeys())
    for (const station of [onTime, away]) room.join(station.join(), { loopback: true })
    const { command } = room.issueCommand({
      action: 'pause',
      target: { all: true },
      reason: 'fire alarm',
      staffId: 'P01',
    })
    const ack = () => [
      {
        cmdId: command.cmdId,
        seq: command.seq,
        outcome: 'applied' as const,
        at: new Date(kit.clock.wallMs()).toISOString(),
      },
    ]
    kit.clock.advance(1000)
    room.heartbeat(onTime.heartbeat('A-01', { lastCommandSeq: 1, acks: ack() }), { loopback: true })
    kit.clock.advance(199_000)
    room.heartbeat(away.heartbeat('A-02', { lastCommandSeq: 1, acks: ack() }), { loopback: true })
    const seats = room.status().seats
    expect(seats.find((s) => s.label === 'A-01')?.commands).toEqual({ applied: 1, refused: 0, pending: [], late: [] })
    expect(seats.find((s) => s.label === 'A-02')?.commands).toEqual({
      applied: 1,
      refused: 0,
      pending: [],
      late: [{ seq: command.seq, lateBySeconds: 200 }],
    })
  })
})
