import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApiResult, SessionView } from '../api/contract'
import { createStationApi, type StationApi } from '../api/stationApi'
import { inProcessRoom, seatedStation, type InProcessRoom, type LinkedStation } from './testing/inProcessRoom'

// A spare PC as the browser host and the Electron app run it: the station API (one candidate desk) over a runtime
// whose room link hands each session moved here to the desk, as hostCommand and shell/main/stationApi wire it.
let room: InProcessRoom

beforeEach(async () => {
  room = await inProcessRoom()
})

afterEach(() => room.close())

async function spareWithApi(): Promise<{ spare: LinkedStation; api: StationApi }> {
  // The link exists before the API over the same runtime, as in the hosts: it reaches the desk once there is one.
  const wired: { api?: StationApi } = {}
  const spare = await room.station(null, {
    onSessionMovedHere: ({ sessionId }) => void wired.api?.takeMovedSession(sessionId),
  })
  const api = createStationApi(spare.runtime, { transport: 'browser-host', appVersion: 'test' })
  wired.api = api
  return { spare, api }
}

async function ok<T>(api: StationApi, method: string, input: unknown = {}): Promise<T> {
  const result = (await api.dispatch(method, input)) as ApiResult<T>
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

describe('a spare station takes over a moved seat for its candidate desk', () => {
  it('the moved session becomes the desk’s, waiting with its seat and answers; the candidate continues it on its own clock', async () => {
    const { a, sessionId } = await seatedStation(room)
    const remainingAtHead = a.runtime.sessions.snapshot(sessionId).remainingMs
    const { spare, api } = await spareWithApi()
    await spare.link.tickOnce()
    expect(await ok(api, 'session.current')).toBeNull()

    room.move(spare.runtime.station.stationId)
    await spare.link.tickOnce()
    expect(spare.link.status().lastError).toBeNull()
    const waiting = await ok<SessionView>(api, 'session.current')
    expect(waiting).toMatchObject({
      sessionId,
      state: 'recovered',
      candidate: { candidateId: 'C-001', name: '陳大文' },
      movedHere: { seat: 'A-01', kept: { answered: 2, total: 2 } },
      time: { remainingMs: remainingAtHead },
      // The candidate goes on at the question they saved last on the dead PC, not at the first.
      position: 'q2',
    })
    expect(waiting.answers.map((answer) => [answer.unitId, answer.response])).toEqual([
      ['q1', true],
      ['q2', 'B'],
    ])
    // The next heartbeat (newer than the dead station's last) tells the room the seat is here, waiting.
    room.kit.clock.advance(1000)
    await spare.link.tickOnce()
    const seat = room.service.status().seats.find((entry) => entry.label === 'A-01')
    expect([seat?.stationId, seat?.status?.state]).toEqual([spare.runtime.station.stationId, 'paused'])

    // The minutes the move took are not the candidate's: the clock starts again only when they continue.
    spare.dir.clock.advance(5 * 60_000)
    expect((await ok<SessionView>(api, 'session.current')).time.remainingMs).toBe(remainingAtHead)
    const continued = await ok<SessionView>(api, 'session.acknowledgeRules')
    expect(continued).toMatchObject({ state: 'running', movedHere: null })
    spare.dir.clock.advance(60_000)
    expect((await ok<{ remainingMs: number }>(api, 'session.tick')).remainingMs).toBe(remainingAtHead - 60_000)
    // The candidate changes an answer given on the other PC: the next revision of the same answer, in the same chain.
    expect(await ok(api, 'session.saveAnswer', { unitId: 'q2', response: 'A' })).toMatchObject({ revision: 2 })
    expect(await ok(api, 'session.submit')).toMatchObject({ state: 'submitted', answeredCount: 2 })
    const record = spare.runtime.sessions.exportRecord(sessionId)
    expect(record.responses.map((answer) => [answer.unitId, answer.response])).toEqual([
      ['q1', true],
      ['q2', 'A'],
    ])
    expect(spare.runtime.sessions.verifyIntegrity(sessionId)).toMatchObject({ ok: true })
  })

  it('a station whose own candidate checked in after the room last saw it free refuses the move and keeps its candidate', async () => {
    const { sessionId } = await seatedStation(room)
    const { spare, api } = await spareWithApi()
    await spare.link.tickOnce()
    const spareId = spare.runtime.station.stationId
    expect(room.service.status().spares).toEqual([spareId])
    room.move(spareId)
    // Between the room's last view and the handover, a candidate is checked in here.
    const own = await ok<SessionView>(api, 'session.checkIn', { candidateId: 'C-009', name: 'Walk In' })
    await spare.link.tickOnce()
    expect(spare.link.status().lastError).toMatch(/has its own candidate/)
    expect(spare.runtime.sessions.sessionHeads().map((head) => head.sessionId)).toEqual([own.sessionId])
    expect(api.takeMovedSession(sessionId)).toBe(false)
    expect(await ok<SessionView>(api, 'session.current')).toMatchObject({ sessionId: own.sessionId, movedHere: null })
    // And the room, hearing of the candidate, no longer offers this station as a spare.
    expect(room.service.status().spares).toEqual([])
  })
})
