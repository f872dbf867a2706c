import { cpSync, rmSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { connectStationToRoom, type StationRoomConnection } from '../electron/core/roomLink/stationRoomConnection'
import { installSitting } from '../electron/core/runtime/installSitting'
import { LOCK_FILE } from '../electron/core/runtime/stationLock'
import { openStationRuntime, type StationRuntime } from '../electron/core/runtime/stationRuntime'
import { testProtector } from '../electron/core/runtime/testing/runtimeFixture'
import { main } from '../electron/cli/main'
import { approveStations } from './testing/roomApproval'
import { invigil, prepareRoomSitting, waitFor, type Proc, type RoomSitting } from './testing/roomProcesses'

// A station's data directory restored from an older copy (the whole directory, station anchor included, so the
// station itself cannot tell): it comes back and reports its session behind what the room holds, and the room, a
// real `room serve` process, flags the station and the seat in `room status --json`.
const HANG = 240_000
const started: Proc[] = []
let dir: string
let sitting: RoomSitting
let room: Proc
let url: string
let roomDir: string

async function roomStatus(): Promise<RoomStatus> {
  let stdout = ''
  await main(['room', 'status', '--data', roomDir, '--json'], { out: (t) => void (stdout += t), err: () => undefined })
  return JSON.parse(stdout) as RoomStatus
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-room-rollback-'))
  sitting = await prepareRoomSitting(dir, started)
  roomDir = join(dir, 'room')
  await mkdir(roomDir)
  for (const f of ['room-key.json', 'room-public.pem']) await copyFile(join(sitting.keyDir, f), join(roomDir, f))
  const serve = ['room', 'serve', '--data', roomDir, '--sitting', sitting.sittingFile, '--authority']
  room = invigil([...serve, sitting.authorityFile, '--port', '0'], started)
  await waitFor('the room URL', async () => /^http:\/\/127\.0\.0\.1:\d+$/m.test(room.out()), [room])
  url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(room.out())?.[1] ?? ''
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

/** The station as the kiosk app and `invigil host` run it: its runtime on the data directory, linked by its sitting. */
async function runStation(dataDir: string): Promise<{ runtime: StationRuntime; connection: StationRoomConnection }> {
  const runtime = await openStationRuntime({ dataDir, protector: testProtector() })
  const connection = await connectStationToRoom(runtime, { roomUrl: url, dataDir, heartbeatMs: 200 })
  if (!connection) throw new Error('a sitting is installed: there must be a connection')
  await connection.firstContact
  return { runtime, connection }
}

describe('a station whose database was restored from an older copy', () => {
  it('comes back behind the room, and the room flags its station and seat', { timeout: HANG }, async () => {
    const stationDir = join(dir, 'station')
    const setup = await openStationRuntime({ dataDir: stationDir, protector: testProtector() })
    setup.admin.authorities.add(await readFile(sitting.authorityFile, 'utf8'))
    await installSitting(setup, await readFile(sitting.sittingFile, 'utf8'))
    await setup.close()

    const first = await runStation(stationDir)
    // Not listed in the sitting: the proctor approves it on the console before it may report.
    await approveStations(url, 1, () => room.out() + room.err())
    const { sessionId } = first.runtime.beginSession({ candidateId: 'C-001', name: 'Ann' })
    first.runtime.sessions.start(sessionId)
    const headSeq = (): number => first.runtime.sessions.sessionHeads().find((h) => h.sessionId === sessionId)?.seq ?? 0
    const heldSeq = async (): Promise<number> =>
      (await roomStatus()).sessions.find((s) => s.sessionId === sessionId)?.heldSeq ?? -1
    first.runtime.sessions.saveAnswer(sessionId, 'q1', true)
    first.runtime.sessions.saveAnswer(sessionId, 'q2', false)
    await waitFor('the room holding q1 and q2', async () => (await heldSeq()) === headSeq(), [room])

    // The copy: taken in one synchronous step, so no commit or checkpoint of this process runs during it; the
    // station's lock is the running process's and not part of a backup.
    const backup = join(dir, 'station-backup')
    cpSync(stationDir, backup, { recursive: true, filter: (source) => basename(source) !== LOCK_FILE })
    const copiedAt = headSeq()

    for (const unitId of ['q3', 'q4', 'q5']) first.runtime.sessions.saveAnswer(sessionId, unitId, true)
    await waitFor('the room holding q3 to q5', async () => (await heldSeq()) === headSeq(), [room])
    const roomHolds = headSeq()
    expect((await roomStatus()).stations.flatMap((s) => s.rollbacks)).toEqual([])
    await first.connection.stop()
    await first.runtime.close()

    rmSync(stationDir, { recursive: true, force: true })
    cpSync(backup, stationDir, { recursive: true })
    const second = await runStation(stationDir)
    try {
      const stationId = second.runtime.station.stationId
      // Reopened, the station logs that the session was interrupted: one event of its own after the copy.
      const reported = second.runtime.sessions.sessionHeads().find((h) => h.sessionId === sessionId)?.seq
      expect(reported).toBe(copiedAt + 1)
      await waitFor(
        'the room flagging the station rolled back',
        async () => (await roomStatus()).stations.some((s) => s.stationId === stationId && s.rollbacks.length > 0),
        [room],
      )
      const status = await roomStatus()
      const flag = {
        stationId,
        sessionId,
        kind: 'behind',
        seat: 'A-01',
        heldSeq: roomHolds,
        reportedSeq: copiedAt + 1,
        behindBy: roomHolds - copiedAt - 1,
      }
      expect(status.stations.find((s) => s.stationId === stationId)?.rollbacks).toEqual([expect.objectContaining(flag)])
      expect(status.seats.find((s) => s.label === 'A-01')?.rollbacks).toEqual([expect.objectContaining(flag)])
      expect(status.incidents.filter((i) => i.kind === 'rolled_back').map((i) => i.detail)).toEqual([
        `behind by ${String(flag.behindBy)} events: reported head seq ${String(flag.reportedSeq)}, the room holds ${String(roomHolds)}`,
      ])
    } finally {
      await second.connection.stop()
      await second.runtime.close()
    }
    room.child.kill('SIGTERM')
    await room.exited
  })
})
