import { copyFile, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { main } from '../electron/cli/main'
import { roomConsoleClient } from './testing/roomApproval'
import { invigil, prepareRoomSitting, transcript, waitFor, type Proc, type RoomSitting } from './testing/roomProcesses'

// The attack: lab PCs the sitting does not list join a real sitting's room on loopback (`room serve` with a
// sitting, not `--demo`). Each stays pending: the room takes no seat report, no log shipment and no bundle from it,
// and hands it no session, until a proctor approves it on the console; the approved one then works to the end.
const HANG = 300_000
const started: Proc[] = []
let dir: string
let sitting: RoomSitting

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

const roomStatus = async (roomDir: string): Promise<RoomStatus> =>
  JSON.parse((await cli('room', 'status', '--data', roomDir, '--json')).stdout) as RoomStatus

const saves = (proc: Proc): number => [...proc.out().matchAll(/^saved \S+ at event \d+$/gm)].length

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-room-admission-'))
  sitting = await prepareRoomSitting(dir, started)
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

describe('an unlisted station at a real sitting’s room on loopback (spawned)', () => {
  it(
    'stays pending (no report, no shipment, no bundle, no session) until a proctor approves it, then works',
    { timeout: HANG },
    async () => {
      const roomDir = join(dir, 'room')
      await mkdir(roomDir)
      for (const f of ['room-key.json', 'room-public.pem']) await copyFile(join(sitting.keyDir, f), join(roomDir, f))
      const serve = ['room', 'serve', '--data', roomDir, '--sitting', sitting.sittingFile, '--authority']
      const room = invigil([...serve, sitting.authorityFile, '--port', '0'], started)
      await waitFor('the room URL', async () => /^http:\/\/127\.0\.0\.1:\d+$/m.test(room.out()), [room])
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(room.out())?.[1] ?? ''
      const rehearse = (...more: string[]): string[] => [
        'rehearse',
        '--room',
        url,
        '--authority',
        sitting.authorityFile,
        ...more,
      ]
      const station = invigil(rehearse('--seat', 'A-03', '--data', join(dir, 'pc-a03'), '--pace-ms', '1500'), started)
      const spare = invigil(rehearse('--standby', '--data', join(dir, 'pc-spare'), '--pace-ms', '100'), started)
      const procs = [room, station, spare]
      const stationId = async (proc: Proc): Promise<string> => {
        await waitFor('the station id', async () => /station ([0-9a-f]{16})/.test(proc.out()), procs)
        return /station ([0-9a-f]{16})/.exec(proc.out())?.[1] ?? ''
      }
      const ids = { station: await stationId(station), spare: await stationId(spare) }
      await waitFor('three saved answers, the station still pending', async () => saves(station) >= 3, procs)
      const before = await roomStatus(roomDir)
      expect(before.pending.map((s) => s.stationId).sort(), transcript(procs)).toEqual([ids.station, ids.spare].sort())
      expect(before.stations).toEqual([])
      // Heartbeats came, but the room took no seat report and no log from it.
      expect(before.seats.find((s) => s.label === 'A-03')).toMatchObject({ stationId: null, status: null })
      expect(before.sessions).toEqual([])
      expect(before.collected).toMatchObject({ collected: 0, expected: 3 })

      const desk = await roomConsoleClient(url)
      expect((await desk.approve(ids.station)).admission).toBe('approved')
      await waitFor(
        'seat A-03 reported and its log held',
        async () => {
          const status = await roomStatus(roomDir)
          const seat = status.seats.find((s) => s.label === 'A-03')
          return seat?.stationId === ids.station && status.sessions.some((s) => s.heldSeq > 0)
        },
        procs,
      )
      // The spare is still pending: the room will not hand it the seat's session.
      const moved = await cli('room', 'move', '--data', roomDir, '--seat', 'A-03', '--to', ids.spare, '--reason', 'x')
      expect(moved.code, transcript(procs)).not.toBe(0)
      expect(moved.stderr).toContain(`station ${ids.spare} is not admitted`)

      expect(await station.exited, transcript(procs)).toBe(0)
      expect(station.out()).toMatch(/10 of 10 answers acknowledged; bundle sha256 [0-9a-f]{64} delivered to the room/)
      const after = await roomStatus(roomDir)
      expect(after.collected).toMatchObject({ collected: 1, expected: 3 })
      expect(after.seats.find((s) => s.label === 'A-03')?.status?.state).toBe('submitted')
      expect(after.pending.map((s) => s.stationId)).toEqual([ids.spare])
      expect(spare.out()).not.toMatch(/took over seat/)
    },
  )
})
