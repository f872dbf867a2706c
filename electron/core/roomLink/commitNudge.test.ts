import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AnswerAck, ApiResult, SessionView } from '../api/contract'
import { createStationApi, type StationApi } from '../api/stationApi'
import { installSitting } from '../runtime/installSitting'
import { openStationRuntime, type StationRuntime } from '../runtime/stationRuntime'
import { runtimeDir, testProtector, type RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { RoomFetch } from './roomTransport'
import { connectStationToRoom, type StationRoomConnection } from './stationRoomConnection'
import { inProcessRoom, type InProcessRoom } from './testing/inProcessRoom'

// A station set up from its sitting (as the kiosk app and the browser host are) reports and ships each change the
// moment it commits, not at its next heartbeat: here the heartbeat is 10 s, and a save or a state change made through
// the station API's handlers reaches the room well within the first heartbeat interval.
const HEARTBEAT_MS = 10_000
/** Well inside one heartbeat: only a nudge can meet it. */
const PROMPT_MS = HEARTBEAT_MS / 2

let room: InProcessRoom
let home: RuntimeDir
let runtime: StationRuntime
let api: StationApi
let connection: StationRoomConnection | undefined
/** Bundles the station posted to the room's collection endpoint. */
let bundlesPosted: number
let hang: boolean

beforeEach(async () => {
  room = await inProcessRoom()
  home = runtimeDir()
  runtime = await openStationRuntime({
    dataDir: `${home.dir}/station`,
    protector: testProtector(),
    clock: room.kit.clock,
  })
  runtime.admin.authorities.add(room.kit.authorityPublicKeyPem)
  await installSitting(runtime, room.kit.text)
  api = createStationApi(runtime, { transport: 'browser-host', appVersion: 'test' })
  bundlesPosted = 0
  hang = false
  const transport: RoomFetch = (url, init) => {
    if (hang) return new Promise(() => undefined)
    if (!url.endsWith('/bundles')) return room.transport(url, init)
    bundlesPosted++
    const sha256 = createHash('sha256').update(init.body, 'utf8').digest('hex')
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve({ sha256, status: 'imported' }) })
  }
  connection = await connectStationToRoom(runtime, {
    roomUrl: 'http://room.test',
    dataDir: `${home.dir}/station`,
    heartbeatMs: HEARTBEAT_MS,
    courierMs: 10 * HEARTBEAT_MS,
    transport,
  })
  await connection?.firstContact
})

afterEach(async () => {
  hang = false
  await connection?.stop()
  await runtime.close()
  await room.close()
  home.cleanup()
})

async function ok<T>(method: string, input: unknown = {}): Promise<T> {
  const result = (await api.dispatch(method, input)) as ApiResult<T>
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** Polls (no fixed sleep) until `check` holds; fails with `what` past the deadline. */
async function within(ms: number, what: string, check: () => boolean): Promise<number> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${String(ms)} ms: ${what}`)
    await sleep(5)
  }
  return Date.now() - started
}

const held = (sessionId: string): number =>
  room.service.status().sessions.find((s) => s.sessionId === sessionId)?.heldSeq ?? 0
const headSeq = (sessionId: string): number =>
  runtime.sessions.sessionHeads().find((h) => h.sessionId === sessionId)?.seq ?? 0
const seatState = (): string | undefined => room.service.status().seats.find((s) => s.label === 'A-01')?.status?.state

describe('a station ships each commit at once', () => {
  it('a save and each state change through the API handlers reach the room long before the next heartbeat', async () => {
    const { sessionId } = await ok<SessionView>('session.checkIn', { candidateId: 'C-001', name: '陳大文' })
    await ok('session.acknowledgeRules')
    await within(PROMPT_MS, 'the room sees A-01 running', () => seatState() === 'running')
    await ok<AnswerAck>('session.saveAnswer', { unitId: 'q1', response: true })
    const took = await within(PROMPT_MS, 'the save held by the room', () => held(sessionId) === headSeq(sessionId))
    expect(took).toBeLessThan(PROMPT_MS)
    await ok('session.submit')
    await within(PROMPT_MS, 'the room sees A-01 submitted', () => seatState() === 'submitted')
    // The submit's bundle leaves at once too, not at the courier's next round (100 s away).
    await within(PROMPT_MS, 'the bundle posted to the room', () => bundlesPosted === 1)
    expect(held(sessionId)).toBe(headSeq(sessionId))
  })

  it('neither a room that hangs nor a listener that throws holds a save back or fails it', async () => {
    await ok<SessionView>('session.checkIn', { candidateId: 'C-001', name: '陳大文' })
    await ok('session.acknowledgeRules')
    const unsubscribe = runtime.sessions.onCommit(() => {
      throw new Error('a listener that breaks')
    })
    hang = true
    // Every request to the room now hangs until its timeout; the saves still return at once, each acknowledged.
    for (const [unitId, response] of [
      ['q1', true],
      ['q2', 'B'],
    ] as const) {
      const started = Date.now()
      expect(await ok<AnswerAck>('session.saveAnswer', { unitId, response })).toMatchObject({ revision: 1 })
      expect(Date.now() - started).toBeLessThan(PROMPT_MS)
    }
    unsubscribe()
    hang = false
  })
})
