import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../core/base/clock'
import { createTestStation } from '../core/bundle/testing/sampleBundle'
import { openResultsStore } from '../core/results/openResultsStore'
import type { ResultsStore } from '../core/results/resultsStore'
import { generatedBundle } from '../core/results/testing/generatedBundles'
import { createBundleCollector } from '../core/room/bundleCollection'
import { RoomService } from '../core/room/roomService'
import { openRoomStore } from '../core/room/roomStore'
import type { RoomStore } from '../core/room/roomStore'
import { roomKit, SimStation } from '../core/room/testing/roomKit'
import type { RoomKit } from '../core/room/testing/roomKit'
import { Outbox } from '../core/upload/outbox'
import { createHttpsTransport } from '../core/upload/bundleTransport'
import { makeLoopbackTls } from '../core/upload/testing/loopbackTls'
import { certificateSha256, checkRoomBind } from './roomBind'
import { startRoomServer } from './roomServer'
import type { RunningRoomServer } from './roomServer'

// The room over real HTTP on loopback: a station joins and beats, a command reaches it, its outbox delivers a bundle.
let kit: RoomKit
let store: RoomStore
let results: ResultsStore
let running: RunningRoomServer
let dir: string

beforeAll(async () => {
  kit = await roomKit()
  dir = mkdtempSync(join(tmpdir(), 'invigil-room-server-'))
  store = openRoomStore(join(dir, 'room.db'))
  results = await openResultsStore(join(dir, 'results.db'))
  const service = new RoomService({ store, sitting: kit.sitting, roomPrivateKey: kit.roomKey.privateKey, demo: true })
  const collect = createBundleCollector({
    room: store,
    results,
    dataDir: dir,
    sittingId: kit.sitting.payload.id,
    roomPrivateKey: kit.roomKey.privateKey,
  })
  running = await startRoomServer({ service, collect, host: '127.0.0.1', port: 0, sittingText: kit.text })
})

afterAll(async () => {
  await running.close()
  await results.close()
  store.close()
})

const post = (route: string, body: unknown, type = 'application/json') =>
  fetch(`${running.url}/room/v1/${route}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('room server', () => {
  it('admits a loopback station in demo mode, delivers a queued command, and collects its bundle', async () => {
    kit.clock.jumpWall(systemClock.wallMs() - kit.clock.wallMs())
    // A bundle signer and a room station are one key on a real station; the test station signs both.
    const signer = createTestStation()
    const station = new SimStation(kit.sitting.payload.id, kit.clock)
    const joined = await post('join', station.join())
    expect(joined.status).toBe(200)
    expect(await joined.json()).toMatchObject({ admission: 'admitted', commands: [], want: [] })

    store.requests.add(
      'cmd-cli-1',
      JSON.stringify({ action: 'pause', target: { all: true }, reason: 'fire alarm', staffId: 'P01' }),
      new Date().toISOString(),
    )
    const signedBeat = station.heartbeat('A-01')
    const beat = await post('heartbeat', signedBeat)
    const reply = (await beat.json()) as { commands: { command: { cmdId: string; seq: number } }[] }
    expect(reply.commands.map((c) => c.command)).toMatchObject([{ cmdId: 'cmd-cli-1', seq: 1 }])

    const replay = await post('heartbeat', signedBeat)
    expect([replay.status, ((await replay.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      'REPLAYED',
    ])
    expect((await post('heartbeat', JSON.stringify({ envelope: { kind: 'heartbeat' } }))).status).toBe(400)
    expect((await post('heartbeat', station.heartbeat('A-01'), 'text/plain')).status).toBe(415)
    expect((await post('heartbeat', 'x'.repeat(300_000))).status).toBe(413)
    expect((await fetch(`${running.url}/room/v1/heartbeat`)).status).toBe(405)
    expect((await post('elsewhere', {})).status).toBe(404)

    // The bundle signer, admitted by a proctor, delivers through its outbox over loopback HTTP.
    store.insertStation({
      stationId: signer.stationId,
      publicKey: signer.publicKeyJwk.x,
      admission: 'approved',
      decidedBy: 'P01',
      hostname: 'pc-9',
      appVersion: '0.1.0',
      firstSeen: new Date().toISOString(),
      lastSeen: new Date().toISOString(),
    })
    const file = join(dir, 'b0.jws')
    writeFileSync(file, generatedBundle(0, [signer], 'room-server').text)
    const outbox = new Outbox(join(dir, 'outbox'))
    await outbox.enqueue(file)
    const transport = createHttpsTransport({ endpoint: `${running.url}/room/v1` })
    const summary = await outbox.run({ transport })
    transport.close()
    expect(summary).toMatchObject({ delivered: 1, failed: 0 })
    expect(store.collected()).toHaveLength(1)
  })

  it('serves the signed sitting file exactly as signed, to GET only', async () => {
    const served = await fetch(`${running.url}/room/v1/sitting`)
    expect([served.status, served.headers.get('content-type'), await served.text()]).toEqual([
      200,
      'application/jose',
      kit.text,
    ])
    expect((await post('sitting', {})).status).toBe(405)
  })

  it('refuses a LAN bind without TLS, and with a certificate the sitting does not pin', () => {
    expect(() => checkRoomBind('192.168.10.5', undefined, undefined)).toThrow(/only over TLS pinned by the sitting/)
    const tls = makeLoopbackTls()
    expect(() => checkRoomBind('0.0.0.0', tls, 'ab'.repeat(32))).toThrow(/sitting pins/)
    expect(() => checkRoomBind('0.0.0.0', tls, certificateSha256(tls.cert))).not.toThrow()
    expect(() => checkRoomBind('::1', undefined, undefined)).not.toThrow()
  })

  it('refuses TLS with a certificate the sitting does not pin on loopback too (stations would refuse it)', () => {
    const tls = makeLoopbackTls()
    expect(() => checkRoomBind('127.0.0.1', tls, 'ab'.repeat(32))).toThrow(/sitting pins/)
    expect(() => checkRoomBind('127.0.0.1', tls, undefined)).toThrow(/sitting pins none/)
    expect(() => checkRoomBind('127.0.0.1', tls, certificateSha256(tls.cert))).not.toThrow()
  })
})
