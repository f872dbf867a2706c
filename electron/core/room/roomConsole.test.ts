import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import { ADMIN_PASSWORD, PROCTOR_PIN } from '../sitting/testing/sittingKit'
import type {
  RoomConsoleMethod,
  RoomIncidentReportView,
  RoomIncidentView,
  RoomMoveRefusal,
  RoomMoveView,
  RoomSeatStatus,
  RoomStationView,
  RoomStatusView,
} from '../protocol/roomConsoleContract'
import type { SeatStatus } from '../protocol/roomMessages'
import { createRoomConsole, type createRoomConsoleHandlers, type RoomConsoleDispatch } from './roomConsole'
import type { roomConsoleSchemas } from './roomConsoleSchemas'
import { RoomService } from './roomService'
import { openRoomStore } from './roomStore'
import type { Incident, IncidentReport, RoomStatus, SeatMoveView, StationRecord } from './roomTypes'
import type { MoveRefusal } from './seatMoves'
import { roomKit, SimStation, type RoomKit } from './testing/roomKit'

// The console API with a real room: sign-in against the sitting's verifiers, the lockout, and commands under the
// signed-in staff member's own id.
let kit: RoomKit
let room: RoomService
let call: RoomConsoleDispatch

beforeEach(async () => {
  kit = await roomKit()
  const store = openRoomStore(join(mkdtempSync(join(tmpdir(), 'invigil-room-console-')), 'room.db'))
  room = new RoomService({ store, sitting: kit.sitting, roomPrivateKey: kit.roomKey.privateKey, clock: kit.clock })
  call = createRoomConsole({ service: room, sitting: kit.sitting, clock: kit.clock, log: () => undefined })
})

async function signIn(staffId = 'P01', pin = PROCTOR_PIN): Promise<string> {
  const result = await call('room.login', { staffId, pin })
  if (!result.ok) throw new Error(result.error.message)
  return (result.value as { token: string }).token
}

describe('the room console contract', () => {
  it('has one input schema and one handler per method, and pins its copies of the core types', () => {
    expectTypeOf<keyof typeof roomConsoleSchemas>().toEqualTypeOf<RoomConsoleMethod>()
    expectTypeOf<keyof ReturnType<typeof createRoomConsoleHandlers>>().toEqualTypeOf<RoomConsoleMethod>()
    expectTypeOf<SeatStatus>().toEqualTypeOf<RoomSeatStatus>()
    expectTypeOf<StationRecord>().toEqualTypeOf<RoomStationView>()
    expectTypeOf<Incident>().toEqualTypeOf<RoomIncidentView>()
    expectTypeOf<RoomStatus>().toEqualTypeOf<RoomStatusView>()
    expectTypeOf<SeatMoveView>().toEqualTypeOf<RoomMoveView>()
    expectTypeOf<IncidentReport>().toEqualTypeOf<RoomIncidentReportView>()
    expectTypeOf<MoveRefusal>().toEqualTypeOf<RoomMoveRefusal>()
  })
})

describe('signing in', () => {
  it('signs in a proctor by PIN and an admin by password; refuses a wrong PIN and an unknown staff id', async () => {
    const proctor = await call('room.login', { staffId: 'P01', pin: PROCTOR_PIN })
    expect(proctor).toMatchObject({ ok: true, value: { staffId: 'P01', name: 'Ms Chan', role: 'proctor' } })
    expect(await call('room.login', { staffId: 'ADM', pin: ADMIN_PASSWORD })).toMatchObject({ ok: true })
    expect(await call('room.login', { staffId: 'P01', pin: '11112222' })).toMatchObject({
      ok: false,
      error: { code: 'PIN_INVALID' },
    })
    expect(await call('room.login', { staffId: 'X99', pin: PROCTOR_PIN })).toMatchObject({
      ok: false,
      error: { code: 'PIN_INVALID' },
    })
  })

  it('locks a staff id after 5 failures, even under 20 concurrent attempts, and the right PIN waits too', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => call('room.login', { staffId: 'P01', pin: '99990000' })),
    )
    const codes = attempts.map((result) => (result.ok ? 'OK' : result.error.code))
    expect(codes.filter((code) => code === 'PIN_INVALID')).toHaveLength(5)
    expect(codes.filter((code) => code === 'PIN_LOCKED')).toHaveLength(15)
    expect(await call('room.login', { staffId: 'P01', pin: PROCTOR_PIN })).toMatchObject({
      ok: false,
      error: { code: 'PIN_LOCKED', details: { retryAfterMs: 30_000 } },
    })
    // Another staff member is not locked out by P01's failures; P01 may try again once the lockout ends.
    expect(await call('room.login', { staffId: 'ADM', pin: ADMIN_PASSWORD })).toMatchObject({ ok: true })
    kit.clock.advance(30_000)
    expect(await call('room.login', { staffId: 'P01', pin: PROCTOR_PIN })).toMatchObject({ ok: true })
  })

  it('ends the session at logout', async () => {
    const token = await signIn()
    expect(await call('room.logout', { token })).toEqual({ ok: true, value: { loggedOut: true } })
    expect(await call('room.status', { token })).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } })
  })
})

describe('commands and stations', () => {
  it('refuses a command without a token, or with a made-up one', async () => {
    const command = { action: 'pause', target: { all: true }, reason: 'fire alarm' }
    expect(await call('room.command', command)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    expect(await call('room.command', { ...command, token: 'A'.repeat(43) })).toMatchObject({
      ok: false,
      error: { code: 'AUTH_REQUIRED' },
    })
    expect(room.status().commands).toEqual([])
  })

  it("issues a signed-in proctor's command under their staff id, and the status shows it pending for each seat", async () => {
    const token = await signIn()
    const issued = await call('room.command', { token, action: 'pause', target: { all: true }, reason: 'fire alarm' })
    expect(issued).toMatchObject({ ok: true, value: { seq: 1, action: 'pause', target: 'all', staffId: 'P01' } })
    const status = await call('room.status', { token })
    if (!status.ok) throw new Error(status.error.message)
    const view = status.value as RoomStatusView
    expect(view.commands).toMatchObject([{ seq: 1, staffId: 'P01' }])
    expect(view.seats.every((seat) => seat.commands.pending.includes(1))).toBe(true)
  })

  it('refuses a command the sitting does not allow, by its code', async () => {
    const token = await signIn()
    expect(
      await call('room.command', { token, action: 'extend', target: { seats: ['Z-99'] }, minutes: 5, reason: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } })
    expect(await call('room.command', { token, action: 'extend', target: { all: true }, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_COMMAND' },
    })
  })

  it('approves and refuses stations asking to join under the signed-in staff id', async () => {
    const token = await signIn('ADM', ADMIN_PASSWORD)
    const stranger = new SimStation(kit.sitting.payload.id, kit.clock)
    room.join(stranger.join(), { loopback: false })
    expect(await call('room.approveStation', { token, stationId: stranger.stationId })).toMatchObject({
      ok: true,
      value: { admission: 'approved', decidedBy: 'ADM' },
    })
    expect(await call('room.refuseStation', { token, stationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_STATION' },
    })
    expect(await call('room.nothing', { token })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })
})

/** A station that joined with a handover key (as `rehearse --standby` does) and reported the given status. */
function joined(seat: string | null, state: SeatStatus['state'] = 'idle'): SimStation {
  const station = new SimStation(kit.sitting.payload.id, kit.clock)
  const joining = station.envelope('join', { hostname: 'spare-pc', appVersion: '0.1.0', handoverKey: 'K'.repeat(43) })
  room.join(joining, { loopback: false })
  room.approveStation(station.stationId, 'P01')
  const sessionId = state === 'idle' ? null : `ses_${station.stationId}`
  const status = { ...station.heartbeat(seat, {}, sessionId).envelope.message.status, state }
  const beat = room.heartbeat(station.heartbeat(seat, { status }, sessionId), { loopback: false })
  if (!beat.ok) throw new Error(beat.message)
  return station
}

describe('moving a seat from the console (the refusals; the move itself: roomLink/seatMove.test.ts)', () => {
  const move = (over: Record<string, unknown>) => ({ pin: PROCTOR_PIN, seat: 'A-01', reason: 'PC froze', ...over })

  it('lists as spares only admitted idle stations that joined with a handover key', async () => {
    const spare = joined(null)
    joined('A-03', 'running')
    const noKey = new SimStation(kit.sitting.payload.id, kit.clock)
    room.join(noKey.join(), { loopback: false })
    room.approveStation(noKey.stationId, 'P01')
    const status = await call('room.status', { token: await signIn() })
    expect(status).toMatchObject({ ok: true, value: { spares: [spare.stationId], moves: [] } })
  })

  it('refuses a wrong PIN (counted toward the lockout) and moves nothing', async () => {
    const token = await signIn()
    const spare = joined(null)
    joined('A-01', 'running')
    expect(
      await call('room.move', { token, ...move({ toStationId: spare.stationId, pin: '11112222' }) }),
    ).toMatchObject({ ok: false, error: { code: 'PIN_INVALID' } })
    for (let i = 0; i < 4; i++) await call('room.move', { token, ...move({ toStationId: spare.stationId, pin: '0' }) })
    // Five wrong PINs lock the staff id, even for the right PIN, and even while signed in.
    expect(await call('room.move', { token, ...move({ toStationId: spare.stationId }) })).toMatchObject({
      ok: false,
      error: { code: 'PIN_LOCKED' },
    })
    expect(room.status().moves).toEqual([])
  })

  it('refuses without a token, or with a made-up one', async () => {
    const spare = joined(null)
    expect(await call('room.move', move({ toStationId: spare.stationId }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
    expect(await call('room.move', { token: 'A'.repeat(43), ...move({ toStationId: spare.stationId }) })).toMatchObject(
      { ok: false, error: { code: 'AUTH_REQUIRED' } },
    )
  })

  it('refuses a missing or blank reason, and says which field', async () => {
    const token = await signIn()
    const spare = joined(null)
    const withReason = move({ toStationId: spare.stationId })
    const noReason = Object.fromEntries(Object.entries(withReason).filter(([key]) => key !== 'reason'))
    for (const input of [noReason, { ...noReason, reason: '   ' }])
      expect(await call('room.move', { token, ...input })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^reason: /) as string },
      })
    expect(room.status().moves).toEqual([])
  })

  it('refuses by its reason: an unknown spare, a busy spare, a seat without a session, a seat the sitting lacks', async () => {
    const token = await signIn()
    const spare = joined(null)
    const busy = joined('A-03', 'running')
    const refusal = async (over: Record<string, unknown>) => {
      const result = await call('room.move', { token, ...move(over) })
      return result.ok ? 'moved' : [result.error.code, result.error.details?.refusal]
    }
    expect(await refusal({ toStationId: '0123456789abcdef' })).toEqual(['MOVE_REFUSED', 'SPARE_NOT_ADMITTED'])
    expect(await refusal({ toStationId: busy.stationId })).toEqual(['MOVE_REFUSED', 'SPARE_BUSY'])
    expect(await refusal({ toStationId: spare.stationId })).toEqual(['MOVE_REFUSED', 'NO_SESSION'])
    expect(await refusal({ toStationId: spare.stationId, seat: 'Z-99' })).toEqual(['MOVE_REFUSED', 'UNKNOWN_SEAT'])
    // The seat has a session, but the room holds no signed log of it: nothing to hand over yet.
    joined('A-01', 'running')
    expect(await refusal({ toStationId: spare.stationId })).toEqual(['MOVE_REFUSED', 'NO_REPLICA'])
    expect(room.status().moves).toEqual([])
  })
})

describe('incident reports', () => {
  it("keeps a signed-in proctor's report for a seat with who and what was there, and lists it in the status", async () => {
    const token = await signIn()
    const station = joined('A-03', 'running')
    kit.clock.advance(60_000)
    const filed = await call('room.incident', { token, seat: 'A-03', text: '  Candidate spoke to a neighbour.  ' })
    expect(filed).toEqual({
      ok: true,
      value: {
        id: 1,
        seat: 'A-03',
        sessionId: `ses_${station.stationId}`,
        candidateId: 'C-002',
        stationId: station.stationId,
        staffId: 'P01',
        text: 'Candidate spoke to a neighbour.',
        reportedAt: new Date(kit.clock.wallMs()).toISOString(),
      },
    })
    expect(await call('room.incident', { token, seat: 'A-02', text: 'Seat empty: candidate absent.' })).toMatchObject({
      ok: true,
      value: { id: 2, seat: 'A-02', sessionId: null, candidateId: null, stationId: null },
    })
    const status = await call('room.status', { token })
    expect(status.ok && (status.value as RoomStatusView).reports.map((r) => r.seat)).toEqual(['A-03', 'A-02'])
  })

  it('refuses a report without a token, with no text, or for a seat the sitting lacks', async () => {
    const token = await signIn()
    expect(await call('room.incident', { seat: 'A-01', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
    expect(await call('room.incident', { token: 'A'.repeat(43), seat: 'A-01', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH_REQUIRED' },
    })
    expect(await call('room.incident', { token, seat: 'A-01', text: ' \n ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
    expect(await call('room.incident', { token, seat: 'Z-99', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SEAT' },
    })
    expect(room.status().reports).toEqual([])
  })
})
