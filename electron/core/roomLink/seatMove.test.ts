import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { eventLine, parseEventLine } from '../base/eventChain'
import { verifyBundle } from '../bundle/bundleVerifier'
import { checkMovedSessions } from '../bundle/movedSessions'
import type { RoomStore } from '../room/roomStore'
import { createRoomConsole } from '../room/roomConsole'
import type { RoomService } from '../room/roomService'
import { PROCTOR_PIN } from '../sitting/testing/sittingKit'
import type { RoomKit } from '../room/testing/roomKit'
import { inProcessRoom, seatedStation, type InProcessRoom } from './testing/inProcessRoom'

// A seat moved to a spare PC, in process: a real room service and two real station runtimes with their links, the
// transport calling the service as the room server would. The spawned version is test/roomMove.test.ts.
let room: InProcessRoom
let kit: RoomKit
let store: RoomStore
let service: RoomService

beforeEach(async () => {
  room = await inProcessRoom()
  ;({ kit, store, service } = room)
})

afterEach(() => room.close())

const station = (seat: string | null) => room.station(seat)
/** Station A sits seat A-01 and saves two answers; everything reaches the room. */
const seatedA = (seat?: string, candidate?: { candidateId: string; name: string }) =>
  seatedStation(room, seat, candidate)
const move = (toStationId: string, seat?: string) => room.move(toStationId, seat)

describe('moving a seat to a spare PC', () => {
  it('the spare continues the same session with every answer, the chain and the time, and the room sees it there', async () => {
    const { a, sessionId } = await seatedA()
    const spare = await station(null)
    kit.clock.advance(1000)
    await spare.link.tickOnce()
    const order = move(spare.runtime.station.stationId)
    expect(order).toMatchObject({ sessionId, fromStationId: a.runtime.station.stationId, seat: 'A-01' })
    await spare.link.tickOnce()
    expect(spare.link.status().lastError).toBeNull()
    expect(spare.link.currentSeat()).toBe('A-01')
    const moved = spare.runtime.sessions.snapshot(sessionId)
    expect(moved.state).toBe('recovered')
    expect(moved.candidate).toEqual({ candidateId: 'C-001', name: '陳大文' })
    expect(moved.answers.map((answer) => [answer.unitId, answer.response])).toEqual([
      ['q1', true],
      ['q2', 'B'],
    ])
    spare.runtime.sessions.start(sessionId)
    spare.runtime.sessions.saveAnswer(sessionId, 'q2', 'A')
    await spare.link.tickOnce()
    await spare.link.tickOnce()
    // The room's replica is now the spare's, and it holds the move and the answer saved after it.
    const held = store.replicas.replica(sessionId)
    expect(held?.stationId).toBe(spare.runtime.station.stationId)
    const types = store.replicas.lines(sessionId).map((line) => parseEventLine(line.line).type)
    expect(types.slice(-3)).toEqual(['session_moved', 'started', 'answer_saved'])
    expect(service.status().seats.find((seat) => seat.label === 'A-01')?.stationId).toBe(
      spare.runtime.station.stationId,
    )
    expect(spare.runtime.sessions.verifyIntegrity(sessionId)).toMatchObject({ ok: true })
  })

  it('the old station, back from the dead, cannot add to the moved session: the room refuses and reports it', async () => {
    const { a, sessionId } = await seatedA()
    const spare = await station(null)
    await spare.link.tickOnce()
    move(spare.runtime.station.stationId)
    a.runtime.sessions.saveAnswer(sessionId, 'q2', 'A')
    await a.link.tickOnce()
    await a.link.tickOnce()
    const incidents = store.incidents().filter((i) => i.stationId === a.runtime.station.stationId)
    expect(incidents.map((i) => i.kind)).toContain('log_refused')
    expect(
      store.replicas
        .lines(sessionId)
        .map((line) => line.line)
        .join('\n'),
    ).not.toContain('"revision":2')
  })

  it('refuses to move to a station the room has not admitted, or one with its own candidate', async () => {
    await seatedA()
    expect(() => move('0123456789abcdef')).toThrow(/not admitted/)
    const busy = await station('A-02')
    const other = busy.runtime.beginSession({ candidateId: 'C-002', name: 'Ann Lee' })
    busy.runtime.sessions.start(other.sessionId)
    await busy.link.tickOnce()
    expect(() => move(busy.runtime.station.stationId)).toThrow(/its own candidate/)
  })

  it('the console moves a seat under the signed-in proctor after the PIN again; the status follows it to taken', async () => {
    const { a, sessionId } = await seatedA()
    const spare = await station(null)
    await spare.link.tickOnce()
    const call = createRoomConsole({ service, sitting: kit.sitting, clock: kit.clock, log: () => undefined })
    const login = await call('room.login', { staffId: 'P01', pin: PROCTOR_PIN })
    if (!login.ok) throw new Error(login.error.message)
    const { token } = login.value as { token: string }
    const toStationId = spare.runtime.station.stationId
    expect((await call('room.status', { token })).ok && service.status().spares).toEqual([toStationId])
    const moved = await call('room.move', { token, pin: PROCTOR_PIN, seat: 'A-01', toStationId, reason: 'PC froze' })
    expect(moved).toMatchObject({
      ok: true,
      value: {
        seat: 'A-01',
        sessionId,
        fromStationId: a.runtime.station.stationId,
        toStationId,
        staffId: 'P01',
        reason: 'PC froze',
        state: 'handing_over',
        takenAt: null,
      },
    })
    kit.clock.advance(1000)
    await spare.link.tickOnce()
    await spare.link.tickOnce()
    expect(service.status().moves).toMatchObject([{ seat: 'A-01', state: 'taken' }])
    expect(spare.runtime.sessions.snapshot(sessionId).answers).toHaveLength(2)
    // The same seat again, now that the spare holds it: nothing to move from the dead station any more.
    const again = await call('room.move', { token, pin: PROCTOR_PIN, seat: 'A-01', toStationId, reason: 'again' })
    expect(again).toMatchObject({ ok: false, error: { code: 'MOVE_REFUSED', details: { refusal: 'SAME_STATION' } } })
  })

  it('refuses a spare already taking over one seat as the target of a second move, before and after it takes it', async () => {
    await seatedA()
    await seatedA('A-03', { candidateId: 'C-002', name: 'Ann Lee' })
    const spare = await station(null)
    await spare.link.tickOnce()
    const spareId = spare.runtime.station.stationId
    move(spareId, 'A-01')
    expect(service.status().spares).toEqual([])
    expect(() => move(spareId, 'A-03')).toThrow(/already taking over seat A-01/)
    // Taken over: the next heartbeat reports the moved session, waiting for the candidate (paused).
    await spare.link.tickOnce()
    expect(spare.link.currentSeat()).toBe('A-01')
    expect(() => move(spareId, 'A-03')).toThrow(/already taking over seat A-01/)
    await spare.link.tickOnce()
    expect(service.status().moves.map((m) => [m.seat, m.state])).toEqual([['A-01', 'taken']])
    expect(() => move(spareId, 'A-03')).toThrow(/has its own candidate/)
    expect(store.moves.moves().map((m) => m.order.seat)).toEqual(['A-01'])
  })

  it('a spare takes nothing the room did not sign, or whose head the old station did not sign', async () => {
    const { sessionId } = await seatedA()
    const spare = await station(null)
    await spare.link.tickOnce()
    move(spare.runtime.station.stationId)
    room.rewriteHandover = (handover) => {
      const order = handover.order as { reason: string }
      order.reason = 'forged by the network'
    }
    await spare.link.tickOnce()
    expect(spare.link.status().lastError).toMatch(/not signed by this sitting's room/)
    room.rewriteHandover = (handover) => {
      const head = handover.head as { allowedMs: number }
      head.allowedMs += 60 * 60_000 // an hour the old station never gave
    }
    await spare.link.tickOnce()
    expect(spare.link.status().lastError).toMatch(/head is not signed by station/)
    expect(spare.runtime.sessions.sessionHeads()).toEqual([])
    expect(spare.link.currentSeat()).toBeNull()
    room.rewriteHandover = undefined
    await spare.link.tickOnce()
    expect(spare.runtime.sessions.snapshot(sessionId).answers).toHaveLength(2)
  })

  it("the spare's bundle verifies across both stations' keys, in Invigil and with openssl alone; a forged head does not", async () => {
    const { sessionId } = await seatedA()
    const spare = await station(null)
    kit.clock.advance(1000)
    await spare.link.tickOnce()
    move(spare.runtime.station.stationId)
    await spare.link.tickOnce()
    spare.runtime.sessions.start(sessionId)
    spare.runtime.sessions.submit(sessionId, 'candidate')
    const bundle = await spare.runtime.exportBundle(sessionId, join(spare.dir.dir, 'out'))
    const verified = await verifyBundle(readFileSync(bundle.file))
    expect(verified).toMatchObject({ ok: true })
    const keyFile = join(spare.dir.dir, 'spare.pem')
    writeFileSync(keyFile, spare.runtime.station.publicKeyPem)
    const script = resolve(import.meta.dirname, '../../../scripts/verify-bundle.sh')
    const openssl = spawnSync('bash', [script, bundle.file, keyFile], { encoding: 'utf8' })
    expect(openssl.stderr).toBe('')
    expect(openssl.stdout).toMatch(
      /^OK: signature verified; \d+ events chain to [0-9a-f]{64}; moved at event \d+ from station [0-9a-f]{16} \(its signed head verified\)\n$/,
    )

    if (!verified.ok) return
    const events = verified.eventLines.map((line) => parseEventLine(line))
    expect(checkMovedSessions(events, verified.eventLines)).toBeUndefined()
    const at = events.findIndex((event) => event.type === 'session_moved')
    const forge = (change: (data: Record<string, unknown>) => void) => {
      const forged = events.map((event, index) => {
        if (index !== at) return event
        const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>
        change(data)
        return { ...event, data } as typeof event
      })
      return checkMovedSessions(
        forged,
        forged.map((event) => eventLine(event)),
      )
    }
    expect(forge((data) => void ((data.fromHead as { elapsedMs: number }).elapsedMs += 1))).toMatch(/does not verify/)
    expect(forge((data) => void (data.fromPublicKey = spare.runtime.stationSigner().publicKeyJwk.x))).toMatch(
      /not station/,
    )
  })
})
