import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEventLine } from '../electron/core/base/eventChain'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import { main } from '../electron/cli/main'
import { approveStations } from './testing/roomApproval'
import {
  invigil,
  prepareRoomSitting,
  roomStatus,
  serveRoom,
  transcript,
  waitFor,
  type Proc,
  type RoomSitting,
} from './testing/roomProcesses'

// A lab PC dies mid-exam and its candidate finishes on a spare, all as real processes on loopback: `room serve`, a
// `rehearse --room` station at seat A-01 that is killed (SIGKILL), a `rehearse --room --standby` spare, and
// `room move` as the proctor types it. The station is killed at a moment when the room holds everything it
// acknowledged (checked while it is stopped with SIGSTOP): an answer acknowledged in the few milliseconds before
// replication exists only on the dead PC's disk, which this test does not pretend otherwise (docs/room.md).
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

/** `saved q3 at event 9` lines a rehearse station printed, in order. */
const saves = (proc: Proc): { unitId: string; seq: number }[] =>
  [...proc.out().matchAll(/^saved (\S+) at event (\d+)$/gm)].map((m) => ({ unitId: m[1] ?? '', seq: Number(m[2]) }))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-room-move-'))
  sitting = await prepareRoomSitting(dir, started)
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

describe('a seat moved to a spare PC (spawned)', () => {
  it(
    'the station killed mid-exam is moved with room move; the spare finishes with every acknowledged answer',
    { timeout: HANG },
    async () => {
      const { roomDir, roomUrl: url, proc: room } = await serveRoom(join(dir, 'room'), sitting, started)
      const rehearse = (...more: string[]): string[] => [
        'rehearse',
        '--room',
        url,
        '--authority',
        sitting.authorityFile,
        ...more,
      ]
      const dying = invigil(rehearse('--seat', 'A-01', '--data', join(dir, 'pc-a01'), '--pace-ms', '1500'), started)
      const spare = invigil(rehearse('--standby', '--data', join(dir, 'pc-spare'), '--pace-ms', '100'), started)
      const procs = [room, dying, spare]
      // The proctor approves both PCs as they ask to join: the sitting lists none.
      await approveStations(url, 2, () => transcript(procs))
      await waitFor('four answers at A-01', async () => saves(dying).length >= 4, procs)
      const sessionId = /session (ses_[0-9a-f]+)/.exec(dying.out())?.[1] ?? ''

      // Frozen, the station says nothing more: it is killed once the room holds its last acknowledged save.
      let acked: { unitId: string; seq: number }[] = []
      for (let attempt = 0; attempt < 50; attempt++) {
        dying.child.kill('SIGSTOP')
        await sleep(100)
        acked = saves(dying)
        const held = (await roomStatus(roomDir)).sessions.find((s) => s.sessionId === sessionId)?.heldSeq ?? 0
        if (held >= (acked.at(-1)?.seq ?? Infinity)) break
        dying.child.kill('SIGCONT')
        await sleep(200)
      }
      dying.child.kill('SIGKILL')
      await dying.exited
      expect(acked.length, transcript(procs)).toBeGreaterThanOrEqual(4)
      expect(acked.length, 'A-01 died mid-exam, not after it').toBeLessThan(10)

      const spareId = /standby: station ([0-9a-f]{16})/.exec(spare.out())?.[1] ?? ''
      await waitFor(
        'the spare joined',
        async () => (await roomStatus(roomDir)).stations.some((s) => s.stationId === spareId),
        procs,
      )
      const moved = await cli(
        'room',
        'move',
        '--data',
        roomDir,
        '--seat',
        'A-01',
        '--to',
        spareId,
        '--reason',
        'PC A-01 froze',
      )
      expect([moved.code, moved.stderr], transcript(procs)).toEqual([0, ''])
      expect(moved.stdout).toMatch(
        new RegExp(`^moved seat A-01 \\(session ${sessionId}\\) from station [0-9a-f]{16} to ${spareId}`),
      )

      expect(await spare.exited, transcript(procs)).toBe(0)
      expect(spare.out()).toMatch(
        new RegExp(`took over seat A-01: session ${sessionId}, ${String(acked.length)} answers carried over`),
      )
      expect(spare.out()).toMatch(/10 of 10 answers acknowledged; bundle sha256 [0-9a-f]{64} delivered to the room/)
      const status = await roomStatus(roomDir)
      const seat = status.seats.find((s) => s.label === 'A-01')
      expect([seat?.stationId, seat?.status?.state, seat?.collected], transcript(procs)).toEqual([
        spareId,
        'submitted',
        true,
      ])

      // The collected bundle verifies, holds every answer A-01 acknowledged as A-01 saved it, and the move.
      const results = await openResultsStore(join(roomDir, 'results.db'))
      try {
        const [stored] = await results.listResults()
        const bytes = (await results.readBundle(stored?.bundleSha256 ?? '')) ?? Buffer.alloc(0)
        const verified = await verifyBundle(bytes)
        if (!verified.ok) throw new Error(`${verified.code}: ${verified.reason}`)
        const events = verified.eventLines.map((line) => parseEventLine(line))
        const movedAt = events.findIndex((e) => e.type === 'session_moved')
        expect(movedAt).toBeGreaterThan(0)
        const savedBefore = events
          .slice(0, movedAt)
          .filter((e) => e.type === 'answer_saved')
          .map((e) => e.data.item)
        expect(savedBefore).toEqual(acked.map((a) => a.unitId))
        const byUnit = new Map(verified.manifest.responses.map((r) => [r.item, r]))
        for (const { unitId } of acked) expect(byUnit.get(unitId)?.revision, unitId).toBe(1)
        expect(verified.manifest.station.id).toBe(spareId)
        const file = join(dir, 'moved.jws')
        await writeFile(file, bytes)
        const keyFile = join(dir, 'spare.pem')
        const script = resolve(import.meta.dirname, '../scripts/verify-bundle.sh')
        await writeFile(keyFile, spawnSync('bash', [script, '--header-key', file], { encoding: 'utf8' }).stdout)
        const openssl = spawnSync('bash', [script, file, keyFile], { encoding: 'utf8' })
        expect(openssl.stdout).toMatch(/; moved at event \d+ from station [0-9a-f]{16} \(its signed head verified\)$/m)
        expect(await readFile(keyFile, 'utf8')).toMatch(/BEGIN PUBLIC KEY/)
      } finally {
        await results.close()
      }
      room.child.kill('SIGTERM')
      await room.exited
    },
  )
})
