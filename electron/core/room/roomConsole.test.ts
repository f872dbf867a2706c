import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import { ADMIN_PASSWORD, PROCTOR_PIN } from '../sitting/testing/sittingKit'
import type {
  RoomConsoleMethod,
  RoomIncidentView,
  RoomSeatStatus,
  RoomStationView,
  RoomStatusView,
} from '../protocol/roomConsoleContract'
import type { SeatStatus } from '../protocol/roomMessages'
import { createRoomConsole, type createRoomConsoleHandlers, type RoomConsoleDispatch } from './roomConsole'
import type { roomConsoleSchemas } from './roomConsoleSchemas'
import { RoomService } from './roomService'
import { openRoomStore } from './roomStore'
import type { Incident, RoomStatus, StationRecord } from './roomTypes'
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
