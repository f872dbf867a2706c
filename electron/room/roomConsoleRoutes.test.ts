import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../core/kiosk/loopbackPagePolicy'
import { createRoomConsole } from '../core/room/roomConsole'
import { RoomService } from '../core/room/roomService'
import { openRoomStore } from '../core/room/roomStore'
import { roomKit } from '../core/room/testing/roomKit'
import { PROCTOR_PIN } from '../core/sitting/testing/sittingKit'
import { CONSOLE_BODY_LIMIT, createRoomConsoleRoutes } from './roomConsoleRoutes'
import { startRoomServer, type RunningRoomServer } from './roomServer'

// The console on a real room server: its page and its API to this PC's browser, nothing to a rebinding or cross-site page.
let running: RunningRoomServer
let origin: string

beforeAll(async () => {
  const kit = await roomKit()
  const dir = mkdtempSync(join(tmpdir(), 'invigil-room-console-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>')
  const store = openRoomStore(join(dir, 'room.db'))
  const service = new RoomService({ store, sitting: kit.sitting, roomPrivateKey: kit.roomKey.privateKey })
  running = await startRoomServer({
    service,
    collect: () => Promise.resolve({ httpStatus: 503, body: {} }) as never,
    host: '127.0.0.1',
    port: 0,
    console: createRoomConsoleRoutes({
      dispatch: createRoomConsole({ service, sitting: kit.sitting }),
      rendererDir: dir,
    }),
  })
  origin = running.url
})

afterAll(() => running.close())

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

const host = (): string => new URL(origin).host
const json = { 'content-type': 'application/json' }
const post = (method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  send('POST', `/room/console/api/${method}`, { host: host(), origin, ...json, ...headers }, JSON.stringify(input))

describe('the room console over HTTP', () => {
  it('serves the renderer at / with the CSP and security headers', async () => {
    const page = await send('GET', '/', { host: host() })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>console</title>')
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers['x-frame-options']).toBe('DENY')
  })

  it('signs in and reads the status as ApiResult envelopes', async () => {
    const login = await post('room.login', { staffId: 'P01', pin: PROCTOR_PIN })
    const { value } = JSON.parse(login.body) as { value: { token: string } }
    const status = JSON.parse((await post('room.status', { token: value.token })).body) as {
      ok: boolean
      value: { seats: unknown[] }
    }
    expect(status.ok).toBe(true)
    expect(status.value.seats.length).toBeGreaterThan(0)
  })

  it('refuses another Host (DNS rebinding), another Origin, a non-JSON body, and an oversized one', async () => {
    expect((await send('GET', '/', { host: `evil.example:${new URL(origin).port}` })).status).toBe(421)
    expect((await post('room.status', {}, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await post('room.status', {}, { 'content-type': 'text/plain' })).status).toBe(415)
    const big = await post('room.login', { staffId: 'P01', pin: 'x'.repeat(CONSOLE_BODY_LIMIT) })
    expect(big.status).toBe(413)
    expect(JSON.parse((await post('room.status', { token: 1 })).body)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
  })

  it('leaves the station protocol to the room server', async () => {
    const beat = await send('POST', '/room/v1/heartbeat', { host: host(), ...json }, '{}')
    expect(beat.status).toBe(400)
    expect(JSON.parse(beat.body)).toMatchObject({ error: { code: 'MALFORMED' } })
  })
})
