import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import { LATE_AFTER_MS } from '../electron/core/room/commandLateness'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { main } from '../electron/cli/main'
import { approveStations } from './testing/roomApproval'
import {
  invigil as spawnInvigil,
  prepareRoomSitting,
  roomDirWithKey,
  roomStatus,
  transcript,
  waitFor as waitUntil,
  type Proc,
  type RoomSitting,
} from './testing/roomProcesses'

// A real room with real stations, each its own process and data directory, on loopback: `room serve` and three
// `rehearse --room` stations (approved on the console as they ask to join: the sitting lists none), driven by
// `room command` as a proctor would, through a pause, a partition and a room crash. Every wait is bounded; the test
// timeouts only catch hangs on a loaded machine. The processes and the sitting (ten true/false units, seats
// A-01..A-03, proctor P01) are test/testing/roomProcesses.ts's, which the other room tests share.
const SEATS = ['A-01', 'A-02', 'A-03'] as const
const PACE_MS = '3000'
const HANG = 240_000

const started: Proc[] = []
let dir: string
let sitting: RoomSitting

const invigil = (args: string[]): Proc => spawnInvigil(args, started)
const waitFor = (what: string, check: () => Promise<boolean>, procs: Proc[], ms = 90_000): Promise<void> =>
  waitUntil(what, check, procs, ms)

async function command(roomDir: string, action: string, ...more: string[]): Promise<void> {
  let stdout = ''
  let stderr = ''
  const argv = ['room', 'command', '--data', roomDir, '--action', action, '--all', '--staff', 'P01', ...more]
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) })
  expect([code, stderr, stdout]).toEqual([0, '', expect.stringMatching(/^issued /)])
}

async function startRoom(roomDir: string, port = '0'): Promise<{ proc: Proc; url: string }> {
  const { sittingFile, authorityFile } = sitting
  const serve = ['room', 'serve', '--data', roomDir, '--sitting', sittingFile, '--authority', authorityFile]
  const proc = invigil([...serve, '--port', port])
  await waitFor('the room URL', async () => /^http:\/\/127\.0\.0\.1:\d+$/m.test(proc.out()), [proc], 60_000)
  const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(proc.out())?.[1] ?? ''
  expect(port === '0' || url.endsWith(`:${port}`)).toBe(true)
  return { proc, url }
}

/** A fresh room data directory holding the one room key the sitting names. */
async function roomDirFor(name: string): Promise<string> {
  const roomDir = join(dir, name)
  await roomDirWithKey(roomDir, sitting)
  return roomDir
}

const stations = (name: string, url: string): Proc[] =>
  SEATS.map((seat) =>
    invigil(
      ['rehearse', '--room', url, '--seat', seat, '--data', join(dir, `${name}-${seat}`)].concat([
        '--authority',
        sitting.authorityFile,
        '--pace-ms',
        PACE_MS,
        '--json',
      ]),
    ),
  )

const allSeats = (status: RoomStatus, test: (seat: RoomStatus['seats'][number]) => boolean): boolean =>
  status.seats.length === SEATS.length && status.seats.every(test)

/** Every station exits 0 having delivered; the room shows 3 submitted seats, 3 of 3 collected, every command acked. */
async function expectAllDelivered(roomDir: string, seated: Proc[], procs: Proc[], commands: number): Promise<void> {
  const codes = await Promise.all(seated.map((p) => p.exited))
  expect(codes, transcript(procs)).toEqual([0, 0, 0])
  for (const p of seated)
    expect(JSON.parse(p.out()), transcript(procs)).toMatchObject({ delivered: true, answered: 10, units: 10 })
  const status = await roomStatus(roomDir)
  expect(status.collected, transcript(procs)).toMatchObject({ collected: 3, expected: 3 })
  for (const seat of status.seats) {
    expect(seat.status?.state, transcript(procs)).toBe('submitted')
    expect(seat.collected).toBe(true)
    expect(seat.commands).toMatchObject({ applied: commands, refused: 0, pending: [] })
  }
}

/** Each collected bundle verifies, and its log holds the room's commands in order. */
async function expectCollectedLogs(roomDir: string, actions: string[]): Promise<void> {
  const results = await openResultsStore(join(roomDir, 'results.db'))
  try {
    const stored = await results.listResults()
    expect(stored.map((r) => r.candidateId).sort()).toEqual(['C-001', 'C-002', 'C-003'])
    for (const result of stored) {
      const verified = await verifyBundle((await results.readBundle(result.bundleSha256)) ?? Buffer.alloc(0))
      if (!verified.ok) throw new Error(`${result.candidateId}: ${verified.code}: ${verified.reason}`)
      const logged = verified.eventLines
        .map((line) => JSON.parse(line) as { type: string; data: { command?: { action: string } } })
        .filter((event) => event.type === 'room_command')
        .map((event) => event.data.command?.action)
      expect(logged).toEqual(actions)
    }
  } finally {
    await results.close()
  }
}

async function stopRoom(room: Proc): Promise<void> {
  room.child.kill('SIGTERM')
  await room.exited
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-room-run-'))
  sitting = await prepareRoomSitting(dir, started)
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

describe('a room with real stations (spawned)', () => {
  it(
    'pause, resume and extend reach three stations, which all finish and are collected',
    { timeout: HANG },
    async () => {
      const roomDir = await roomDirFor('room-a')
      const room = await startRoom(roomDir)
      const seated = stations('a', room.url)
      const procs = [room.proc, ...seated]
      await approveStations(room.url, SEATS.length, () => transcript(procs))
      const running = async (): Promise<boolean> =>
        allSeats(await roomStatus(roomDir), (seat) => seat.status?.state === 'running')
      await waitFor('three running seats', running, procs)
      await command(roomDir, 'pause', '--reason', 'fire alarm')
      const applied = (n: number, state: string) => async (): Promise<boolean> =>
        allSeats(await roomStatus(roomDir), (s) => s.commands.applied === n && s.status?.state === state)
      await waitFor('three paused seats', applied(1, 'paused'), procs)
      await command(roomDir, 'resume', '--reason', 'all clear')
      await waitFor('three resumed seats', applied(2, 'running'), procs)
      await command(roomDir, 'extend', '--minutes', '5', '--reason', 'time lost to the alarm')
      await expectAllDelivered(roomDir, seated, procs, 3)
      await stopRoom(room.proc)
      await expectCollectedLogs(roomDir, ['pause', 'resume', 'extend'])
    },
  )

  it(
    'a station cut off (SIGSTOP) applies the missed pause and resume in order when it is back',
    { timeout: HANG },
    async () => {
      const roomDir = await roomDirFor('room-b')
      const room = await startRoom(roomDir)
      const seated = stations('b', room.url)
      const procs = [room.proc, ...seated]
      await approveStations(room.url, SEATS.length, () => transcript(procs))
      const status = () => roomStatus(roomDir)
      await waitFor(
        'three running seats',
        async () => allSeats(await status(), (s) => s.status?.state === 'running'),
        procs,
      )
      const [away] = seated as [Proc]
      away.child.kill('SIGSTOP')
      const pausedAt = Date.now()
      await command(roomDir, 'pause', '--reason', 'fire alarm')
      const others = (n: number) => async (): Promise<boolean> =>
        (await status()).seats.filter((s) => s.label !== 'A-01' && s.commands.applied === n).length === 2
      await waitFor('the other seats paused', others(1), procs)
      await command(roomDir, 'resume', '--reason', 'all clear')
      const resumedAt = Date.now()
      await waitFor('the other seats resumed', others(2), procs)
      expect((await status()).seats.find((s) => s.label === 'A-01')?.commands.pending).toEqual([1, 2])
      // Away for longer than a command may take: when it is back, the console marks both as applied late.
      expect(resumedAt).toBeGreaterThan(pausedAt)
      await waitFor('the resume overdue at A-01', async () => Date.now() - resumedAt > LATE_AFTER_MS + 1000, procs)
      away.child.kill('SIGCONT')
      await expectAllDelivered(roomDir, seated, procs, 2)
      const late = (await status()).seats.find((s) => s.label === 'A-01')?.commands.late ?? []
      expect(late.map((l) => l.seq)).toEqual([1, 2])
      for (const l of late) expect(l.lateBySeconds).toBeGreaterThanOrEqual(LATE_AFTER_MS / 1000)
      await stopRoom(room.proc)
      await expectCollectedLogs(roomDir, ['pause', 'resume'])
    },
  )

  it('the room killed mid-exam and restarted on its data and port loses nothing', { timeout: HANG }, async () => {
    const roomDir = await roomDirFor('room-c')
    const first = await startRoom(roomDir)
    const seated = stations('c', first.url)
    const procs = [first.proc, ...seated]
    await approveStations(first.url, SEATS.length, () => transcript(procs))
    const running = async (): Promise<boolean> =>
      allSeats(await roomStatus(roomDir), (seat) => seat.status?.state === 'running')
    await waitFor('three running seats', running, procs)
    first.proc.child.kill('SIGKILL')
    await first.proc.exited
    await sleep(4000)
    const port = new URL(first.url).port
    const second = await startRoom(roomDir, port)
    procs.push(second.proc)
    await expectAllDelivered(roomDir, seated, procs, 0)
    // The logs too: the room's replica of every session reaches the head its station last reported.
    const { sessions } = await roomStatus(roomDir)
    expect(sessions).toHaveLength(3)
    for (const session of sessions) expect(session.heldSeq).toBe(session.reportedSeq)
    await stopRoom(second.proc)
    await expectCollectedLogs(roomDir, [])
  })
})
