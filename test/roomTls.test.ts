import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import { makeLoopbackTls, type LoopbackTls } from '../electron/core/upload/testing/loopbackTls'
import { certificateSha256 } from '../electron/room/roomBind'
import {
  invigil,
  prepareRoomSitting,
  roomDirWithKey,
  roomStatus,
  serveRoom,
  transcript,
  type Proc,
  type RoomSitting,
  type ServedRoom,
  waitFor,
} from './testing/roomProcesses'

// The room over TLS, every part its own process on loopback: `invigil room serve --cert --key` with the certificate
// the sitting pins (room.tls_sha256), and headless stations (`invigil rehearse --room https://…`) that join, sit and
// deliver through that pin. Then the attacks: a station whose sitting pins another certificate, and an impostor room
// with another certificate, get nothing of the station's; a room given a certificate its sitting does not pin, or a
// LAN address without TLS, does not start. Only loopback is used (a LAN bind is refused before it listens).
const HANG = 300_000
const started: Proc[] = []
let dir: string
let roomTls: LoopbackTls
let impostorTls: LoopbackTls
let sitting: RoomSitting
let room: ServedRoom

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-room-tls-'))
  roomTls = makeLoopbackTls()
  impostorTls = makeLoopbackTls()
  await mkdir(join(dir, 'sitting'))
  // The two lab PCs that sit are listed in the sitting, so the room admits them with no proctor's approval.
  const stations: string[] = []
  for (const name of ['pc-1', 'pc-2']) {
    const init = invigil(['station', 'init', '--data', join(dir, name)], started)
    if ((await init.exited) !== 0) throw new Error(transcript([init]))
    const show = invigil(['station', 'show', '--data', join(dir, name)], started)
    await show.exited
    stations.push(/^station ([0-9a-f]{16})$/m.exec(show.out())?.[1] ?? '')
  }
  sitting = await prepareRoomSitting(join(dir, 'sitting'), started, {
    tlsSha256: certificateSha256(roomTls.cert),
    stations,
  })
  const tls = ['--bind', '127.0.0.1', '--cert', roomTls.certFile, '--key', roomTls.keyFile]
  room = await serveRoom(join(dir, 'room'), sitting, started, tls)
}, HANG)

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
})

/** A headless lab PC at `seat` on its own data directory; `more` adds flags (--sitting, another --authority). */
const station = (url: string, seat: string, name: string, ...more: string[]): Proc =>
  invigil(['rehearse', '--room', url, '--seat', seat, '--data', join(dir, name), '--pace-ms', '0', ...more], started)

const withAuthority = (given: RoomSitting): string[] => ['--authority', given.authorityFile]

describe('the room over TLS pinned by the sitting (spawned, loopback)', () => {
  it(
    'serves https; a station that fetched the sitting and one given it from a USB stick both sit and deliver',
    { timeout: HANG },
    async () => {
      expect(room.roomUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      const fetched = station(room.roomUrl, 'A-01', 'pc-1', ...withAuthority(sitting))
      const fromUsb = station(room.roomUrl, 'A-02', 'pc-2', ...withAuthority(sitting), '--sitting', sitting.sittingFile)
      const procs = [room.proc, fetched, fromUsb]
      expect([await fetched.exited, await fromUsb.exited], transcript(procs)).toEqual([0, 0])
      for (const proc of [fetched, fromUsb])
        expect(proc.out()).toMatch(/10 of 10 answers acknowledged; bundle sha256 [0-9a-f]{64} delivered to the room/)

      const status = await roomStatus(room.roomDir)
      const seats = ['A-01', 'A-02'].map((label) => status.seats.find((seat) => seat.label === label))
      expect(
        seats.map((seat) => [seat?.status?.state, seat?.collected]),
        transcript(procs),
      ).toEqual([
        ['submitted', true],
        ['submitted', true],
      ])
      const results = await openResultsStore(join(room.roomDir, 'results.db'))
      try {
        const stored = await results.listResults()
        expect(stored).toHaveLength(2)
        for (const { bundleSha256 } of stored) {
          const verified = await verifyBundle((await results.readBundle(bundleSha256)) ?? Buffer.alloc(0))
          expect(verified.ok).toBe(true)
        }
      } finally {
        await results.close()
      }
    },
  )

  it(
    'a station whose sitting pins another certificate refuses the room before sending anything',
    { timeout: HANG },
    async () => {
      await mkdir(join(dir, 'other'))
      const other = await prepareRoomSitting(join(dir, 'other'), started, {
        tlsSha256: certificateSha256(impostorTls.cert),
      })
      const before = await roomStatus(room.roomDir)
      const wrong = station(room.roomUrl, 'A-03', 'pc-3', ...withAuthority(other), '--sitting', other.sittingFile)
      expect(await wrong.exited, transcript([room.proc, wrong])).toBe(1)
      expect(wrong.err()).toContain(
        `is refused: the room's certificate is ${certificateSha256(roomTls.cert)}, not the ${certificateSha256(impostorTls.cert)} the sitting pins`,
      )
      expect(wrong.out()).not.toMatch(/checked in|delivered/)
      // The room heard nothing from it: no new station, no seat taken, nothing collected.
      const after = await roomStatus(room.roomDir)
      expect(after.stations.map((s) => s.stationId)).toEqual(before.stations.map((s) => s.stationId))
      expect(after.seats.find((seat) => seat.label === 'A-03')?.status ?? null).toBeNull()
      expect(after.seats.filter((seat) => seat.collected)).toHaveLength(2)
    },
  )

  it(
    'an impostor room with another certificate gets no request from a station with the sitting, and only a sitting GET from one without',
    { timeout: HANG },
    async () => {
      const genuine = await readFile(sitting.sittingFile, 'utf8')
      const received: string[] = []
      const impostor: Server = createServer({ cert: impostorTls.cert, key: impostorTls.key }, (req, res) => {
        received.push(`${req.method ?? '?'} ${req.url ?? '?'}`)
        // It relays the genuine sitting (signed by the authority), as a machine in the middle would.
        if (req.url === '/room/v1/sitting') res.end(genuine)
        else res.end('{}')
      })
      await new Promise<void>((done) => impostor.listen(0, '127.0.0.1', done))
      const url = `https://127.0.0.1:${String((impostor.address() as AddressInfo).port)}`
      try {
        const withSitting = station(url, 'A-03', 'pc-4', ...withAuthority(sitting), '--sitting', sitting.sittingFile)
        expect(await withSitting.exited, transcript([withSitting])).toBe(1)
        expect(withSitting.err()).toMatch(/is refused: the room's certificate is [0-9a-f]{64}, not the/)
        expect(received).toEqual([])

        const fetching = station(url, 'A-03', 'pc-5', ...withAuthority(sitting))
        expect(await fetching.exited, transcript([fetching])).toBe(1)
        expect(fetching.err()).toContain(
          `presents certificate ${certificateSha256(impostorTls.cert)}, but its sitting pins ${certificateSha256(roomTls.cert)}: refused`,
        )
        expect(received).toEqual(['GET /room/v1/sitting'])
      } finally {
        await new Promise((done) => impostor.close(done))
      }
    },
  )

  it(
    'room serve refuses a certificate its sitting does not pin (loopback too), and a LAN address without TLS',
    { timeout: HANG },
    async () => {
      const serve = async (name: string, ...more: string[]): Promise<Proc> => {
        const roomDir = join(dir, name)
        await roomDirWithKey(roomDir, sitting)
        const serving = ['room', 'serve', '--data', roomDir, '--sitting', sitting.sittingFile, '--port', '0']
        const proc = invigil([...serving, '--authority', sitting.authorityFile, ...more], started)
        // A room that wrongly starts prints its URL: stopped then, so the expectations below say so at once.
        const listening = waitFor('a URL', async () => /:\/\//.test(proc.out()), [proc], 60_000).catch(() => undefined)
        await Promise.race([proc.exited, listening])
        proc.child.kill('SIGKILL')
        await proc.exited
        return proc
      }
      const impostorFiles = ['--cert', impostorTls.certFile, '--key', impostorTls.keyFile]
      const pinned = `but the sitting pins ${certificateSha256(roomTls.cert)}`
      const loopback = await serve('room-wrong-cert', '--bind', '127.0.0.1', ...impostorFiles)
      expect([loopback.child.exitCode, loopback.out()], transcript([loopback])).toEqual([1, ''])
      expect(loopback.err()).toContain(pinned)
      // 192.0.2.1 (TEST-NET-1) is on no interface here: the room refuses before it would try to listen there.
      const lanPlain = await serve('room-lan-plain', '--bind', '192.0.2.1')
      expect([lanPlain.child.exitCode, lanPlain.out()], transcript([lanPlain])).toEqual([1, ''])
      expect(lanPlain.err()).toContain('the room listens on 192.0.2.1 only over TLS pinned by the sitting')
      const lanWrong = await serve('room-lan-wrong-cert', '--bind', '192.0.2.1', ...impostorFiles)
      expect([lanWrong.child.exitCode, lanWrong.out()], transcript([lanWrong])).toEqual([1, ''])
      expect(lanWrong.err()).toContain(pinned)
    },
  )
})
