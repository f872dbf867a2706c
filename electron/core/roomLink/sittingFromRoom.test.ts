import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openStaffStation, type StaffStation } from '../api/testing/staffFixture'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { signSitting } from '../sitting/sittingFile'
import { stationSittings, type StationSittings } from '../sitting/testing/stationSittings'
import { sittingTextFromRoom } from './roomSittingSource'

// The admin console's "Install from the room": the station fetches the sitting a room serves at /room/v1/sitting
// (here a stand-in room on loopback) and checks it exactly as a file from a USB stick.
let sittings: StationSittings
let served = ''
let server: Server
let roomUrl = ''

beforeAll(async () => {
  sittings = await stationSittings()
  server = createServer((request, response) => {
    if (request.url === '/room/v1/sitting') response.writeHead(200, { 'content-type': 'application/jose' }).end(served)
    else response.writeHead(404).end()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  roomUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

let station: StaffStation
let token: string
beforeEach(async () => {
  station = await openStaffStation({ sittingFromRoom: sittingTextFromRoom })
  await station.setUp(sittings.kit.authority.publicKeyPem)
  token = await station.adminToken()
})
afterEach(() => station.close())

describe('admin.installSittingFromRoom', () => {
  it('installs the sitting the room serves, signed by the authority the station trusts', async () => {
    served = await sittings.sign()
    const result = await station.ok('admin.installSittingFromRoom', { token, roomUrl: `${roomUrl}/` })
    expect(result).toMatchObject({ installed: true, sitting: { sittingId: 'mock-2026-11' } })
    expect(station.runtime.admin.sitting.get()?.id).toBe('mock-2026-11')
  })

  it('installs nothing from a room serving a sitting signed by another authority (an impostor room)', async () => {
    served = await signSitting(sittings.payload, generateAuthorityKeys().privateKeyPem)
    expect(await station.failed('admin.installSittingFromRoom', { token, roomUrl })).toMatchObject({
      code: 'SITTING_UNTRUSTED',
    })
    expect(station.runtime.admin.sitting.get()).toBeUndefined()
  })

  it('is for the administrator only, takes only an http(s) address, and says when no room answers', async () => {
    served = await sittings.sign()
    const proctor = await station.proctorToken()
    expect(await station.failed('admin.installSittingFromRoom', { token: proctor, roomUrl })).toMatchObject({
      code: 'AUTH_REQUIRED',
    })
    for (const wrong of ['file:///etc/passwd', 'room 101', ''])
      expect(await station.failed('admin.installSittingFromRoom', { token, roomUrl: wrong })).toMatchObject({
        code: 'VALIDATION_FAILED',
      })
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((done) => closed.close(() => done()))
    expect(
      await station.failed('admin.installSittingFromRoom', { token, roomUrl: `http://127.0.0.1:${String(port)}` }),
    ).toMatchObject({ code: 'ROOM_UNREACHABLE' })
    expect(station.runtime.admin.sitting.get()).toBeUndefined()
  }, 30_000)
})
