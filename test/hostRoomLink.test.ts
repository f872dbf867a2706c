import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sittingRoomLink } from '../electron/core/roomLink/sittingRoomLink'
import { connectStationToRoom } from '../electron/core/roomLink/stationRoomConnection'
import type { RoomFetch } from '../electron/core/roomLink/roomTransport'
import { installSitting } from '../electron/core/runtime/installSitting'
import { openStationRuntime } from '../electron/core/runtime/stationRuntime'
import { testProtector } from '../electron/core/runtime/testing/runtimeFixture'
import { approveStations } from './testing/roomApproval'
import {
  prepareRoomSitting,
  roomStatus as roomStatusIn,
  serveRoom,
  transcript,
  waitFor,
  type Proc,
  type RoomSitting,
} from './testing/roomProcesses'

// A station set up from the sitting file (as the kiosk app and `invigil host --room` are) links to the room with
// nothing of its own to configure: the room key and sitting come from the installed sitting, and its seat is the
// one the sitting's roster gives the candidate the proctor checks in. Its results reach the room as the candidate
// submits, through its outbox, also when the room was unreachable at that moment. The room is a real `room serve`
// process.
const HANG = 240_000
const started: Proc[] = []
let dir: string
let sitting: RoomSitting
let room: Proc
let url: string
let roomDir: string

const roomStatus = () => roomStatusIn(roomDir)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-host-room-'))
  sitting = await prepareRoomSitting(dir, started)
  ;({ roomDir, roomUrl: url, proc: room } = await serveRoom(join(dir, 'room'), sitting, started))
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

describe("a station's room link from its installed sitting", () => {
  it(
    'joins with no seat, takes the seat of the candidate checked in, and delivers the result when the room can take it',
    { timeout: HANG },
    async () => {
      const stationDir = join(dir, 'station')
      const runtime = await openStationRuntime({ dataDir: stationDir, protector: testProtector() })
      expect(sittingRoomLink(runtime, { roomUrl: url })).toBeUndefined()
      runtime.admin.authorities.add(await readFile(sitting.authorityFile, 'utf8'))
      await installSitting(runtime, await readFile(sitting.sittingFile, 'utf8'))
      // The link to the room can be cut: while it is, every request fails as a pulled cable would.
      let cut = false
      const cable: RoomFetch = (target, init) =>
        cut
          ? Promise.reject(new Error('connect ECONNREFUSED (cable cut by the test)'))
          : (fetch as RoomFetch)(target, init)
      const connection = await connectStationToRoom(runtime, {
        roomUrl: url,
        dataDir: stationDir,
        heartbeatMs: 200,
        courierMs: 60_000,
        transport: cable,
      })
      if (!connection) throw new Error('a sitting is installed: there must be a connection')
      const { link } = connection
      try {
        await connection.firstContact
        const stationId = runtime.station.stationId
        // Not listed in the sitting: it waits until the proctor approves it on the console.
        expect(link.status().admission).toBe('pending')
        expect(await approveStations(url, 1, () => transcript([room]))).toEqual([stationId])
        await waitFor(
          'the station listed, seatless',
          async () => {
            const seen = (await roomStatus()).stations.find((s) => s.stationId === stationId)
            return seen !== undefined && seen.seat === null
          },
          [room],
        )
        const { sessionId } = runtime.beginSession({ candidateId: 'C-002', name: 'Bo' })
        runtime.sessions.start(sessionId)
        expect(link.currentSeat()).toBe('A-02')
        await waitFor(
          'seat A-02 running on this station',
          async () => {
            const seat = (await roomStatus()).seats.find((s) => s.label === 'A-02')
            return seat?.stationId === stationId && seat.status?.state === 'running'
          },
          [room],
        )
        runtime.sessions.saveAnswer(sessionId, 'q1', true)
        cut = true
        runtime.sessions.submit(sessionId, 'candidate')
        // The submit sends its bundle at once (a round of its own); with the cable cut it waits in the outbox.
        const offline = await connection.deliverNow()
        expect(offline).toMatchObject({ delivered: 0, pending: 1 })
        expect((await roomStatus()).collected.collected).toBe(0)
        cut = false
        // Whichever round runs first once the cable is back delivers it.
        expect(await connection.deliverNow()).toMatchObject({ exported: [], pending: 0 })
        expect((await roomStatus()).collected).toMatchObject({ collected: 1, expected: 3 })
        // Delivered once: the next round has nothing to send.
        expect(await connection.deliverNow()).toEqual({ exported: [], delivered: 0, pending: 0 })
      } finally {
        await connection.stop()
        await runtime.close()
      }
    },
  )
})
