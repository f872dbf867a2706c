import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bank } from '../electron/core/bank/schema'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { generateAuthorityKeys } from '../electron/core/package/authorityKeys'
import { buildPackage } from '../electron/core/package/examPackage'
import { tinyBank } from '../electron/core/package/testing/tinyBank'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import { LATE_AFTER_MS } from '../electron/core/room/commandLateness'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { buildSittingFromSpec } from '../electron/core/sitting/buildSitting'
import { FAST_SCRYPT } from '../electron/core/sitting/testing/sittingKit'
import { main } from '../electron/cli/main'
import { approveStations } from './testing/roomApproval'

// A real room with real stations, each its own process and data directory, on loopback: `room serve` and three
// `rehearse --room` stations (approved on the console as they ask to join: the sitting lists none), driven by `room command` as a proctor would, through a pause, a partition and a room
// crash. Every wait is bounded; the test timeouts only catch hangs on a loaded machine.
const root = resolve(import.meta.dirname, '..')
const SECRETS = { INVIGIL_STATION_PASSPHRASE: 'station passphrase', INVIGIL_ROOM_PASSPHRASE: 'room passphrase' }
const SEATS = ['A-01', 'A-02', 'A-03'] as const
const PACE_MS = '3000'
const HANG = 240_000

/** Ten true/false units, so a station at its pace is still answering while the proctor gives commands. */
const bank: Bank = {
  ...tinyBank,
  id: 'room-run',
  sections: [
    {
      id: 's1',
      title: 'True or false',
      items: Array.from({ length: 10 }, (_, i) => ({
        id: `q${String(i + 1)}`,
        type: 'true_false' as const,
        stem: `Statement ${String(i + 1)}`,
        points: 1,
        key: i % 2 === 0,
      })),
    },
  ],
}

interface Proc {
  child: ChildProcessWithoutNullStreams
  out: () => string
  err: () => string
  exited: Promise<number | null>
}

const started: Proc[] = []
let dir: string
let sittingFile: string
let authorityFile: string
let keyDir: string

function invigil(args: string[]): Proc {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INVIGIL_')))
  const child = spawn(process.execPath, ['bin/invigil.mjs', ...args], { cwd: root, env: { ...env, ...SECRETS } })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  child.stdin.end()
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  const proc = { child, out: () => out, err: () => err, exited }
  started.push(proc)
  return proc
}

/** What every process said so far: a failed expectation shows it. */
const transcript = (procs: Proc[]): string =>
  procs.map((p) => `--- ${p.child.spawnargs.slice(2, 7).join(' ')}\n${p.out()}\n${p.err()}`).join('\n')

async function waitFor(what: string, check: () => Promise<boolean>, procs: Proc[], ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(300)
  }
  throw new Error(`gave up waiting for ${what}\n${transcript(procs)}`)
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

const roomStatus = async (roomDir: string): Promise<RoomStatus> =>
  JSON.parse((await cli('room', 'status', '--data', roomDir, '--json')).stdout) as RoomStatus

async function command(roomDir: string, action: string, ...more: string[]): Promise<void> {
  const given = await cli('room', 'command', '--data', roomDir, '--action', action, '--all', '--staff', 'P01', ...more)
  expect([given.code, given.stderr, given.stdout]).toEqual([0, '', expect.stringMatching(/^issued /)])
}

async function startRoom(roomDir: string, port = '0'): Promise<{ proc: Proc; url: string }> {
  const proc = invigil([
    'room',
    'serve',
    '--data',
    roomDir,
    '--sitting',
    sittingFile,
    '--authority',
    authorityFile,
    '--port',
    port,
  ])
  await waitFor('the room URL', async () => /^http:\/\/127\.0\.0\.1:\d+$/m.test(proc.out()), [proc], 60_000)
  const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(proc.out())?.[1] ?? ''
  expect(port === '0' || url.endsWith(`:${port}`)).toBe(true)
  return { proc, url }
}

/** A fresh room data directory holding the one room key the sitting names. */
async function roomDirFor(name: string): Promise<string> {
  const roomDir = join(dir, name)
  await mkdir(roomDir)
  for (const file of ['room-key.json', 'room-public.pem']) await copyFile(join(keyDir, file), join(roomDir, file))
  return roomDir
}

const stations = (name: string, url: string): Proc[] =>
  SEATS.map((seat) =>
    invigil(
      ['rehearse', '--room', url, '--seat', seat, '--data', join(dir, `${name}-${seat}`)].concat([
        '--authority',
        authorityFile,
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
  const authority = generateAuthorityKeys()
  authorityFile = join(dir, 'authority.pub.pem')
  await writeFile(authorityFile, authority.publicKeyPem)
  keyDir = join(dir, 'room-key')
  const init = invigil(['room', 'init', '--data', keyDir])
  expect(await init.exited, transcript([init])).toBe(0)
  const pkg = await buildPackage({ bank, authorityPrivateKeyPem: authority.privateKeyPem, now: new Date() })
  await writeFile(join(dir, 'exam.invigil-package'), pkg)
  await writeFile(join(dir, 'roster.csv'), 'candidate_id,name,seat\nC-001,Ann,A-01\nC-002,Bo,A-02\nC-003,Cy,A-03\n')
  const day = 24 * 3600_000
  const spec = [
    'id: room-run',
    'title: Room run',
    'window:',
    `  opens_at: ${new Date(Date.now() - day).toISOString()}`,
    `  closes_at: ${new Date(Date.now() + day).toISOString()}`,
    'packages: [exam.invigil-package]',
    'roster: roster.csv',
    'seats:',
    '  - row: 1',
    '    labels: [A-01, A-02, A-03]',
    'staff:',
    '  - { id: P01, name: Ms Chan, role: proctor, secret_env: ROOM_RUN_PIN }',
    'room:',
    `  key: ${join(keyDir, 'room-public.pem')}`,
    '',
  ].join('\n')
  const specFile = join(dir, 'sitting.yaml')
  await writeFile(specFile, spec)
  const built = await buildSittingFromSpec({
    specFile,
    authorityPrivateKeyPem: authority.privateKeyPem,
    env: { ROOM_RUN_PIN: '24681357' },
    now: new Date(),
    scryptParams: FAST_SCRYPT,
  })
  if (!built.text) throw new Error(`the sitting did not build: ${JSON.stringify(built.diagnostics)}`)
  sittingFile = join(dir, 'sitting.jws')
  await writeFile(sittingFile, built.text)
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
