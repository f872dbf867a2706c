import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseEventLine } from '../base/eventChain'
import type { ApiResult, RoomNoticesView, SessionView } from '../api/contract'
import { createStationApi, type StationApi } from '../api/stationApi'
import type { RoomCommand } from '../protocol/roomMessages'
import { IN_WINDOW_MS } from '../room/testing/roomKit'
import { installSitting } from '../runtime/installSitting'
import { signRoomCommand } from '../protocol/roomSignature'
import { inProcessRoom, type InProcessRoom, type LinkedStation } from './testing/inProcessRoom'

// What the room's announce and release_start reach on a candidate's screen: the station API (as the browser host and
// the kiosk compose it) over a runtime with the sitting installed and a link to a real room service.
let room: InProcessRoom

beforeEach(async () => {
  room = await inProcessRoom()
})

afterEach(() => room.close())

const ANN = { candidateId: 'C-001', name: '陳大文' }

/** A station whose seat is its checked-in candidate's (A-01 for C-001), as sittingRoomLink gives it. */
async function linkedStation(linked = true): Promise<{ station: LinkedStation; api: StationApi }> {
  const seat = { now: null as string | null }
  const station = await room.station(null, { seat: () => seat.now })
  // The whole sitting (record, seated roster), installed within its window as an admin would.
  station.runtime.admin.authorities.add(room.kit.authorityPublicKeyPem)
  station.dir.clock.jumpWall(IN_WINDOW_MS - station.dir.clock.wallMs())
  await installSitting(station.runtime, room.kit.text)
  const api = createStationApi(station.runtime, {
    transport: 'browser-host',
    appVersion: 'test',
    ...(linked ? { roomLinked: () => true } : {}),
  })
  const checkIn = api.dispatch.bind(api)
  // The seat follows the check-in, as the roster gives it.
  const dispatch: StationApi['dispatch'] = async (method, input) => {
    const result = await checkIn(method, input)
    if (method === 'session.checkIn' && result.ok) seat.now = 'A-01'
    return result
  }
  return { station, api: { ...api, dispatch } }
}

async function call<T>(api: StationApi, method: string, input: unknown = {}): Promise<ApiResult<T>> {
  return (await api.dispatch(method, input)) as ApiResult<T>
}

async function ok<T>(api: StationApi, method: string, input: unknown = {}): Promise<T> {
  const result = await call<T>(api, method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

const issue = (over: Partial<RoomCommand> & Pick<RoomCommand, 'action'>) =>
  room.service.issueCommand({ target: { all: true }, reason: 'for the test', staffId: 'P01', ...over })

describe("the room's announcements on the candidate's screen", () => {
  it('a signed announce applied on the station shows in the candidate view, newest first, message and time only', async () => {
    const { station, api } = await linkedStation()
    await station.link.tickOnce()
    const first = issue({ action: 'announce', message: 'Calculators away, please.' })
    await station.link.tickOnce()
    // Before check-in too: the welcome screen shows it.
    expect(await ok<RoomNoticesView>(api, 'station.roomNotices')).toEqual({
      linked: true,
      startReleased: false,
      announcements: [{ id: first.command.cmdId, message: 'Calculators away, please.', at: first.command.issuedAt }],
    })
    await ok(api, 'session.checkIn', ANN)
    room.kit.clock.advance(60_000)
    const second = issue({ action: 'announce', message: '30 minutes left', target: { seats: ['A-01'] } })
    issue({ action: 'announce', message: 'For another seat', target: { seats: ['B-01'] } })
    await station.link.tickOnce()
    const notices = await ok<RoomNoticesView>(api, 'station.roomNotices')
    expect(notices.announcements.map((a) => a.id)).toEqual([second.command.cmdId, first.command.cmdId])
    // Nothing a candidate need not see: no staff id, reason or signature.
    expect(JSON.stringify(notices)).not.toMatch(/P01|for the test|signature/)
  })

  it('a forged or unsigned announce or release is not shown and releases nothing', async () => {
    const { station, api } = await linkedStation()
    await ok(api, 'session.checkIn', ANN)
    await station.link.tickOnce()
    const genuine = issue({ action: 'announce', message: 'real' })
    const trust = { roomKey: room.kit.roomKey.publicKey, sittingId: room.kit.sitting.payload.id, seat: 'A-01' }
    const forger = generateKeyPairSync('ed25519')
    const forgedAnnounce = { ...genuine.command, cmdId: 'forged-1', seq: 90, message: 'Leave the room now' }
    const forgedRelease = { ...genuine.command, cmdId: 'forged-2', seq: 91, action: 'release_start' as const }
    const runtime = station.runtime
    for (const command of [forgedAnnounce, forgedRelease])
      expect(runtime.sessions.applyRoomCommand(signRoomCommand(command, forger.privateKey), trust)).toMatchObject({
        outcome: 'refused',
      })
    expect(runtime.sessions.applyRoomCommand({ command: forgedAnnounce }, trust)).toMatchObject({ outcome: 'refused' })
    // The room's own signature moved onto an edited command does not verify either.
    const edited = { command: { ...genuine.command, message: 'Leave the room now' }, signature: genuine.signature }
    expect(runtime.sessions.applyRoomCommand(edited, trust)).toMatchObject({ outcome: 'refused' })
    expect(await ok<RoomNoticesView>(api, 'station.roomNotices')).toEqual({
      linked: true,
      startReleased: false,
      announcements: [],
    })
    expect(await call(api, 'session.acknowledgeRules')).toMatchObject({
      ok: false,
      error: { code: 'START_NOT_RELEASED' },
    })
  })
})

describe('the start waits for the room’s release', () => {
  it('refuses the start before release_start and allows it after, with nothing started in between', async () => {
    const { station, api } = await linkedStation()
    const view = await ok<SessionView>(api, 'session.checkIn', ANN)
    await station.link.tickOnce()
    expect(await call(api, 'session.acknowledgeRules')).toMatchObject({
      ok: false,
      error: { code: 'START_NOT_RELEASED' },
    })
    const events = () => station.runtime.sessions.logChunk(view.sessionId, 1, 1000).lines.map(parseEventLine)
    expect(station.runtime.sessions.snapshot(view.sessionId).state).toBe('checked_in')
    expect(events().some((e) => e.type === 'started')).toBe(false)

    issue({ action: 'release_start' })
    await station.link.tickOnce()
    expect((await ok<RoomNoticesView>(api, 'station.roomNotices')).startReleased).toBe(true)
    expect(await ok<SessionView>(api, 'session.acknowledgeRules')).toMatchObject({ state: 'running' })
    // The release is in the session's signed log, ahead of the start it allowed.
    const types = events().map((e) =>
      e.type === 'room_command' ? `room_command:${String((e.data.command as RoomCommand).action)}` : e.type,
    )
    expect(types.indexOf('room_command:release_start')).toBeGreaterThan(-1)
    expect(types.indexOf('room_command:release_start')).toBeLessThan(types.indexOf('started'))
  })

  it('a release for the seat, sent before its candidate checked in, reaches it once the seat fills', async () => {
    const { station, api } = await linkedStation()
    issue({ action: 'release_start', target: { seats: ['B-01'] } })
    issue({ action: 'release_start', target: { seats: ['A-01'] } })
    await station.link.tickOnce()
    expect((await ok<RoomNoticesView>(api, 'station.roomNotices')).startReleased).toBe(false)
    await ok(api, 'session.checkIn', ANN)
    await station.link.tickOnce()
    expect(await ok<SessionView>(api, 'session.acknowledgeRules')).toMatchObject({ state: 'running' })
  })

  it('a release for another seat only does not release this one', async () => {
    const { station, api } = await linkedStation()
    await ok(api, 'session.checkIn', ANN)
    issue({ action: 'release_start', target: { seats: ['B-01'] } })
    issue({ action: 'announce', message: 'settles the B-01 release here', target: { all: true } })
    await station.link.tickOnce()
    await station.link.tickOnce()
    expect((await ok<RoomNoticesView>(api, 'station.roomNotices')).announcements).toHaveLength(1)
    expect(await call(api, 'session.acknowledgeRules')).toMatchObject({
      ok: false,
      error: { code: 'START_NOT_RELEASED' },
    })
  })

  it('a station without a room link starts as before, with the sitting installed too', async () => {
    const { api } = await linkedStation(false)
    expect(await ok<RoomNoticesView>(api, 'station.roomNotices')).toEqual({
      linked: false,
      startReleased: true,
      announcements: [],
    })
    await ok(api, 'session.checkIn', ANN)
    expect(await ok<SessionView>(api, 'session.acknowledgeRules')).toMatchObject({ state: 'running' })
  })

  it("the room down: the station's proctor lets the candidate start here, with PIN and reason in the signed log", async () => {
    const { station, api } = await linkedStation()
    await station.runtime.admin.credentials.setUp('station admin password', '482913')
    const view = await ok<SessionView>(api, 'session.checkIn', ANN)
    const proctor = await ok<{ token: string }>(api, 'proctor.login', { pin: '482913' })
    const held = await ok<{ session: { startHeld: boolean } }>(api, 'proctor.status', { token: proctor.token })
    expect(held.session.startHeld).toBe(true)
    // The candidate's own screen cannot release it: no proctor token, no release; nor can it without a reason.
    expect(await call(api, 'proctor.releaseStart', { token: 'x'.repeat(43), reason: 'room PC down' })).toMatchObject({
      ok: false,
    })
    expect(await call(api, 'proctor.releaseStart', { token: proctor.token, reason: ' ' })).toMatchObject({ ok: false })
    expect(await call(api, 'session.acknowledgeRules')).toMatchObject({
      ok: false,
      error: { code: 'START_NOT_RELEASED' },
    })

    const released = await ok<{ session: { startHeld: boolean } }>(api, 'proctor.releaseStart', {
      token: proctor.token,
      reason: 'room PC down',
    })
    expect(released.session.startHeld).toBe(false)
    expect((await ok<RoomNoticesView>(api, 'station.roomNotices')).startReleased).toBe(true)
    expect(await ok<SessionView>(api, 'session.acknowledgeRules')).toMatchObject({ state: 'running' })
    const auth = station.runtime.admin.eventsOf(view.sessionId, ['proctor_auth']).map((event) => event.data)
    expect(auth).toEqual([expect.objectContaining({ action: 'release_start', outcome: 'ok', reason: 'room PC down' })])
    // Released once, for this session: a second release is refused.
    expect(await call(api, 'proctor.releaseStart', { token: proctor.token, reason: 'again' })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    })
  })
})
