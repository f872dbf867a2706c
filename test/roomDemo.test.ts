import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PROCTOR } from '../electron/core/demo/demoRoom'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { main } from '../electron/cli/main'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { openResultsStore } from '../electron/core/results/openResultsStore'

// The one-command try-out of a room: `room serve --demo` and two `rehearse --room` stations, each its own process,
// using only what the room printed. Every wait is bounded; the test timeout only catches a hang on a loaded machine.
const root = resolve(import.meta.dirname, '..')
const HANG = 240_000

interface Proc {
  child: ChildProcessWithoutNullStreams
  out: () => string
  err: () => string
  exited: Promise<number | null>
}

const started: Proc[] = []
let dir = ''

function invigil(args: string[]): Proc {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INVIGIL_')))
  const child = spawn(process.execPath, ['bin/invigil.mjs', ...args], {
    cwd: root,
    env: { ...env, INVIGIL_STATION_PASSPHRASE: 'station passphrase' },
  })
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

const transcript = (): string =>
  started.map((p) => `--- ${p.child.spawnargs.slice(2, 7).join(' ')}\n${p.out()}\n${p.err()}`).join('\n')

/** A line of the room's banner: `<label>: <value>`. */
const printed = (text: string, label: string): string => new RegExp(`^${label}: +(\\S+)`, 'm').exec(text)?.[1] ?? ''

/** The console's sign-in, as the Room screen posts it from the room's own origin. */
function consoleLogin(url: string, pin: string): Promise<number> {
  const body = JSON.stringify({ staffId: DEMO_PROCTOR.id, pin })
  const { host } = new URL(url)
  return new Promise((done, fail) => {
    const req = request(
      `${url}/room/console/api/room.login`,
      { method: 'POST', headers: { host, origin: url, 'content-type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () => done(res.statusCode ?? 0))
      },
    )
    req.on('error', fail)
    req.end(body)
  })
}

afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

describe('invigil room serve --demo', () => {
  it('refuses a demo with a real sitting or off loopback, and a sitting room without its sitting', async () => {
    const serve = (...more: string[]) =>
      cli('room', 'serve', '--data', join(tmpdir(), 'never-made'), '--port', '0', ...more)
    const refused = [
      [['--demo', '--sitting', 's.jws'], /no --sitting or --authority/],
      [['--demo', '--bind', '0.0.0.0'], /loopback only/],
      [['--seats', '8'], /--seats goes with --demo/],
      [[], /needs --sitting and --authority \(or --demo\)/],
      [['--demo', '--seats', '0'], /a whole number from 1 to 260/],
    ] as const
    for (const [args, message] of refused) {
      const given = await serve(...args)
      expect([given.code, given.stdout]).toEqual([2, ''])
      expect(given.stderr).toMatch(message)
    }
  })

  it(
    'five stations sit the demo sitting with what the room printed; five verified results are collected',
    { timeout: HANG },
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'invigil-room-demo-'))
      const roomDir = join(dir, 'room')
      const room = invigil(['room', 'serve', '--demo', '--data', roomDir, '--port', '0'])
      for (let waited = 0; !/^proctor: /m.test(room.out()); waited += 200) {
        if (waited > 90_000 || room.child.exitCode !== null) throw new Error(`no demo banner\n${transcript()}`)
        await sleep(200)
      }
      const text = room.out()
      const url = printed(text, 'room')
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(printed(text, 'console')).toBe(`${url}/#room`)
      expect(text).toContain(`${DEMO_PROCTOR.id} (${DEMO_PROCTOR.name}), PIN ${DEMO_PROCTOR.pin}`)
      expect(text).toMatch(/DEMO ROOM: for trying out on this PC only/)
      const authority = printed(text, 'authority')
      expect(authority).toBe(join(roomDir, 'demo', 'demo-authority.pub.pem'))
      expect(await consoleLogin(url, DEMO_PROCTOR.pin)).toBe(200)

      const seats = ['A-01', 'A-02', 'A-03', 'A-04', 'A-05']
      const stations = seats.map((seat) =>
        invigil(['rehearse', '--room', url, '--seat', seat, '--data', join(dir, seat), '--authority', authority]),
      )
      expect(await Promise.all(stations.map((p) => p.exited)), transcript()).toEqual([0, 0, 0, 0, 0])

      const given = await cli('room', 'status', '--data', roomDir, '--json')
      expect(given.code).toBe(0)
      const status = JSON.parse(given.stdout) as RoomStatus
      expect(status.sittingId).toBe('demo-room')
      expect(status.seats.map((seat) => seat.label)).toEqual(['A-01', 'A-02', 'A-03', 'A-04', 'A-05', 'A-06'])
      expect(status.collected, transcript()).toMatchObject({ collected: 5, expected: 6 })
      const sat = status.seats.filter((seat) => seats.includes(seat.label))
      expect(
        sat.map((seat) => [seat.status?.state, seat.collected]),
        transcript(),
      ).toEqual(seats.map(() => ['submitted', true]))
      // What the room stored is what the stations signed: each collected bundle verifies on its own.
      const results = await openResultsStore(join(roomDir, 'results.db'))
      try {
        const stored = await results.listResults()
        expect(stored).toHaveLength(5)
        for (const result of stored) {
          const verified = await verifyBundle((await results.readBundle(result.bundleSha256)) ?? Buffer.alloc(0))
          expect(verified.ok, result.candidateId).toBe(true)
        }
      } finally {
        await results.close()
      }
      room.child.kill('SIGTERM')
      expect(await room.exited).toBe(0)
    },
  )
})
