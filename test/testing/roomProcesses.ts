import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { main } from '../../electron/cli/main'
import type { Bank } from '../../electron/core/bank/schema'
import { generateAuthorityKeys } from '../../electron/core/package/authorityKeys'
import { buildPackage } from '../../electron/core/package/examPackage'
import { tinyBank } from '../../electron/core/package/testing/tinyBank'
import { buildSittingFromSpec } from '../../electron/core/sitting/buildSitting'
import type { RoomStatus } from '../../electron/core/room/roomTypes'
import { FAST_SCRYPT } from '../../electron/core/sitting/testing/sittingKit'

/**
 * Test support for rooms run as real processes: `invigil` spawned with its own data directory and secrets, its output
 * kept for the failure message, bounded waits, and a sitting (ten true/false units, seats A-01..A-03, proctor P01)
 * signed by a fresh authority for a room key made with `room init`.
 */
const root = resolve(import.meta.dirname, '../..')
export const ROOM_SECRETS = {
  INVIGIL_STATION_PASSPHRASE: 'station passphrase',
  INVIGIL_ROOM_PASSPHRASE: 'room passphrase',
}

export interface Proc {
  child: ChildProcessWithoutNullStreams
  out: () => string
  err: () => string
  exited: Promise<number | null>
}

export function invigil(args: string[], started: Proc[]): Proc {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INVIGIL_')))
  const child = spawn(process.execPath, ['bin/invigil.mjs', ...args], { cwd: root, env: { ...env, ...ROOM_SECRETS } })
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
export const transcript = (procs: readonly Proc[]): string =>
  procs.map((p) => `--- ${p.child.spawnargs.slice(2, 7).join(' ')}\n${p.out()}\n${p.err()}`).join('\n')

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  procs: readonly Proc[],
  ms = 120_000,
): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(300)
  }
  throw new Error(`gave up waiting for ${what}\n${transcript(procs)}`)
}

/** Ten true/false units, so a station at its pace is still answering while the proctor acts. */
export const TEN_UNIT_BANK: Bank = {
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

export interface RoomSitting {
  sittingFile: string
  authorityFile: string
  /** The room key `room init` made (room-key.json, room-public.pem). */
  keyDir: string
}

/**
 * The authority, the room key (a spawned `room init`) and the signed sitting, in `dir`; `tlsSha256` pins the room's
 * TLS certificate (room.tls_sha256), `stations` lists the station ids the room admits without a proctor.
 */
export async function prepareRoomSitting(
  dir: string,
  started: Proc[],
  { tlsSha256, stations }: { tlsSha256?: string; stations?: readonly string[] } = {},
): Promise<RoomSitting> {
  const authority = generateAuthorityKeys()
  const authorityFile = join(dir, 'authority.pub.pem')
  await writeFile(authorityFile, authority.publicKeyPem)
  const keyDir = join(dir, 'room-key')
  const init = invigil(['room', 'init', '--data', keyDir], started)
  if ((await init.exited) !== 0) throw new Error(`room init failed\n${transcript([init])}`)
  const pkg = await buildPackage({
    bank: TEN_UNIT_BANK,
    authorityPrivateKeyPem: authority.privateKeyPem,
    now: new Date(),
  })
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
    ...(tlsSha256 ? [`  tls_sha256: ${tlsSha256}`] : []),
    ...(stations ? [`stations: [${stations.map((id) => `'${id}'`).join(', ')}]`] : []),
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
  const sittingFile = join(dir, 'sitting.jws')
  await writeFile(sittingFile, built.text)
  return { sittingFile, authorityFile, keyDir }
}

export interface ServedRoom {
  roomDir: string
  /** As the room printed it: http://127.0.0.1:port, or https://… when it serves TLS. */
  roomUrl: string
  proc: Proc
}

const roomUrlIn = (proc: Proc): string | undefined => /^(https?:\/\/[^\s/]+:\d+)$/m.exec(proc.out())?.[1]

/** A fresh room data directory holding the room key the sitting names (room-key.json, room-public.pem). */
export async function roomDirWithKey(roomDir: string, sitting: RoomSitting): Promise<void> {
  await mkdir(roomDir)
  for (const f of ['room-key.json', 'room-public.pem']) await copyFile(join(sitting.keyDir, f), join(roomDir, f))
}

/**
 * `invigil room serve` on a fresh room data directory (`roomDir`) holding the sitting's room key, on a free port;
 * `more` adds flags (--bind, --cert, --key). Resolves once it printed its URL.
 */
export async function serveRoom(
  roomDir: string,
  sitting: RoomSitting,
  started: Proc[],
  more: readonly string[] = [],
): Promise<ServedRoom> {
  await roomDirWithKey(roomDir, sitting)
  const serve = ['room', 'serve', '--data', roomDir, '--sitting', sitting.sittingFile, '--authority']
  const proc = invigil([...serve, sitting.authorityFile, '--port', '0', ...more], started)
  await waitFor('the room URL', () => Promise.resolve(roomUrlIn(proc) !== undefined), [proc])
  return { roomDir, roomUrl: roomUrlIn(proc) ?? '', proc }
}

/** What `invigil room status --json` says of the room in `roomDir` (beside its running server). */
export async function roomStatus(roomDir: string): Promise<RoomStatus> {
  let out = ''
  await main(['room', 'status', '--data', roomDir, '--json'], {
    out: (text) => void (out += text),
    err: () => undefined,
  })
  return JSON.parse(out) as RoomStatus
}
